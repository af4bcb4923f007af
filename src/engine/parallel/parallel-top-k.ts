/**
 * The morsel-driven parallel top-k: for a sort under a limit directly over a
 * stored table's Scan, with every sort key a column of type float64, int64,
 * timestamp or date, the calling thread runs the storage scan (as the
 * parallel aggregate does) and cuts it into morsels; each range of morsels
 * gets its best k row positions from the top-k kernels (top-k-kernels.ts) on
 * a worker or the calling thread, reading the key columns in place in the
 * shared column heap. The union of those candidates — at most k per range —
 * is gathered in scan order from the scanned batches (zero-copy views kept
 * until the end) and handed to the serial top-k operator, so the answer,
 * ties included, is the serial one by construction: a row of the global top
 * k is among its own range's top k by the same (keys, position) order.
 *
 * Only inputs from the parallel threshold up (configureParallelism's
 * minRows) go to the workers; a smaller input of at least 2^16 rows
 * (configureParallelTopK) runs the same kernels on the calling thread alone (no worker woken),
 * and a smaller one still is replayed into the serial top-k. workers: 1 runs
 * the kernels on the calling thread; workers: 0 keeps the serial operator.
 * `checkCancel` runs between morsels.
 *
 * Memory: the batches are kept until the candidates are gathered. Those in
 * the column heap cost nothing more (the snapshot pins them); batches
 * outside it are counted, and past a budget (64 MiB) the node hands what it
 * holds and the rest of the scan to the serial top-k instead.
 */
import type { Data, RecordBatch } from 'apache-arrow';
import type { Expr, SortKey } from '../../planner/ir/expr.js';
import type { ScanRel } from '../../planner/ir/rel.js';
import type { DataType } from '../../types/data-type.js';
import { columnHeapMemory, inColumnHeap } from '../../memory/wasm-heap.js';
import { dataToColumn } from '../exec/arrow-convert.js';
import { concatChunks, type Chunk } from '../exec/chunk.js';
import { gather, type Column } from '../exec/column.js';
import { typesOf, type ExecContext, type ExecNode } from '../exec/exec-node.js';
import { boundAccess, storageScanOptions } from '../exec/operators/scan.js';
import type { MorselColumn } from './morsel-spec.js';
import type { HeapMorsel } from './heap-morsel.js';
import { readScanHead } from './scan-head.js';
import { topKKernels, type TopKKey, type TopKKeyClass, type TopKSpec } from './top-k-kernels.js';
import { defaultKernels } from '../kernels/kernel-module.js';
import { parallelSettings, workerPool, type RangeStream } from './worker-pool.js';

let opened = 0;

/** Below the parallel threshold, inputs of at least this many rows still run the kernels (on the calling thread). */
let localMinRows = 1 << 16;
/** Ranges the calling thread has computed with the top-k kernels since the process started (for tests). */
let localRanges = 0;

/**
 * Bytes of scanned batches outside the column heap (merged from overlapping
 * sources, or the heap full) the node may hold until the end; past it the
 * query goes on in the serial top-k, which holds O(k + batch).
 */
let outsideBudget = 64 * 1024 * 1024;

/** Tests and tuning: the input size from which a top-k below the parallel threshold still runs the kernels, and the budget above. */
export function configureParallelTopK(options: { readonly localMinRows?: number; readonly outsideBytes?: number }): void {
  if (options.localMinRows !== undefined) localMinRows = Math.max(0, Math.floor(options.localMinRows));
  if (options.outsideBytes !== undefined) outsideBudget = Math.max(0, Math.floor(options.outsideBytes));
}

export function parallelTopKStats(): { readonly localRanges: number; readonly localMinRows: number; readonly outsideBytes: number } {
  return { localRanges, localMinRows, outsideBytes: outsideBudget };
}

/** Larger k goes to the serial operator (candidates are k per range). */
export const PARALLEL_TOP_K_MAX = 65536;

const CLASS_OF: Partial<Record<DataType, TopKKeyClass>> = { float64: 'f64', int64: 'i64', timestamp: 'i64', date: 'i32' };

/** The kernel spec of `keys` over the scan's columns (key j reads morsel column j), and the scan columns they name; or null. */
export function topKShape(scan: ScanRel, keys: readonly SortKey[], k: number): { spec: TopKSpec; keyCols: number[] } | null {
  if (k < 1 || k > PARALLEL_TOP_K_MAX || keys.length === 0) return null;
  const types = typesOf(scan.schema);
  const out: TopKKey[] = [];
  const keyCols: number[] = [];
  for (const key of keys) {
    const e: Expr = key.expr;
    if (e.kind !== 'column') return null;
    const cls = CLASS_OF[types[e.index]!];
    if (cls === undefined) return null;
    out.push({ col: out.length, cls, descending: key.descending, nullsFirst: key.nullsFirst });
    keyCols.push(e.index);
  }
  return { spec: { k, keys: out }, keyCols };
}

