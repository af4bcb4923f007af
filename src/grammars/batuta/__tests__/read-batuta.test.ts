import { describe, expect, it } from 'vitest';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { BList, BMap, BSet, BVector, Keyword, ParamRef, Sym, Timestamp, readBatuta, readBatutaAll, type Datum } from '../index.js';
import { MAX_BATUTA_NESTING } from '../read-batuta.js';

/** A compact printing of forms for assertions (not the language's EDN printer). */
function show(d: Datum): string {
  if (d === null) return 'nil';
  if (typeof d === 'bigint') return `${d}N`;
  if (typeof d === 'number') return `${d}F`;
  if (typeof d === 'string') return JSON.stringify(d);
  if (typeof d === 'boolean') return String(d);
  if (d instanceof Sym) return d.name;
  if (d instanceof Keyword) return `:${d.name}`;
  if (d instanceof BList) return `(${d.items.map(show).join(' ')})`;
  if (d instanceof BVector) return `[${d.items.map(show).join(' ')}]`;
  if (d instanceof BMap) return `{${d.entries.map(([k, v]) => `${show(k)} ${show(v)}`).join(', ')}}`;
  if (d instanceof BSet) return `#{${d.items.map(show).join(' ')}}`;
  if (d instanceof Timestamp) return `@${d.nanos}${d.dateOnly ? 'd' : ''}`;
  if (d instanceof ParamRef) return `$${d.name}`;
  return '?';
}
const read = (t: string): string => readBatuta(t).map(show).join(' ');
function readError(t: string): PyralogError {
  try {
    readBatuta(t);
  } catch (e) {
    if (e instanceof PyralogError) return e;
    throw e;
  }
  throw new Error(`${t} read without an error`);
}

