/**
 * The aggregate kernels against their JS twins (bit-identical, Object.is) and
 * against plain references: float64 sum in the documented lane order, exact
 * int64 sum, count, and min/max in the value order with the first of equal
 * values winning (−0 vs +0), over random columns with NULLs and selections.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareValues } from '../../../types/value-order.js';
import { float64Arb, int64Arb, seeded } from '../../../types/__tests__/support/value-arbitraries.js';
import { countValid, minMaxF64, minMaxF64Js, minMaxI64, sumF64, sumF64Js, sumI64 } from '../aggregate-kernels.js';
import { columnArb, HeapCopies, present, selOf, validOf, visited } from './heap-columns.js';

const heap = new HeapCopies();
afterEach(() => heap.freeAll());

describe('float64 sum', () => {
  it('kernel and JS twin are bit-identical; finite sums stay within the rounding bound of a plain sum', () => {
    fc.assert(
      fc.property(columnArb(float64Arb, 90), fc.integer({ min: 0, max: 3 }), (col, shift) => {
        const x = Float64Array.from(col.values);
        const valid = validOf(col);
        const sel = selOf(col);
        const n = sel === null ? x.length : sel.length;
        const js = sumF64(x, valid, sel, n, null);
        const simd = sumF64(heap.resident(Float64Array, x, shift), valid, sel, n);
        expect(Object.is(simd, js)).toBe(true);
        expect(Object.is(sumF64Js(x, valid, sel, n), js)).toBe(true);
        const rows = visited(col).filter((i) => present(col, i)).map((i) => x[i]!);
        const plain = rows.reduce((a, b) => a + b, 0);
        const mag = rows.reduce((a, b) => a + Math.abs(b), 0);
        if (Number.isFinite(mag)) expect(Math.abs(js - plain)).toBeLessThanOrEqual(Math.max(rows.length - 1, 0) * 2 ** -52 * mag);
        // Past the float range the sum depends on the order of additions (lanes vs a plain loop:
        // MAX + big overflows to +Inf, then + -Inf is NaN; in lanes MAX + -Inf is -Inf). It is NaN
        // whatever the order when a NaN or both infinities are among the rows.
        else if (rows.some(Number.isNaN) || (rows.includes(Infinity) && rows.includes(-Infinity))) expect(js).toBeNaN();
        heap.freeAll();
      }),
      seeded(400),
    );
  });

  it('sums known values in lane order', () => {
    const x = heap.resident(Float64Array, Float64Array.from([1, 2, 3, 4, 5, 6, 7]), 1);
    expect(sumF64(x, null, null, 7)).toBe(28);
    expect(sumF64(x, Uint8Array.from([1, 0, 1, 0, 1, 0, 1]), null, 7)).toBe(16);
    expect(sumF64(x, null, Int32Array.from([6, 0]), 2)).toBe(8);
    expect(sumF64(x, null, null, 0)).toBe(0);
    expect(Object.is(sumF64(heap.resident(Float64Array, Float64Array.from([-0, -0])), null, null, 2), 0)).toBe(true);
  });
});

describe('int64 sum and count', () => {
  it('the halves give the exact sum; count counts present rows', () => {
    fc.assert(
      fc.property(columnArb(int64Arb, 90), fc.integer({ min: 0, max: 3 }), (col, shift) => {
        const x = BigInt64Array.from(col.values);
        const valid = validOf(col);
        const sel = selOf(col);
        const n = sel === null ? x.length : sel.length;
        const rows = visited(col).filter((i) => present(col, i));
        const exact = rows.reduce((a, i) => a + col.values[i]!, 0n);
        for (const parts of [sumI64(x, valid, sel, n, null), sumI64(heap.resident(BigInt64Array, x, shift), valid, sel, n)]) {
          expect(BigInt(parts.hi) * 2n ** 32n + BigInt(parts.lo)).toBe(exact);
          expect(parts.count).toBe(rows.length);
        }
        if (valid !== null) {
          expect(countValid(valid, sel, n, null)).toBe(rows.length);
          expect(countValid(heap.resident(Uint8Array, valid, shift), sel, n)).toBe(rows.length);
        }
        heap.freeAll();
      }),
      seeded(300),
    );
  });
});

describe('min / max', () => {
  /** The first visited present value not beaten (strictly) in the value order. */
  function reference<T extends number | bigint>(values: readonly T[], rows: readonly number[], isMax: boolean): T | null {
    let cur: T | null = null;
    for (const i of rows) {
      const v = values[i]!;
      if (cur === null || (isMax ? compareValues(v, cur) > 0 : compareValues(v, cur) < 0)) cur = v;
    }
    return cur;
  }

  it('float64: kernel = JS twin = the value order, first of equal values (±0) kept', () => {
    const zeroHeavy = fc.oneof({ weight: 3, arbitrary: float64Arb }, { weight: 1, arbitrary: fc.constantFrom(0, -0, Number.NaN) });
    fc.assert(
      fc.property(columnArb(zeroHeavy, 40), fc.boolean(), fc.integer({ min: 0, max: 3 }), (col, isMax, shift) => {
        const x = Float64Array.from(col.values);
        const valid = validOf(col);
        const sel = selOf(col);
        const n = sel === null ? x.length : sel.length;
        const expected = reference(col.values, visited(col).filter((i) => present(col, i)), isMax);
        const js = minMaxF64(isMax, x, valid, sel, n, null);
        const simd = minMaxF64(isMax, heap.resident(Float64Array, x, shift), valid, sel, n);
        expect(Object.is(js, expected)).toBe(true);
        expect(Object.is(simd, expected)).toBe(true);
        expect(Object.is(minMaxF64Js(isMax, x, valid, sel, n), expected)).toBe(true);
        heap.freeAll();
      }),
      seeded(400),
    );
  });

  it('float64 edge cases: NaN above +Infinity, −0 = +0 with the first kept', () => {
    const f = (vals: number[], isMax: boolean): number | null => minMaxF64(isMax, heap.resident(Float64Array, Float64Array.from(vals)), null, null, vals.length);
    expect(f([1, Number.NaN, Infinity], true)).toBeNaN();
    expect(f([Number.NaN, Infinity, 2], false)).toBe(2);
    expect(f([Number.NaN, Number.NaN], false)).toBeNaN();
    expect(Object.is(f([3, -0, 0, 5], false), -0)).toBe(true);
    expect(Object.is(f([3, 0, -0, 5], false), 0)).toBe(true);
    expect(Object.is(f([-3, -0, 0], true), -0)).toBe(true);
    expect(f([], true)).toBeNull();
  });

  it('int64: kernel = JS twin = the value order', () => {
    fc.assert(
      fc.property(columnArb(int64Arb, 40), fc.boolean(), fc.integer({ min: 0, max: 3 }), (col, isMax, shift) => {
        const x = BigInt64Array.from(col.values);
        const valid = validOf(col);
        const sel = selOf(col);
        const n = sel === null ? x.length : sel.length;
        const expected = reference(col.values, visited(col).filter((i) => present(col, i)), isMax);
        expect(minMaxI64(isMax, x, valid, sel, n, null)).toBe(expected);
        expect(minMaxI64(isMax, heap.resident(BigInt64Array, x, shift), valid, sel, n)).toBe(expected);
        heap.freeAll();
      }),
      seeded(300),
    );
  });
});
