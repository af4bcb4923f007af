/**
 * The morsel-driven parallel aggregate: for an Aggregate over a stored
 * table's Scan (optionally under a Filter) whose shape the morsel kernels
 * cover — a conjunction of int64/float64 column-versus-constant comparisons,
 * at most one int64 group key, count/sum/avg/min/max of int64/float64
 * columns — the calling thread runs the storage scan (LMDB read, segment
 * decode into the column heap, memtable merge) and cuts the batches into
 * morsels; ranges of consecutive morsels (rangeRows rows each, 2^19 by default) are
 * computed by the worker pool and the calling thread, and merged in range
 * order (parallel-merge.ts). Workers read the segment columns in place in
 * the shared heap; batches not in the heap (gathered from overlapping
 * sources, or the heap full) are computed by the calling thread.
 *
 * Why workers get heap offsets and no LMDB transaction of their own: the
 * snapshot is the calling thread's read transaction, and the blob cache and
 * heap allocator are single-threaded; a worker opening its own read
 * transaction could see a later commit than the query's snapshot. Here
 * every byte a worker reads was decoded under the query's snapshot and stays
 * pinned until it ends (the caller waits for the workers first).
 *
 * Only large inputs take this path: the node reads the scan until it has
 * seen the row threshold (configureParallelism's minRows, default 2^20); a
 * smaller input is replayed into the serial hash aggregate unchanged, unless
 * it has at least 2^16 rows and the WebAssembly kernels are on: then the
 * calling thread alone runs its ranges through the fused kernel.
 *
 * The fused kernel (morsel-wasm.ts, kernels/assembly/group-agg.as) does a
 * range's filter, group ids and accumulators in one call per 4,096 rows, its
 * state in a heap block per thread (32,768 groups; past that the JS twin
 * takes over the range). With one thread (workers: 1) the calling thread
 * computes every range itself; workers: 0 turns the path off (the serial
 * operators run everything).
 */
import type { Data } from 'apache-arrow';
import type { AggregateRel, Rel, ScanRel } from '../../planner/ir/rel.js';
import type { Expr } from '../../planner/ir/expr.js';
import type { DataType } from '../../types/data-type.js';
import { columnHeapMemory, heapAlloc, heapFree, inColumnHeap, type HeapBlock } from '../../memory/wasm-heap.js';
import { kernelModule } from '../kernels/kernel-module.js';
import { dataToColumn } from '../exec/arrow-convert.js';
import { sliceChunk, type Chunk } from '../exec/chunk.js';
import { typesOf, type ExecContext, type ExecNode } from '../exec/exec-node.js';
import { boundAccess, storageScanOptions } from '../exec/operators/scan.js';
import type { Column } from '../exec/column.js';
import { morselKernels } from './morsel-kernels.js';
import type { AggTerm, CmpOp, FilterTerm, MorselColumn, MorselKernels, MorselSpec, PartialState } from './morsel-spec.js';
import { morselWasm, type MorselWasm, type WasmPlan } from './morsel-wasm.js';
import { heapColumns, type HeapMorsel } from './heap-morsel.js';
import { aggColumn, keyColumn, mergeStates, type OutputAgg } from './parallel-merge.js';
import { aggregateTerms } from './aggregate-terms.js';
import { readScanHead } from './scan-head.js';
import { parallelSettings, workerPool, type RangeStream } from './worker-pool.js';


interface Shape {
  readonly scan: ScanRel;
  readonly spec: MorselSpec;
  readonly outputs: readonly OutputAgg[];
  readonly colTypes: readonly ('int64' | 'float64')[];
}

