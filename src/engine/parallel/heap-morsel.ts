/**
 * A morsel as byte offsets into the column heap (what crosses to a worker:
 * the heap memory itself is shared, so only numbers are posted) and the
 * views a thread makes of it. `heapColumns` is self-contained (no imports,
 * no free variables): workers run its source text.
 */
import type { MorselColumn } from './morsel-kernels.js';

export interface HeapMorsel {
  readonly n: number;
  /** Global position (in scan order) of the morsel's first row. */
  readonly rowBase: number;
  /** Per column: [values byte offset, validity bitmap byte offset or -1, bit offset of row 0]. */
  readonly cols: readonly (readonly [number, number, number])[];
  /** Per column: element count of the values view (2 per int64 row, 1 per float64 row). */
  readonly words: readonly number[];
  /** Per column: true for float64 values. */
  readonly f64: readonly boolean[];
}

/** Views of a heap morsel's columns on `buffer` (the heap memory's current buffer). */
export function heapColumns(buffer: ArrayBufferLike, m: HeapMorsel): MorselColumn[] {
  const bytes = new Uint8Array(buffer);
  return m.cols.map(([off, bm, bit], j) => ({
    values: m.f64[j] ? new Float64Array(buffer, off, m.words[j]) : new Int32Array(buffer, off, m.words[j]),
    bitmap: bm < 0 ? null : bytes.subarray(bm),
    bit,
  }));
}
