import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanPrql } from '../prql-scan.js';

describe('scanPrql', () => {
  it('finds number literals outside strings, comments, dates and names', () => {
    const r = scanPrql('from t2 | derive {a = 12, b = "34", c = 5.5e3, d = @2020-01-02, e = 3days} # 99\n| take 1..7');
    expect(r.numbers.map((n) => [n.text, n.integer])).toEqual([['12', true], ['5.5e3', false], ['1', true], ['7', true]]);
  });

  it('reports nesting depth, the first bracket at each depth, and an unterminated string or quoted name', () => {
    const r = scanPrql('from t | select {x = ((a))}');
    expect(r.deepest.depth).toBe(3);
    expect(r.firstAtDepth).toEqual([16, 21, 22]);
    expect(scanPrql('from t | select {x = "ab}').unterminatedString).toBe(21);
    expect(scanPrql('from `date').unterminatedString).toBe(5);
    expect(scanPrql('from t | select {x = """a"b"""}').unterminatedString).toBeUndefined();
    expect(scanPrql('from t | select {x = "a\\"b"}').unterminatedString).toBeUndefined();
  });

  it('finds where the steps of the longest pipeline start', () => {
    const starts = (text: string): string[] => scanPrql(text).longestPipeline.stepStarts.map((o) => text.slice(o, o + 4));
    expect(starts('from t | filter a || b | take 3')).toEqual(['from', 'filt', 'take']);
    // New lines separate steps at the top level and in (…), not in {…} or after a `\` continuation.
    expect(starts('from t\n\nfilter a > 1 # c\n  \\ && b\nselect {\n a,\n b\n}')).toEqual(['from', 'filt', 'sele']);
    expect(starts('let x = (\n  from u\n  take 1\n  sort a\n)\nfrom x | take 2')).toEqual(['from', 'take', 'sort']);
    // At the top level, let/from start a new statement; a pipeline in a join is its own.
    expect(starts('let a = b | c\nfrom x | take 1 | join (from y | take 2 | take 3 | take 4) (==k)')).toEqual(['from', 'take', 'take', 'take']);
    expect(starts('"a|b" | `c|d` | x')).toEqual(['"a|b', '`c|d', 'x']);
  });

  it('terminates on any text, and every number it reports is a slice of digits of the text', () => {
    const alphabet = fc.constantFrom(...'ab$_ 019.eE+-"\'`#@\n(){}[]\\xrsf=|'.split(''));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 80 }).map((cs) => cs.join('')), (text) => {
        const r = scanPrql(text);
        for (const n of r.numbers) {
          expect(text.slice(n.start, n.end)).toBe(n.text);
          expect(n.text).toMatch(/^[0-9]/);
        }
        expect(r.deepest.depth).toBe(r.firstAtDepth.length);
      }),
      { numRuns: 2000 },
    );
  });
});