const CMP_OPS: ReadonlySet<string> = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);
const FLIP: Readonly<Record<CmpOp, CmpOp>> = { eq: 'eq', ne: 'ne', lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' };

function conjuncts(e: Expr): Expr[] {
  return e.kind === 'call' && e.fn === 'and' && e.args.length === 2 ? [...conjuncts(e.args[0]!), ...conjuncts(e.args[1]!)] : [e];
}

function filterTerm(e: Expr, types: readonly DataType[]): FilterTerm | null {
  if (e.kind !== 'call' || !CMP_OPS.has(e.fn) || e.args.length !== 2) return null;
  let [a, b] = e.args as [Expr, Expr];
  let op = e.fn as CmpOp;
  if (a.kind !== 'column') {
    [a, b] = [b, a];
    op = FLIP[op];
  }
  if (a.kind !== 'column' || b.kind !== 'literal') return null;
  const t = types[a.index];
  if (t !== b.type) return null;
  if (t === 'int64' && typeof b.value === 'bigint') {
    const u = BigInt.asUintN(64, b.value);
    return { col: a.index, op, int64: true, lo: Number(u & 0xffffffffn) | 0, hi: Number(u >> 32n) | 0 };
  }
  if (t === 'float64' && typeof b.value === 'number' && !Number.isNaN(b.value)) return { col: a.index, op, int64: false, lo: b.value, hi: 0 };
  return null;
}

/** The shape of `rel` the morsel kernels can run, or null. */
export function parallelShape(rel: AggregateRel): Shape | null {
  let input: Rel = rel.input;
  let filter: FilterTerm[] = [];
  let scan: ScanRel;
  if (input.kind === 'filter') {
    const types = typesOf(input.input.schema);
    const terms = conjuncts(input.predicate).map((e) => filterTerm(e, types));
    if (terms.some((t) => t === null)) return null;
    filter = terms as FilterTerm[];
    input = input.input;
  }
  if (input.kind !== 'scan') return null;
  scan = input;
  const colTypes = typesOf(scan.schema);
  if (!colTypes.every((t) => t === 'int64' || t === 'float64')) return null;
  // a stored table's NOT NULL column has no NULL in any segment or memtable row
  const fields = scan.schema.fields;
  const terms = aggregateTerms(rel, colTypes, (col) => fields[col]?.nullable === false);
  if (terms === null) return null;
  const { key, aggs, outputs } = terms;
  return { scan, spec: { filter, key, aggs }, outputs, colTypes };
}

/** A morsel of the calling thread: typed-array views of a batch's columns. */
function localColumns(data: readonly Data[]): MorselColumn[] {
  return data.map((d) => {
    const v = d.values as BigInt64Array | Float64Array;
    const values = v instanceof Float64Array ? v : new Int32Array(v.buffer, v.byteOffset, v.length * 2);
    const bitmap = d.nullCount > 0 && d.nullBitmap !== undefined ? d.nullBitmap : null;
    return { values, bitmap, bit: d.offset, heap: inColumnHeap(v) && (bitmap === null || inColumnHeap(bitmap)) };
  });
}

/** Groups a thread's kernel block holds (a range with more goes on in JS), and rows per kernel call. */
let blockGroups = 32768;
let callRows = 4096;
let fusedOn = true;
/** Inputs below the parallel threshold but at least this large run the fused kernel on the calling thread (not the serial operators). */
let fusedMinRows = 1 << 16;

/**
 * Tests and tuning: the fused kernel's block size in groups (a power of two),
 * rows per kernel call, and whether it runs at all (off = the JS twin, as
 * with PYRALOG_SIMD=off).
 */
export function configureFusedKernel(options: { readonly groups?: number; readonly rows?: number; readonly enabled?: boolean; readonly minRows?: number }): void {
  if (options.minRows !== undefined) fusedMinRows = Math.max(0, Math.floor(options.minRows));
  if (options.groups !== undefined) blockGroups = 2 ** Math.ceil(Math.log2(Math.max(2, options.groups)));
  if (options.rows !== undefined) callRows = Math.max(1, Math.floor(options.rows));
  if (options.enabled !== undefined) fusedOn = options.enabled;
}

let fusedRows = 0;

/** Rows the fused WebAssembly kernel has aggregated since the process started (for tests). */
export function fusedKernelRows(): number {
  return fusedRows;
}

let callerKernels: { readonly kernels: MorselKernels; readonly wasm: MorselWasm } | undefined;

/** The calling thread's morsel kernels (the fused WebAssembly kernel over the column heap when the kernels are on). */
function mainKernels(): { readonly kernels: MorselKernels; readonly wasm: MorselWasm } {
  if (callerKernels === undefined) {
    const wasm = morselWasm(columnHeapMemory());
    callerKernels = { kernels: morselKernels(wasm), wasm };
  }
  return callerKernels;
}

/**
 * One heap block per thread for the fused kernel (freed by the caller once
 * every thread is done), or null when the kernels are off (PYRALOG_SIMD=off,
 * no SIMD, not built) or the heap refuses.
 */
function wasmPlan(spec: MorselSpec, threads: number, wasm: MorselWasm, blocks: HeapBlock[]): WasmPlan | null {
  const module = kernelModule();
  if (!fusedOn || module === null || columnHeapMemory() === null) return null;
  const bytes = wasm.blockBytes(spec, blockGroups, callRows);
  for (let t = 0; t < threads; t++) {
    const b = heapAlloc(bytes);
    if (b === null) break;
    blocks.push(b);
  }
  if (blocks.length === 0) return null;
  return { module, claim: new Int32Array(new SharedArrayBuffer(4)), blocks: blocks.map((b) => b.offset), cap: blockGroups, rows: callRows };
}

/** The batch as a heap morsel, or null when a buffer is not in the column heap. */
function heapMorsel(data: readonly Data[], n: number, rowBase: number): HeapMorsel | null {
  const cols: [number, number, number][] = [];
  const words: number[] = [];
  const f64: boolean[] = [];
  for (const d of data) {
    const v = d.values as BigInt64Array | Float64Array;
    if (!inColumnHeap(v)) return null;
    let bm = -1;
    if (d.nullCount > 0 && d.nullBitmap !== undefined) {
      if (!inColumnHeap(d.nullBitmap)) return null;
      bm = d.nullBitmap.byteOffset;
    }
    cols.push([v.byteOffset, bm, d.offset]);
    const isF64 = v instanceof Float64Array;
    words.push(isF64 ? v.length : v.length * 2);
    f64.push(isF64);
  }
  return { n, rowBase, cols, words, f64 };
}

interface Morsel {
  readonly local: MorselColumn[];
  readonly heap: HeapMorsel | null;
  readonly n: number;
  readonly rowBase: number;
}

/** A query's ranges as the scan completes them (see rangeRunner). */
interface RangeRunner {
  /** Range r is complete: published to the pool at once when its morsels are all in the heap, else kept for the calling thread. */
  offer(r: number, range: readonly Morsel[]): void;
  /** After the scan: the partial state of every offered range, by index. */
  finish(): PartialState[];
  /** On every exit: no thread touches the heap after it returns; frees the kernel blocks. */
  close(): void;
}

/**
 * The ranges of one query, computed while the scan goes on: a range whose
 * morsels are all in the heap is published to the worker pool as soon as
 * the scan completes it (the workers start on it while the calling thread
 * reads the next ones); the others, and once the scan is done a share of
 * the published ones, run on the calling thread. With the kernels on, each
 * thread gets a heap block for the fused kernel, freed by `close` (after
 * which no thread touches it). States are by range index, so the merge
 * order, and the result, do not depend on which thread ran a range or when.
 */
function rangeRunner(spec0: MorselSpec, threads: number, memory: ReturnType<typeof columnHeapMemory>, checkCancel?: () => void): RangeRunner {
  const { kernels, wasm } = mainKernels();
  const blocks: HeapBlock[] = [];
  const plan = wasmPlan(spec0, threads, wasm, blocks);
  const spec: MorselSpec = plan === null ? spec0 : { ...spec0, wasm: plan };
  const ranges: (readonly Morsel[])[] = [];
  const runLocal = (r: number): PartialState => {
    checkCancel?.(); // between ranges on the calling thread (a query timeout stops the aggregate)
    const st = kernels.newState(spec);
    for (const m of ranges[r]!) {
      const cols = m.heap === null || memory === null ? m.local : heapColumns(memory.buffer, m.heap);
      kernels.run(spec, cols, m.n, m.rowBase, st);
    }
    kernels.done(spec, st);
    return st;
  };
  const pool = memory === null || threads <= 1 ? null : workerPool(memory);
  let stream: RangeStream<PartialState> | null = null;
  const kept: number[] = [];
  return {
    offer(r, range) {
      ranges[r] = range;
      if (pool === null || !range.every((m) => m.heap !== null)) {
        kept.push(r);
        return;
      }
      stream ??= pool.stream(spec, runLocal, checkCancel);
      stream.offer(r, range.map((m) => m.heap!));
    },
    finish() {
      let states: PartialState[];
      if (stream === null) states = ranges.map((_, r) => runLocal(r));
      else states = stream.finish(kept);
      for (const st of states) fusedRows += st.kernelRows;
      return states;
    },
    close() {
      try {
        stream?.abort();
      } finally {
        for (const b of blocks) heapFree(b);
        blocks.length = 0;
      }
    },
  };
}

/** What a parallel aggregate's stream reads of its node (see parallelAggregateNode). */
interface ParallelAggregatePlan {
  readonly ctx: ExecContext;
  readonly scan: ScanRel;
  readonly names: readonly string[];
  readonly spec0: NonNullable<ReturnType<typeof parallelShape>>['spec'];
  readonly outputs: NonNullable<ReturnType<typeof parallelShape>>['outputs'];
  readonly colTypes: NonNullable<ReturnType<typeof parallelShape>>['colTypes'];
  readonly types: readonly DataType[];
  readonly serial: () => ExecNode;
  readonly serialOver: (input: ExecNode) => ExecNode;
}

/**
 * The parallel node for `rel`, or null when its shape is not covered (the
 * caller builds the serial aggregate). `serial(input)` builds the serial
 * aggregate over a replacement input, used for inputs below the threshold.
 */
export function parallelAggregateNode(rel: AggregateRel, ctx: ExecContext, serial: () => ExecNode, serialOver: (input: ExecNode) => ExecNode): ExecNode | null {
  if (parallelSettings().threads === 0) return null;
  const shape = parallelShape(rel);
  if (shape === null) return null;
  const { scan, spec: spec0, outputs, colTypes } = shape;
  const types = typesOf(rel.schema);
  const names = (scan.projection === null ? scan.tableSchema.fields : scan.projection.map((i) => scan.tableSchema.fields[i]!)).map((f) => f.name);
  return {
    types,
    open: () => parallelAggregateRows({ ctx, scan, names, spec0, outputs, colTypes, types, serial, serialOver }),
  };
}

function* parallelAggregateRows(p: ParallelAggregatePlan): Generator<Chunk> {
  const { ctx, scan, names, spec0, outputs, colTypes, types, serial, serialOver } = p;
  const snap = ctx.snapshot;
  const memory = columnHeapMemory();
  const access = snap === undefined ? undefined : boundAccess(scan, ctx);
  const settings = parallelSettings();
  const { minRows, morselRows, rangeRows } = settings;
  let threads = settings.threads;
  if (snap === undefined || access === undefined || (access.kind !== 'full_scan' && access.kind !== 'key_range') || threads === 0) {
    yield* serial().open();
    return;
  }
  // Ranges (the unit of work and of merge order) have a fixed size, so results do not depend on the thread count.
  const rangeLimit = rangeRows;
  let runner: RangeRunner | null = null;
  let range: Morsel[] = [];
  let nRanges = 0;
  let inRange = 0;
  let base = 0;
  const add = (cols: Data[]): void => {
    const n = cols[0]?.length ?? 0;
    if (n === 0) return;
    const heap = heapMorsel(cols, n, base);
    range.push({ local: heap === null || threads === 1 ? localColumns(cols) : [], heap: threads === 1 ? null : heap, n, rowBase: base });
    base += n;
    inRange += n;
    if (inRange >= rangeLimit) endRange();
  };
  const endRange = (): void => {
    if (range.length === 0) return;
    runner!.offer(nRanges++, range);
    range = [];
    inRange = 0;
  };
  const it = snap.scan(scan.table, storageScanOptions(access, names, morselRows))[Symbol.iterator]();
  let merged: ReturnType<typeof mergeStates>;
  // Closed on every exit: an open LMDB cursor would pin its read transaction until garbage collection.
  try {
    // Read until the threshold: a small input goes to the serial aggregate as it is.
    const { head, rows, done } = readScanHead(it, minRows);
    if (done && (rows < fusedMinRows || !fusedOn || kernelModule() === null || memory === null)) {
      const replay: ExecNode = { types: colTypes.slice(), open: () => replayHead(head, colTypes) };
      yield* serialOver(replay).open();
      return;
    }
    // a mid-sized input: the fused kernel on the calling thread alone (no workers to wake)
    if (done) threads = 1;
    runner = rangeRunner(spec0, threads, memory, ctx.checkCancel);
    for (const cols of head) add(cols);
    head.length = 0;
    for (let r = it.next(); r.done !== true; r = it.next()) {
      add(r.value.data.children as Data[]);
      ctx.checkCancel?.();
    }
    it.return?.();
    endRange();
    merged = mergeStates(spec0, runner.finish());
  } finally {
    it.return?.();
    runner?.close();
  }
  const columns: Column[] = [...(spec0.key >= 0 ? [keyColumn(merged, types[0] === 'timestamp' ? 'timestamp' : 'int64')] : []), ...outputs.map((o) => aggColumn(spec0, merged, o))];
  const all: Chunk = { columns, length: merged.size, sel: null };
  for (let start = 0; start < merged.size; start += ctx.batchSize) yield sliceChunk(all, start, Math.min(merged.size, start + ctx.batchSize));
}

/** The batches read before the threshold, as chunks again (for the serial aggregate). */
function* replayHead(head: readonly (readonly Data[])[], colTypes: readonly DataType[]): Generator<Chunk> {
  for (const cols of head) yield { columns: cols.map((d, j) => dataToColumn(d, colTypes[j]!)), length: cols[0]?.length ?? 0, sel: null };
}
