/**
 * A morsel as byte offsets into the column heap (what crosses to a worker:
 * the heap memory itself is shared, so only numbers are posted) and the
 * views a thread makes of it. `heapColumns` is self-contained (no imports,
 * no free variables): workers run its source text.
 */
import type { MorselColumn } from './morsel-spec.js';

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

/**
 * A range's morsels as one Float64Array (what is posted to a worker: a
 * typed array clones as one copy, a list of small objects costs ~80 µs a
 * range): per morsel n, rowBase, the column count, then per column the
 * values offset, bitmap offset, bit offset, element count and 1 for float64.
 */
export function packMorsels(morsels: readonly HeapMorsel[]): Float64Array {
  let size = 0;
  for (const m of morsels) size += 3 + 5 * m.cols.length;
  const out = new Float64Array(size);
  let p = 0;
  for (const m of morsels) {
    out[p++] = m.n;
    out[p++] = m.rowBase;
    out[p++] = m.cols.length;
    m.cols.forEach(([off, bm, bit], j) => {
      out[p++] = off;
      out[p++] = bm;
      out[p++] = bit;
      out[p++] = m.words[j]!;
      out[p++] = m.f64[j] ? 1 : 0;
    });
  }
  return out;
}

/** The morsels `packMorsels` packed (self-contained: workers run its source text). */
export function unpackMorsels(a: Float64Array): HeapMorsel[] {
  const out: HeapMorsel[] = [];
  let p = 0;
  while (p < a.length) {
    const n = a[p++]!;
    const rowBase = a[p++]!;
    const k = a[p++]!;
    const cols: [number, number, number][] = [];
    const words: number[] = [];
    const f64: boolean[] = [];
    for (let j = 0; j < k; j++) {
      cols.push([a[p++]!, a[p++]!, a[p++]!]);
      words.push(a[p++]!);
      f64.push(a[p++] === 1);
    }
    out.push({ n, rowBase, cols, words, f64 });
  }
  return out;
}