describe('Batuta reader', () => {
  it('reads atoms: nil, booleans, exact int64, floats, strings, keywords, symbols', () => {
    expect(read('nil true false 42 -7 9223372036854775807 -9223372036854775808')).toBe('nil true false 42N -7N 9223372036854775807N -9223372036854775808N');
    expect(read('1.5 1e-3 -2.5E2')).toBe('1.5F 0.001F -250F');
    expect(read('"a\\nb\\t\\"q\\" \\u00e9"')).toBe(JSON.stringify('a\nb\t"q" é'));
    expect(read(':name :tracks/name str/upper x# |> -> ->> - + %1 a.b')).toBe(':name :tracks/name str/upper x# |> -> ->> - + %1 a.b');
  });

  it('reads collections, keeping map order and dropping duplicate set items', () => {
    expect(read('(a [1 2] {:b 1 :a 2} #{1 2 1})')).toBe('(a [1N 2N] {:b 1N, :a 2N} #{1N 2N})');
  });

  it('refuses a map literal that repeats a key (one value would vanish, as a column in {:n (count) :n (sum :x)})', () => {
    const e = readError('{:n 1\n :m 2 :n 3}');
    expect(e.code).toBe('BATUTA_READ_ERROR');
    expect(e.message).toBe('the map repeats the key :n');
    expect(e.spans[0]).toMatchObject({ line: 2, column: 7 });
    expect(readError('{[1 2] :a [1 2] :b}').message).toBe('the map repeats a key');
    expect(read('{:a 1 "a" 2 a 3}')).toBe('{:a 1N, "a" 2N, a 3N}');
  });

  it('reads reader macros: quote, syntax-quote, unquote, splicing, discard, fn literals', () => {
    expect(read("'x `(a ~b ~@c)")).toBe('(quote x) (syntax-quote (a (unquote b) (unquote-splicing c)))');
    expect(read('[1 #_ (ignored form) 2] #_x')).toBe('[1N 2N]');
    expect(read('#(+ % %2)')).toBe('(fn [%1 %2] (+ %1 %2))');
    expect(read('#(apply f %&)')).toBe('(fn [& %&] (apply f %&))');
  });

  it('reads timestamps and parameters', () => {
    expect(read('@2024-01-31 @1970-01-01T00:00:01 $name $1')).toBe(`@${1706659200n * 1_000_000_000n}d @1000000000 $name $1`);
  });

  it('skips comments and commas', () => {
    expect(read('; a comment\n(a, b) ; trailing')).toBe('(a b)');
  });

  it('keeps the span of every collection and symbol', () => {
    const [list] = readBatuta('\n  (from :tracks)');
    expect(list).toBeInstanceOf(BList);
    const l = list as BList;
    expect(l.span).toMatchObject({ line: 2, column: 3, endLine: 2, endColumn: 17 });
    expect((l.items[1] as Keyword).span).toMatchObject({ line: 2, column: 9, endColumn: 16 });
  });

  it('reports an integer beyond int64 as a read error with line and column', () => {
    const r = readBatutaAll('(+ 1\n 9223372036854775808)');
    expect(r.errors.map((e) => [e.span.line, e.span.column, e.message])).toEqual([[2, 2, 'integer 9223372036854775808 is outside int64 (−2^63 … 2^63−1)']]);
  });

  it('collects several errors in one input', () => {
    const r = readBatutaAll('1abc "\\q" {:a} )');
    expect(r.errors.map((e) => `${e.span.line}:${e.span.column} ${e.message}`)).toEqual([
      '1:1 invalid number 1abc',
      '1:6 unknown escape \\q in a string',
      '1:11 a map needs an even number of forms (key value pairs), got 1',
      '1:16 unmatched ): there is no opening bracket for it',
    ]);
  });

  it('throws BATUTA_READ_ERROR with a caret for an unclosed list', () => {
    let err: unknown;
    try {
      readBatuta('(where (from :t)\n  (> :x 1)');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PyralogError);
    const e = err as PyralogError;
    expect(e.code).toBe('BATUTA_READ_ERROR');
    expect(e.message).toBe('( is never closed: expected ) before the end of the input');
    expect(e.spans[0]).toMatchObject({ line: 1, column: 1 });
    expect(e.render()).toContain('1 | (where (from :t)\n  | ^');
  });

  it('reads symbols named like Object.prototype members (they are no brackets)', () => {
    expect(read('(def __proto__ 1) toString constructor (hasOwnProperty valueOf)')).toBe('(def __proto__ 1N) toString constructor (hasOwnProperty valueOf)');
  });

  it(`reads ${MAX_BATUTA_NESTING} levels of nesting; one more is BATUTA_BUDGET_EXCEEDED at the form past the limit`, () => {
    const nested = (n: number): string => '['.repeat(n) + ']'.repeat(n);
    expect(read(nested(3))).toBe('[[[]]]');
    expect(readBatuta(nested(MAX_BATUTA_NESTING))).toHaveLength(1);
    const errorOf = (text: string): PyralogError => {
      try {
        readBatuta(text);
      } catch (e) {
        if (e instanceof PyralogError) return e;
        throw e;
      }
      throw new Error('expected an error');
    };
    // 100,000 brackets (the review's case) and unclosed ones: located, never a stack overflow.
    for (const text of [nested(100_000), '['.repeat(100_000), `(do\n  ${'(inc '.repeat(200)}1`]) {
      const e = errorOf(text);
      expect(e.code).toBe('BATUTA_BUDGET_EXCEEDED');
      expect(e.message).toBe(`forms are nested more than ${MAX_BATUTA_NESTING} deep`);
      expect(e.phase).toBe('parse');
      expect(e.render()).toContain('^');
    }
    expect(errorOf(nested(100_000)).spans[0]).toMatchObject({ line: 1, column: MAX_BATUTA_NESTING + 1 });
    expect(errorOf(`(do\n  ${'(inc '.repeat(200)}1`).spans[0]).toMatchObject({ line: 2, column: 3 + 5 * (MAX_BATUTA_NESTING - 1) });
    // Quote-like prefixes nest too; up to the limit, unclosed input is still a read error at the bracket.
    expect(errorOf("'".repeat(100_000) + 'x').code).toBe('BATUTA_BUDGET_EXCEEDED');
    expect(errorOf('['.repeat(MAX_BATUTA_NESTING)).code).toBe('BATUTA_READ_ERROR');
    expect(errorOf('(do '.repeat(MAX_BATUTA_NESTING - 1) + ']').code).toBe('BATUTA_READ_ERROR');
  });

  it('control characters (NUL, ESC, DEL, C1) are in no symbol or keyword: each is a located read error, escaped in the message', () => {
    const r = readBatutaAll('(+ 1 2)\u0000(+ 3 4) :a\u001bb c\u007fd \u0085 x\u0007');
    expect(r.errors.map((e) => `${e.span.column} ${e.message}`)).toEqual([
      '8 unexpected character "\\u0000"',
      '19 unexpected character "\\u001b"',
      '23 unexpected character "\\u007f"',
      '26 unexpected character "\\u0085"',
      '29 unexpected character "\\u0007"',
    ]);
    // Inside a string a control character is data (the printer escapes it).
    expect(readBatutaAll('"a\u0000b"').errors).toEqual([]);
  });

  it('reports unexpected characters and bad timestamps', () => {
    const r = readBatutaAll('(a ^b @2024-02-30)');
    expect(r.errors.map((e) => e.message)).toEqual(['unexpected character "^"', 'invalid date or time in @2024-02-30']);
  });
});
