/**
 * The serial hash aggregate's fused path: a GROUP BY on one int64/timestamp
 * column with count/sum/avg/min/max of int64/float64 columns (the shapes of
 * parallel/aggregate-terms.ts) runs each chunk through the fused WebAssembly
 * group-by kernel (kernels/assembly/group-agg.as via parallel/morsel-wasm.ts):
 * group ids and accumulators of the chunk's selected rows in one call per
 * 4,096 rows, the state in one heap block for the operator's life. Columns
 * are read in place when they are in the column heap; otherwise their values
 * are copied whole (a memcpy) into a scratch block, and so are the selection
 * and validity byte maps. Groups are numbered in order of first appearance,
 * float sums add per group in row order, int64 sums are exact (overflow
 * raises NUMERIC_OVERFLOW at the end): the same results as the accumulators.
 * When the scratch cannot be had (heap full) or the kernel's block fills up,
 * the rows are compacted into JS arrays and the morsel kernels' JS twin
 * carries on with the same state.
 */
import type { AggregateRel } from '../../../planner/ir/rel.js';
import type { DataType } from '../../../types/data-type.js';
import { columnHeapMemory, heapAlloc, heapBytes, heapFree, inColumnHeap, type HeapBlock } from '../../../memory/wasm-heap.js';
import { kernelModule } from '../../kernels/kernel-module.js';
import { morselKernels } from '../../parallel/morsel-kernels.js';
import type { MorselColumn, MorselKernels, MorselSpec, PartialState } from '../../parallel/morsel-spec.js';
import { morselWasm, type MorselWasm } from '../../parallel/morsel-wasm.js';
import { aggregateTerms, type AggregateTerms } from '../../parallel/aggregate-terms.js';
import { aggColumn, keyColumn, mergeStates } from '../../parallel/parallel-merge.js';
import { retype, type Column } from '../column.js';
import type { Chunk } from '../chunk.js';

/** The kernels' bit word for a byte-map validity (see group-agg.as). */
const BYTE_MAP = -(1 << 30);
let GROUPS = 32768;
const CALL_ROWS = 4096;

let shared: { readonly kernels: MorselKernels; readonly wasm: MorselWasm } | undefined;
let enabled = true;
let kernelRows = 0;

/** Rows the fused kernel has aggregated for serial operators since the process started (for tests). */
export function fusedGroupByRows(): number {
  return kernelRows;
}

/** Tests: off = the serial operator's accumulators (as with PYRALOG_SIMD=off); `groups`: the kernel block's size (a power of two). */
export function configureFusedGroupBy(options: { readonly enabled?: boolean; readonly groups?: number }): void {
  if (options.enabled !== undefined) enabled = options.enabled;
  if (options.groups !== undefined) GROUPS = 2 ** Math.ceil(Math.log2(Math.max(2, options.groups)));
}

export interface FusedGroupBy {
  /** Adds a chunk's selected rows. */
  add(c: Chunk): void;
  /** The key column then the aggregate columns, one row per group in order of first appearance. */
  finish(): Column[];
  /** Frees the heap blocks (idempotent). */
  close(): void;
}

/** A factory of fused states for `rel` over input columns of `inTypes`, or null when the shape or the kernels do not allow it. */
export function fusedGroupBy(rel: AggregateRel, inTypes: readonly DataType[], outTypes: readonly DataType[]): (() => FusedGroupBy) | null {
  if (!enabled || rel.groupBy.length !== 1) return null;
  const terms = aggregateTerms(rel, inTypes);
  const module = kernelModule();
  const memory = columnHeapMemory();
  if (terms === null || module === null || memory === null) return null;
  shared ??= (() => {
    const wasm = morselWasm(memory);
    return { kernels: morselKernels(wasm), wasm };
  })();
  const { kernels, wasm } = shared;
  return () => open(terms, kernels, wasm, module, memory, outTypes);
}

