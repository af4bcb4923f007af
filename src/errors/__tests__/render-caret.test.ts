import { describe, expect, it } from 'vitest';
import { PyralogError, renderCaret } from '../pyralog-error.js';

// The caret excerpt is what a terminal shows of the user's query text: it
// must point at the span, stay readable on very long lines, and never pass a
// control character (an ESC sequence in query text) through to the terminal.

const caretLine = (out: string): string => out.split('\n')[2] as string;
const excerptLine = (out: string): string => out.split('\n')[1] as string;

describe('renderCaret', () => {
  it('underlines the span on a short line, as before', () => {
    expect(renderCaret('from albums | filter x > 1', { line: 1, column: 15, endColumn: 21 })).toBe('  |\n1 | from albums | filter x > 1\n  |               ^^^^^^');
    expect(renderCaret('a\nbb cc', { line: 2, column: 4 })).toBe('  |\n2 | bb cc\n  |    ^');
  });

  it('puts the caret one past the end for a span at the end of the line', () => {
    expect(renderCaret('(+ 1', { line: 1, column: 5 })).toBe('  |\n1 | (+ 1\n  |     ^');
  });

  it('shows control characters as escapes, with the caret still under its token', () => {
    const text = 'from a\u001b]0;pwned\u0007 | filter q';
    const out = renderCaret(text, { line: 1, column: text.indexOf('filter') + 1, endColumn: text.indexOf('filter') + 7 });
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(excerptLine(out)).toBe('1 | from a\\x1b]0;pwned\\x07 | filter q');
    const caret = caretLine(out);
    expect(excerptLine(out).slice(caret.indexOf('^'), caret.lastIndexOf('^') + 1)).toBe('filter');
  });

  it('shows a tab as one space so the caret lines up', () => {
    const out = renderCaret('\tfrom x', { line: 1, column: 7, endColumn: 8 });
    expect(excerptLine(out)).toBe('1 |  from x');
    expect(caretLine(out).indexOf('^')).toBe(excerptLine(out).indexOf('x'));
  });

  it('shows a window around the caret on a very long line', () => {
    const text = `${'a'.repeat(60_000)} BAD ${'b'.repeat(60_000)}`;
    const col = text.indexOf('BAD') + 1;
    const out = renderCaret(text, { line: 1, column: col, endColumn: col + 3 });
    expect(out.length).toBeLessThan(400);
    const ex = excerptLine(out);
    expect(ex.startsWith('1 | …')).toBe(true);
    expect(ex.endsWith('…')).toBe(true);
    const caret = caretLine(out);
    expect(ex.slice(caret.indexOf('^'), caret.lastIndexOf('^') + 1)).toBe('BAD');
  });

  it('keeps the caret on the last characters of a long line', () => {
    const text = `${'a'.repeat(500)}Z`;
    const out = renderCaret(text, { line: 1, column: 501 });
    const ex = excerptLine(out);
    expect(ex.endsWith('aZ')).toBe(true);
    expect(ex[caretLine(out).indexOf('^')]).toBe('Z');
  });
});

describe('PyralogError.render', () => {
  it('escapes control characters in the message and hints but keeps their line breaks', () => {
    const e = new PyralogError('UNKNOWN_TABLE', 'no table named x\u001b[2J', { phase: 'storage', hints: ['did you mean \u001b[31mred\u001b[0m?', 'one\ntwo'] });
    const out = e.render();
    expect(out).toContain('no table named x\\x1b[2J');
    expect(out).toContain('did you mean \\x1b[31mred\\x1b[0m?');
    expect(out).toContain('hint: one\ntwo');
    expect(out).not.toContain('\u001b');
  });
});