function keyView(d: Data): { values: Float64Array | Int32Array; words: number; f64: boolean } {
  const v = d.values as Float64Array | BigInt64Array | Int32Array;
  if (v instanceof Float64Array) return { values: v, words: v.length, f64: true };
  if (v instanceof Int32Array) return { values: v, words: v.length, f64: false };
  return { values: new Int32Array(v.buffer, v.byteOffset, v.length * 2), words: v.length * 2, f64: false };
}

const bitmapOf = (d: Data): Uint8Array | null => (d.nullCount > 0 && d.nullBitmap !== undefined && d.nullBitmap.length > 0 ? d.nullBitmap : null);

interface Morsel {
  readonly data: readonly Data[];
  readonly local: MorselColumn[];
  readonly heap: HeapMorsel | null;
  /** The local views are in the column heap (the SIMD skip may read them). */
  readonly inHeap: boolean;
  readonly n: number;
  readonly rowBase: number;
}

/** One chunk of the rows at `positions` (ascending) of the morsels, in that order. */
function gatherRows(morsels: readonly Morsel[], positions: Float64Array, types: readonly DataType[]): Chunk {
  const parts: Chunk[] = [];
  let p = 0;
  for (const m of morsels) {
    if (p >= positions.length) break;
    const end = m.rowBase + m.n;
    const idx: number[] = [];
    while (p < positions.length && positions[p]! < end) idx.push(positions[p++]! - m.rowBase);
    if (idx.length === 0) continue;
    // Whole-morsel views (numbers in place, text kept as Arrow bytes until read), then the rows.
    const columns: Column[] = m.data.map((d, j) => gather(dataToColumn(d, types[j]!), idx));
    parts.push({ columns, length: idx.length, sel: null });
  }
  return concatChunks(types, parts);
}

/** What a parallel top-k's stream reads of its node (see parallelTopKNode). */
interface ParallelTopKPlan {
  readonly ctx: ExecContext;
  readonly scan: ScanRel;
  readonly names: readonly string[];
  readonly spec: NonNullable<ReturnType<typeof topKShape>>['spec'];
  readonly keyCols: NonNullable<ReturnType<typeof topKShape>>['keyCols'];
  readonly types: readonly DataType[];
  readonly kernels: ReturnType<typeof topKKernels>;
  readonly chunkOf: (data: readonly Data[]) => Chunk;
  readonly replay: (chunks: readonly Chunk[]) => ExecNode;
  readonly serial: () => ExecNode;
  readonly serialOver: (input: ExecNode) => ExecNode;
}

/**
 * The parallel node for `scan | sort keys | take` (k = offset + limit), or null
 * when the shape is not covered. `serialOver(input)` builds the serial top-k over
 * a replacement input (the candidates, or a small input read in full).
 */
export function parallelTopKNode(scan: ScanRel, keys: readonly SortKey[], k: number, ctx: ExecContext, serial: () => ExecNode, serialOver: (input: ExecNode) => ExecNode): ExecNode | null {
  if (parallelSettings().threads === 0) return null;
  const shape = topKShape(scan, keys, k);
  if (shape === null) return null;
  const { spec, keyCols } = shape;
  const types = typesOf(scan.schema);
  const names = (scan.projection === null ? scan.tableSchema.fields : scan.projection.map((i) => scan.tableSchema.fields[i]!)).map((f) => f.name);
  const kernels = topKKernels(defaultKernels()?.topk_skip_f64 ?? null);
  const chunkOf = (data: readonly Data[]): Chunk => ({ columns: data.map((d, j) => dataToColumn(d, types[j]!)), length: data[0]?.length ?? 0, sel: null });
  const replay = (chunks: readonly Chunk[]): ExecNode => ({ types, open: () => chunks });
  return {
    types,
    open: () => parallelTopKRows({ ctx, scan, names, spec, keyCols, types, kernels, chunkOf, replay, serial, serialOver }),
  };
}