function open(terms: AggregateTerms, kernels: MorselKernels, wasm: MorselWasm, module: object, memory: { readonly buffer: ArrayBufferLike }, outTypes: readonly DataType[]): FusedGroupBy {
  const base: MorselSpec = { filter: [], key: terms.key, aggs: terms.aggs };
  const block = heapAlloc(wasm.blockBytes(base, GROUPS, CALL_ROWS));
  const spec: MorselSpec = block === null ? base : { ...base, wasm: { module, claim: new Int32Array(new SharedArrayBuffer(4)), blocks: [block.offset], cap: GROUPS, rows: CALL_ROWS } };
  const st: PartialState = kernels.newState(spec);
  const used = [...new Set([terms.key, ...terms.aggs.filter((t) => t.kind !== 'count_rows').map((t) => t.col)])];
  let scratch: HeapBlock | null = null;
  let rowBase = 0;
  let closed = false;

  /** A heap scratch of at least `bytes`, or null when the heap refuses. */
  const scratchOf = (bytes: number): Uint8Array | null => {
    if (scratch === null || scratch.bytes < bytes) {
      if (scratch !== null) heapFree(scratch);
      scratch = heapAlloc(Math.max(bytes, 2 * (scratch?.bytes ?? 0), 1 << 16));
    }
    return scratch === null ? null : heapBytes(scratch);
  };

  /** The chunk's columns in the heap (copied into `at` when they are not), and its selection; null when no scratch. */
  const inHeap = (c: Chunk, n: number): { cols: MorselColumn[]; sel: number } | null => {
    const len = c.length;
    let need = c.sel === null || inColumnHeap(c.sel) ? 0 : 4 * n + 16;
    for (const j of used) {
      const col = c.columns[j] as Column;
      if (!inColumnHeap(col.values as BigInt64Array | Float64Array)) need += 8 * len + 16;
      if (col.valid !== null && !inColumnHeap(col.valid)) need += len + 16;
    }
    let bytes: Uint8Array | null = null;
    let top = 0;
    if (need > 0) {
      bytes = scratchOf(need);
      if (bytes === null) return null;
    }
    const place = (view: ArrayBufferView, size: number): number => {
      if (inColumnHeap(view)) return view.byteOffset;
      const at = bytes!.byteOffset + top;
      bytes!.set(new Uint8Array(view.buffer, view.byteOffset, size), top);
      top += Math.ceil(size / 16) * 16;
      return at;
    };
    const cols: MorselColumn[] = [];
    for (const j of used) {
      const col = c.columns[j] as Column;
      const v = col.values as BigInt64Array | Float64Array;
      const at = place(v, 8 * len);
      const values = v instanceof Float64Array ? new Float64Array(memory.buffer, at, len) : new Int32Array(memory.buffer, at, 2 * len);
      const bitmap = col.valid === null ? null : new Uint8Array(memory.buffer, place(col.valid, len), len);
      cols[j] = { values, bitmap, bit: BYTE_MAP, heap: true };
    }
    return { cols, sel: c.sel === null ? 0 : place(c.sel, 4 * n) };
  };

  /** The selected rows as compact JS columns with Arrow bitmaps, for the JS twin. */
  const compact = (c: Chunk, n: number): MorselColumn[] => {
    const cols: MorselColumn[] = [];
    for (const j of used) {
      const col = c.columns[j] as Column;
      const v = col.values as BigInt64Array | Float64Array;
      const f64 = v instanceof Float64Array;
      const values = f64 ? new Float64Array(n) : new Int32Array(2 * n);
      const src = f64 ? v : new Int32Array(v.buffer, v.byteOffset, 2 * v.length);
      const bitmap = col.valid === null ? null : new Uint8Array((n >> 3) + 1);
      for (let k = 0; k < n; k++) {
        const i = c.sel === null ? k : (c.sel[k] as number);
        if (f64) values[k] = src[i] as number;
        else {
          values[2 * k] = src[2 * i] as number;
          values[2 * k + 1] = src[2 * i + 1] as number;
        }
        if (bitmap !== null && col.valid![i] !== 0) bitmap[k >> 3]! |= 1 << (k & 7);
      }
      cols[j] = { values, bitmap, bit: 0, heap: false };
    }
    return cols;
  };

  return {
    add(c: Chunk): void {
      const n = c.sel === null ? c.length : c.sel.length;
      if (n === 0) return;
      if (st.wasm >= 0) {
        const placed = inHeap(c, n);
        if (placed !== null) {
          const took = wasm.run(spec, placed.cols, n, rowBase, st, placed.sel);
          if (took === n) {
            rowBase += n;
            return;
          }
          // the block is full: the JS twin takes the state and the chunk's remaining rows
          const rest: Chunk = { ...c, sel: c.sel === null ? Int32Array.from({ length: n - took }, (_, k) => k + took) : c.sel.subarray(took) };
          kernels.run(spec, compact(rest, n - took), n - took, rowBase + took, st);
          rowBase += n;
          return;
        }
      }
      kernels.run(spec, compact(c, n), n, rowBase, st);
      rowBase += n;
    },
    finish(): Column[] {
      kernels.done(spec, st);
      kernelRows += st.kernelRows;
      const merged = mergeStates(base, [st]);
      return [retype(keyColumn(merged, outTypes[0] === 'timestamp' ? 'timestamp' : 'int64'), outTypes[0] ?? 'int64'), ...terms.outputs.map((o, j) => retype(aggColumn(base, merged, o), outTypes[1 + j] ?? 'null'))];
    },
    close(): void {
      if (closed) return;
      closed = true;
      if (block !== null) heapFree(block);
      if (scratch !== null) heapFree(scratch);
    },
  };
}
