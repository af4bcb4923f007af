/**
 * The comparison kernels against their JS twins and against the value order
 * itself (types/value-order.ts compareValues): random columns over the whole
 * domain (NaN, −0, ±Infinity, int64 extremes), NULLs, selections, empty and
 * odd lengths, placed in the column heap at shifted addresses.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareValues } from '../../../types/value-order.js';
import { dateArb, float64Arb, int64Arb, seeded } from '../../../types/__tests__/support/value-arbitraries.js';
import { compareColumnsInto, selectCompare, type CmpOp, type FixedKind } from '../compare-kernels.js';
import { defaultKernels, kernelStatus } from '../kernel-module.js';
import { columnArb, HeapCopies, present, selOf, validOf, visited } from './heap-columns.js';

const OPS: readonly CmpOp[] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'];
const holds = (op: CmpOp, r: number): boolean => ({ eq: r === 0, ne: r !== 0, lt: r < 0, le: r <= 0, gt: r > 0, ge: r >= 0 })[op];

const heap = new HeapCopies();
afterEach(() => heap.freeAll());

function typed(kind: FixedKind, values: readonly (number | bigint)[]): Float64Array | BigInt64Array | Int32Array {
  if (kind === 'f64') return Float64Array.from(values as number[]);
  if (kind === 'i64') return BigInt64Array.from(values as bigint[]);
  return Int32Array.from(values as number[]);
}
function inHeap(kind: FixedKind, a: Float64Array | BigInt64Array | Int32Array, shift: number): Float64Array | BigInt64Array | Int32Array {
  if (kind === 'f64') return heap.resident(Float64Array, a as Float64Array, shift);
  if (kind === 'i64') return heap.resident(BigInt64Array, a as BigInt64Array, shift);
  return heap.resident(Int32Array, a as Int32Array, shift);
}

const cases: readonly [FixedKind, fc.Arbitrary<number | bigint>][] = [
  ['f64', float64Arb],
  ['i64', int64Arb],
  ['i32', dateArb],
];

describe('SIMD kernels are loaded here', () => {
  it('instantiates over the column heap (build with `node scripts/build-kernels.mjs` if this fails)', () => {
    expect(kernelStatus()).toBe('on');
    expect(defaultKernels()).not.toBeNull();
  });
});

describe('selectCompare: a column against a constant', () => {
  for (const [kind, arb] of cases) {
    it(`${kind}: kernel = JS twin = the value order`, () => {
      const constArb = kind === 'f64' ? (arb as fc.Arbitrary<number>).filter((x) => !Number.isNaN(x)) : arb;
      fc.assert(
        fc.property(columnArb(arb), constArb, fc.constantFrom(...OPS), fc.integer({ min: 0, max: 3 }), fc.boolean(), (col, c0, op, shift, fromColumn) => {
          // half the time the constant is one of the values, so equality hits
          const pick = col.values.find((v) => !(typeof v === 'number' && Number.isNaN(v)));
          const c = fromColumn && pick !== undefined ? pick : c0;
          const plain = typed(kind, col.values);
          const valid = validOf(col);
          const sel = selOf(col);
          const n = sel === null ? plain.length : sel.length;
          const expected = visited(col).filter((i) => present(col, i) && holds(op, compareValues(col.values[i]!, c)));
          const js = selectCompare(kind, op, plain, valid, sel, n, c, null);
          const simd = selectCompare(kind, op, inHeap(kind, plain, shift), valid, sel, n, c);
          expect([...js]).toEqual(expected);
          expect([...simd]).toEqual(expected);
          heap.freeAll();
        }),
        seeded(300),
      );
    });
  }

  it('handles a selection and validity that are themselves in the heap', () => {
    const v = heap.resident(Float64Array, Float64Array.from([3, Number.NaN, -0, 0, 7, 1]));
    const valid = heap.resident(Uint8Array, Uint8Array.from([1, 1, 1, 0, 1, 1]));
    const sel = heap.resident(Int32Array, Int32Array.from([0, 1, 2, 3, 5]));
    expect([...selectCompare('f64', 'ge', v, valid, sel, 5, 0)]).toEqual([0, 1, 2, 5]);
    expect([...selectCompare('f64', 'eq', v, null, null, 6, 0)]).toEqual([2, 3]);
    expect([...selectCompare('f64', 'gt', v, null, null, 6, 6)]).toEqual([1, 4]);
  });
});

describe('compareColumnsInto: two columns row by row', () => {
  for (const [kind, arb] of [['f64', float64Arb], ['i64', int64Arb]] as const) {
    it(`${kind}: kernel = JS twin = the value order`, () => {
      const pairArb = fc.array(fc.tuple(arb, arb), { maxLength: 70 }).chain((rows) =>
        fc.record({ rows: fc.constant(rows), sel: fc.oneof(fc.constant(null), fc.subarray(rows.map((_, i) => i))) }),
      );
      fc.assert(
        fc.property(pairArb, fc.constantFrom(...OPS), fc.integer({ min: 0, max: 3 }), ({ rows, sel }, op, shift) => {
          const a = typed(kind, rows.map(([x]) => x)) as Float64Array | BigInt64Array;
          const b = typed(kind, rows.map(([, y]) => y)) as Float64Array | BigInt64Array;
          const s = sel === null ? null : Int32Array.from(sel);
          const n = s === null ? rows.length : s.length;
          const expected = new Uint8Array(rows.length);
          for (const i of sel ?? rows.map((_, j) => j)) expected[i] = holds(op, compareValues(rows[i]![0], rows[i]![1])) ? 1 : 0;
          const js = new Uint8Array(rows.length);
          compareColumnsInto(kind, op, a, b, s, n, js, null);
          const simd = new Uint8Array(rows.length);
          compareColumnsInto(kind, op, inHeap(kind, a, shift) as Float64Array, inHeap(kind, b, 3 - shift) as Float64Array, s, n, simd);
          expect([...js]).toEqual([...expected]);
          expect([...simd]).toEqual([...expected]);
          heap.freeAll();
        }),
        seeded(300),
      );
    });
  }
});