function* parallelTopKRows(p: ParallelTopKPlan): Generator<Chunk> {
  const { ctx, scan, names, spec, keyCols, types, kernels, chunkOf, replay, serial, serialOver } = p;
  const snap = ctx.snapshot;
  const access = snap === undefined ? undefined : boundAccess(scan, ctx);
  const { threads, minRows, morselRows, rangeRows } = parallelSettings();
  let useWorkers = threads > 1;
  if (snap === undefined || access === undefined || (access.kind !== 'full_scan' && access.kind !== 'key_range') || threads === 0) {
    yield* serial().open();
    return;
  }
  const memory = columnHeapMemory();
  const query = ++opened; // resets the calling thread's floor (top-k-kernels.ts)
  const morsels: Morsel[] = [];
  const ranges: Morsel[][] = [[]];
  const runLocal = (r: number): Float64Array => {
    localRanges++;
    const st = kernels.newState(spec, query);
    for (const m of ranges[r]!) kernels.run(spec, m.local, m.n, m.rowBase, st, m.inHeap);
    return kernels.finish(spec, st);
  };
  // Ranges in the heap go to the pool as the scan completes them (workers start while the rest is read).
  let stream = null as RangeStream<Float64Array> | null; // (set in endRange: no narrowing to null below)
  const kept: number[] = [];
  const endRange = (): void => {
    const r = ranges.length - 1;
    const range = ranges[r]!;
    if (range.length === 0) return;
    const pool = memory === null || !useWorkers ? null : workerPool(memory);
    if (pool !== null && range.every((m) => m.heap !== null)) {
      stream ??= pool.streamTopK(spec, runLocal, ctx.checkCancel);
      stream.offer(r, range.map((m) => m.heap!));
    } else kept.push(r);
    ranges.push([]);
    inRange = 0;
  };
  let inRange = 0;
  let base = 0;
  let outside = 0;
  const add = (data: readonly Data[], n: number): void => {
    for (const d of data) {
      const v = d.values as ArrayBufferView | undefined;
      if (v !== undefined && !inColumnHeap(v)) outside += v.byteLength + (d.valueOffsets?.byteLength ?? 0);
    }
    const local: MorselColumn[] = [];
    const cols: [number, number, number][] = [];
    const words: number[] = [];
    const f64: boolean[] = [];
    let inHeap = memory !== null;
    for (const c of keyCols) {
      const d = data[c]!;
      const view = keyView(d);
      const bitmap = bitmapOf(d);
      local.push({ values: view.values, bitmap, bit: d.offset });
      if (!inHeap) continue;
      if (!inColumnHeap(view.values) || (bitmap !== null && !inColumnHeap(bitmap))) inHeap = false;
      cols.push([view.values.byteOffset, bitmap === null ? -1 : bitmap.byteOffset, d.offset]);
      words.push(view.words);
      f64.push(view.f64);
    }
    const heap = inHeap && useWorkers ? { n, rowBase: base, cols, words, f64 } : null;
    const m: Morsel = { data, local, heap, inHeap, n, rowBase: base };
    morsels.push(m);
    ranges[ranges.length - 1]!.push(m);
    base += n;
    inRange += n;
    if (inRange >= rangeRows) endRange();
  };
  const it = snap.scan(scan.table, storageScanOptions(access, names, morselRows))[Symbol.iterator]();
  let found: Float64Array[];
  try {
    // Read until the threshold: a small input goes to the serial top-k as it is.
    const { head, rows, done } = readScanHead(it, minRows);
    if (done && rows >= localMinRows && rows > 0) useWorkers = false;
    else if (done) {
      yield* serialOver(replay(head.map(chunkOf))).open();
      return;
    }
    for (const cols of head) add(cols, cols[0]?.length ?? 0);
    head.length = 0;
    while (outside <= outsideBudget) {
      const r = it.next();
      if (r.done === true) break;
      if (r.value.numRows > 0) add(r.value.data.children, r.value.numRows);
      ctx.checkCancel?.();
    }
    if (outside > outsideBudget) {
      // Too much held outside the heap: the serial top-k takes what was read, then the rest of the scan.
      stream?.abort();
      ranges.length = 0;
      const held: (Morsel | undefined)[] = morsels.splice(0);
      const rest: ExecNode = { types, open: () => heldThenRest(held, it, chunkOf) };
      yield* serialOver(rest).open();
      return;
    }
    it.return?.();
    endRange();
    ranges.pop();
    found = stream === null ? ranges.map((_, r) => {
      const f = runLocal(r);
      ctx.checkCancel?.();
      return f;
    }) : stream.finish(kept);
  } finally {
    it.return?.();
    stream?.abort();
  }
  let total = 0;
  for (const f of found) total += f.length;
  const positions = new Float64Array(total);
  let at = 0;
  for (const f of found) {
    positions.set(f, at);
    at += f.length;
  }
  positions.sort();
  yield* serialOver(replay([gatherRows(morsels, positions, types)])).open();
}

/** The morsels held outside the heap, then the rest of the scan, as chunks (the serial top-k's input). */
function* heldThenRest(held: (Morsel | undefined)[], it: Iterator<RecordBatch>, chunkOf: (data: readonly Data[]) => Chunk): Generator<Chunk> {
  for (let j = 0; j < held.length; j++) {
    const m = held[j]!;
    held[j] = undefined;
    yield chunkOf(m.data);
  }
  for (let r = it.next(); r.done !== true; r = it.next()) if (r.value.numRows > 0) yield chunkOf(r.value.data.children);
}
