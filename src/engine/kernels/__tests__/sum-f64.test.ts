import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { heapAlloc, heapBytes, heapFree, inColumnHeap } from '../../../memory/wasm-heap.js';
import { simdSumAvailable, sumFloat64, sumFloat64Js } from '../sum-f64.js';

/** A copy of `values` placed in the column heap at an 8-byte aligned address (+ `shift` slots). */
function inHeap(values: readonly number[], shift: number, run: (x: Float64Array) => void): void {
  const block = heapAlloc((values.length + shift) * 8 + 8)!;
  const bytes = heapBytes(block);
  const x = new Float64Array(bytes.buffer, bytes.byteOffset + shift * 8, values.length);
  x.set(values);
  try {
    run(x);
  } finally {
    heapFree(block);
  }
}

describe('sumFloat64 kernel', () => {
  it('instantiates over the column heap here', () => {
    expect(simdSumAvailable()).toBe(true);
  });

  it('gives bit-identical results in the heap (SIMD) and outside it (JS), any length and alignment', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { maxLength: 67 }), fc.integer({ min: 0, max: 3 }), (values, shift) => {
        inHeap(values, shift, (x) => {
          expect(inColumnHeap(x)).toBe(true);
          expect(Object.is(sumFloat64(x), sumFloat64Js(Float64Array.from(values)))).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('sums known values, NaN and infinities propagate', () => {
    inHeap([1, 2, 3, 4, 5, 6, 7], 1, (x) => expect(sumFloat64(x)).toBe(28));
    inHeap([1, Number.NaN, 3, 4, 5], 0, (x) => expect(sumFloat64(x)).toBeNaN());
    inHeap([Infinity, 1, 2, 3, -5], 0, (x) => expect(sumFloat64(x)).toBe(Infinity));
    inHeap([], 0, (x) => expect(sumFloat64(x)).toBe(0));
    const plain = new Float64Array([0.1, 0.2, 0.3]);
    expect(inColumnHeap(plain)).toBe(false);
    expect(sumFloat64(plain)).toBe(0.1 + 0.2 + 0.3); // the tail is added in order
  });
});
