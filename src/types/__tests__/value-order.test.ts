/**
 * The value order is a total order on each type's whole domain (and on
 * int64/float64 mixed), agrees with JS order where JS is right, and places
 * the edges where docs/ir.md says: NaN above +Infinity, −0 = 0, astral text
 * above U+FFFD, int64 vs float64 exact.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Scalar } from '../data-type.js';
import { compareCodePoints, compareValues, exactInt64OfFloat, valuesEqual } from '../value-order.js';
import { float64Arb, int64Arb, seeded, utf8Arb, valueArb } from './support/value-arbitraries.js';

const RUNS = seeded(300);
const numeric: fc.Arbitrary<Scalar> = fc.oneof(int64Arb, float64Arb);
const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0) + 0;

describe('value order', () => {
  it.each(['int64', 'float64', 'utf8', 'bool', 'timestamp', 'date', 'binary', 'interval', 'numeric'] as const)('is a total order on %s', (t) => {
    const arb = t === 'numeric' ? numeric : valueArb(t);
    fc.assert(
      fc.property(arb, arb, arb, (a, b, c) => {
        expect(sign(compareValues(a, b)) + sign(compareValues(b, a))).toBe(0);
        expect(compareValues(a, a)).toBe(0);
        if (compareValues(a, b) <= 0 && compareValues(b, c) <= 0) expect(compareValues(a, c)).toBeLessThanOrEqual(0);
        expect(valuesEqual(a, b)).toBe(compareValues(a, b) === 0);
      }),
      RUNS,
    );
  });

  it('int64 vs float64 compares the exact values (BigInt arithmetic as the reference)', () => {
    fc.assert(
      fc.property(int64Arb, float64Arb, (i, f) => {
        const exact = exactInt64OfFloat(f);
        const want = Number.isNaN(f) || f === Infinity ? -1 : f === -Infinity ? 1 : exact !== null ? sign(Number(i - exact)) : i < BigInt(Math.floor(f)) + (Number.isInteger(f) ? 0n : 1n) ? -1 : 1;
        expect(sign(compareValues(i, f))).toBe(want);
      }),
      RUNS,
    );
  });

  it('text compares by code point (as the code point arrays do)', () => {
    fc.assert(
      fc.property(utf8Arb, utf8Arb, (a, b) => {
        const x = [...a].map((c) => c.codePointAt(0)!);
        const y = [...b].map((c) => c.codePointAt(0)!);
        let want = sign(x.length - y.length);
        for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) { want = sign(x[i]! - y[i]!); break; }
        expect(sign(compareCodePoints(a, b))).toBe(want);
      }),
      RUNS,
    );
  });

  it('places the edges as documented', () => {
    expect(compareValues(NaN, Infinity)).toBe(1);
    expect(compareValues(NaN, NaN)).toBe(0);
    expect(compareValues(-0, 0)).toBe(0);
    expect(compareValues(9007199254740993n, 9007199254740992)).toBe(1);
    expect(compareValues(9223372036854775807n, 9223372036854775808)).toBe(-1);
    expect(compareValues('\u{1F600}', '\uFFFD')).toBe(1);
    expect(exactInt64OfFloat(-0)).toBe(0n);
    expect(exactInt64OfFloat(2 ** 63)).toBeNull();
    expect(exactInt64OfFloat(-(2 ** 63))).toBe(-(2n ** 63n));
    expect(exactInt64OfFloat(0.5)).toBeNull();
  });
});
