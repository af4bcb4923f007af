import { describe, expect, it } from 'vitest';
import { PyralogError } from '../../errors/pyralog-error.js';
import { otherLanguageHint, withLanguageHint } from '../language-hint.js';

const both = ['batuta', 'prql', 'graphql'];

describe('otherLanguageHint', () => {
  it('PRQL typed in Batuta: the hint names :lang prql and the Batuta spelling with the table and take count', () => {
    expect(otherLanguageHint('from albums | take 2', 'batuta', both)).toBe(
      'this looks like PRQL: switch with `:lang prql`, or write Batuta: (|> (from :albums) (limit 2))',
    );
    expect(otherLanguageHint('  from tracks\nfilter x > 1', 'batuta', both)).toContain('(|> (from :tracks) (limit 10))');
    expect(otherLanguageHint('let top = (from t | take 3)', 'batuta', both)).toContain(':lang prql');
  });

  it('no hint for Batuta forms, for symbols that merely start with from, or without PRQL available', () => {
    expect(otherLanguageHint('(from albums)', 'batuta', both)).toBeUndefined();
    expect(otherLanguageHint('from-rows', 'batuta', both)).toBeUndefined();
    expect(otherLanguageHint('"from albums | take 2"', 'batuta', both)).toBeUndefined();
    expect(otherLanguageHint('from albums | take 2', 'batuta', ['batuta'])).toBeUndefined();
  });

  it('a Batuta form typed in PRQL', () => {
    expect(otherLanguageHint('(|> (from :albums) (limit 2))', 'prql', both)).toBe('this looks like Batuta: switch with `:lang batuta`');
    expect(otherLanguageHint('from albums | take 2', 'prql', both)).toBeUndefined();
  });

  it('withLanguageHint keeps the code, message, spans and source and appends the hint; other errors pass through', () => {
    const e = new PyralogError('BATUTA_EVAL_ERROR', 'from is a special form, not a value', { phase: 'execute', spans: [{ line: 1, column: 1 }], hints: ['h1'], sourceText: 'from albums' });
    const h = withLanguageHint(e, 'from albums', 'batuta', both) as PyralogError;
    expect([h.code, h.message, h.spans, h.sourceText]).toEqual([e.code, e.message, e.spans, e.sourceText]);
    expect(h.hints).toEqual(['h1', 'this looks like PRQL: switch with `:lang prql`, or write Batuta: (|> (from :albums) (limit 10))']);
    const plain = new Error('x');
    expect(withLanguageHint(plain, 'from albums', 'batuta', both)).toBe(plain);
    expect(withLanguageHint(e, '(+ 1 2)', 'batuta', both)).toBe(e);
  });
});
