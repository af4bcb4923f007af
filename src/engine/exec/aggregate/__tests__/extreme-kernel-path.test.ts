/**
 * min/max without GROUP BY take the whole-column kernels (SIMD on columns in
 * the heap, the JS twin otherwise); with groups they run the per-row loop.
 * All three paths must give the same value (Object.is: NaN above every
 * number, −0 vs +0 decided by the first visited, NULLs skipped, all-NULL →
 * NULL), also when batches are folded one after another. The per-row
 * reference is the same accumulator with every row in group 1.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { float64Arb, int64Arb, seeded, timestampArb } from '../../../../types/__tests__/support/value-arbitraries.js';
import { columnArb, HeapCopies, selOf, validOf, type RandomColumn } from '../../../kernels/__tests__/heap-columns.js';
import { defaultKernels, kernelStatus } from '../../../kernels/kernel-module.js';
import type { DataType, Scalar } from '../../../../types/data-type.js';
import { makeColumn } from '../../column.js';
import { ExtremeAccumulator } from '../value-accumulators.js';

const heap = new HeapCopies();
afterEach(() => heap.freeAll());

type Path = 'rows' | 'twin' | 'kernel';

/** Feeds the batches to a fresh min (or max) accumulator along `path` and returns its value. */
function extreme(type: DataType, isMax: boolean, batches: readonly RandomColumn<number | bigint>[], path: Path): Scalar {
  const acc = new ExtremeAccumulator(type, isMax, path === 'twin' ? null : defaultKernels());
  const g = path === 'rows' ? 1 : 0;
  acc.ensure(2);
  for (const b of batches) {
    const values = type === 'float64' ? Float64Array.from(b.values as number[]) : BigInt64Array.from(b.values as bigint[]);
    const placed =
      path !== 'kernel' ? values : values instanceof Float64Array ? heap.resident(Float64Array, values, 1) : heap.resident(BigInt64Array, values, 1);
    const sel = selOf(b);
    const n = sel === null ? values.length : sel.length;
    const col = makeColumn(type, placed, validOf(b), values.length);
    acc.update(new Int32Array(n).fill(g), [col], { columns: [col], length: values.length, sel });
  }
  return acc.result(g);
}

function samePaths(type: DataType, batches: readonly RandomColumn<number | bigint>[]): void {
  for (const isMax of [false, true]) {
    const rows = extreme(type, isMax, batches, 'rows');
    expect(Object.is(extreme(type, isMax, batches, 'twin'), rows)).toBe(true);
    expect(Object.is(extreme(type, isMax, batches, 'kernel'), rows)).toBe(true);
  }
  heap.freeAll();
}

describe('min/max without GROUP BY: kernel, JS twin and per-row loop agree', () => {
  it('the kernels are on here (else this test would only compare the twin)', () => {
    expect(kernelStatus()).toBe('on');
  });

  it('float64 (NaN, ±0, ±Infinity, NULLs, selections, 1–3 batches)', () => {
    fc.assert(fc.property(fc.array(columnArb(float64Arb, 70), { minLength: 1, maxLength: 3 }), (bs) => samePaths('float64', bs)), seeded(300));
  });

  it('int64 and timestamp (extremes, NULLs, selections, 1–3 batches)', () => {
    fc.assert(fc.property(fc.array(columnArb(int64Arb, 70), { minLength: 1, maxLength: 3 }), (bs) => samePaths('int64', bs)), seeded(200));
    fc.assert(fc.property(fc.array(columnArb(timestampArb, 70), { minLength: 1, maxLength: 3 }), (bs) => samePaths('timestamp', bs)), seeded(100));
  });

  it('known values: NaN is the max, never the min; the first of −0/+0 wins; all NULL is NULL', () => {
    const col = (values: number[], valid: number[] | null = null): RandomColumn<number> => ({ values, valid, sel: null });
    for (const p of ['rows', 'twin', 'kernel'] as const) {
      expect(extreme('float64', true, [col([1, NaN, 3])], p)).toBeNaN();
      expect(extreme('float64', false, [col([NaN, 3]), col([2, NaN])], p)).toBe(2);
      expect(Object.is(extreme('float64', false, [col([-0, 0])], p), -0)).toBe(true);
      expect(Object.is(extreme('float64', false, [col([0]), col([-0])], p), 0)).toBe(true);
      expect(extreme('float64', true, [col([5, 9], [0, 0]), col([])], p)).toBeNull();
      expect(extreme('float64', true, [col([5, 9], [1, 0]), col([7], [0])], p)).toBe(5);
    }
  });
});
