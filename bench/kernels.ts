/**
 * WebAssembly SIMD kernels (src/engine/kernels) against their JS twins:
 *  - per kernel, rows/s over 1M-row columns in the column heap, called in
 *    64k-row batches as the executor calls them, the JS twin reading the
 *    very same heap views (so only the loop differs);
 *  - end to end, `db.query('prql', …)` on the stored analytics table
 *    (bench/lib/analytics-data.ts: LMDB on disk, flushed and compacted) with
 *    the kernels on, against a child process of this file run with
 *    PYRALOG_SIMD=off (the JS fallback everywhere), same data, same run,
 *    both with the serial operators (engine/parallel turned off: workers 0).
 * Environment: PYRALOG_BENCH_KERNELS_ROWS (default 10M, quick 200k) for the
 * end-to-end table; PYRALOG_BENCH_SEED (default 1).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { heapAlloc, heapBytes } from '../src/memory/wasm-heap.js';
import { defaultKernels, kernelStatus, type Kernels } from '../src/engine/kernels/kernel-module.js';
import { compareColumnsInto, selectCompare } from '../src/engine/kernels/compare-kernels.js';
import { countValid, minMaxF64, sumF64, sumI64 } from '../src/engine/kernels/aggregate-kernels.js';
import { hashInt64 } from '../src/engine/kernels/hash-kernels.js';
import { gatherFixed, selectionAnd } from '../src/engine/kernels/selection-kernels.js';
import { utf8Select, type Utf8Bytes } from '../src/engine/kernels/utf8-kernels.js';
import { open } from '../src/index.js';
import { configureParallelism } from '../src/engine/parallel/worker-pool.js';
import { measure, QUICK, type Stats } from './lib/harness.js';
import { cachedData } from './lib/analytics-data.js';
import { fromStats, MS, rate } from './lib/result.js';
import type { BenchResult } from './lib/types.js';

const SUITE = 'kernels';
const ROWS = QUICK ? 262_144 : 1 << 20;
const BATCH = 65_536;

/** A zero-filled typed array of `n` elements in the column heap. */
function inHeap<T>(ctor: { new (b: ArrayBufferLike, o: number, n: number): T; BYTES_PER_ELEMENT: number }, n: number): T {
  const block = heapAlloc(n * ctor.BYTES_PER_ELEMENT + 64);
  if (block === null) throw new Error('bench/kernels: the column heap refused a block');
  const bytes = heapBytes(block);
  return new ctor(bytes.buffer, bytes.byteOffset, n);
}

/** Runs `fn(start, end)` over ROWS in BATCH-row pieces (one timed operation). */
function batches(fn: (start: number, end: number) => void): () => void {
  return () => {
    for (let s = 0; s < ROWS; s += BATCH) fn(s, Math.min(ROWS, s + BATCH));
  };
}

export type KernelCase = (k: Kernels | null) => () => void;

/** The kernel cases: each builds, for a kernel set (null = the JS twins), one timed operation over ROWS rows. */
export function cases(): Record<string, KernelCase> {
  const f = inHeap(Float64Array, ROWS);
  const g = inHeap(Float64Array, ROWS);
  const q = inHeap(BigInt64Array, ROWS);
  const valid = inHeap(Uint8Array, ROWS);
  for (let i = 0; i < ROWS; i++) {
    f[i] = ((i * 104729) % 10007) / 10007;
    g[i] = ((i * 7) % 13) / 13;
    q[i] = BigInt((i * 31) % 100);
    valid[i] = i % 10 === 0 ? 0 : 1;
  }
  // per batch: a view of its rows (the executor hands kernels one batch's columns)
  const fv = (s: number, e: number): Float64Array => f.subarray(s, e);
  const half = selectCompare('f64', 'lt', f.subarray(0, BATCH), null, null, BATCH, 0.5, null);
  const other = selectCompare('i64', 'lt', q.subarray(0, BATCH), null, null, BATCH, 50n, null);
  // AND merges two selections; the executor's come from kernels, here placed in the heap so the kernel path applies
  const halfInHeap = inHeap(Int32Array, half.length);
  halfInHeap.set(half);
  const hashes = new Int32Array(BATCH);
  const gathered = new Float64Array(BATCH);
  const boolOut = new Uint8Array(BATCH);
  // utf8: 16-byte strings "key-00000000042" style, every 7th equal to the needle
  const enc = new TextEncoder();
  const strings = Array.from({ length: BATCH }, (_, i) => `key-${String(i % 7 === 0 ? 42 : i).padStart(11, '0')}`);
  const offsets = inHeap(Int32Array, BATCH + 1);
  const data = inHeap(Uint8Array, BATCH * 16);
  let pos = 0;
  strings.forEach((s, i) => {
    const b = enc.encode(s);
    data.set(b, pos);
    pos += b.length;
    offsets[i + 1] = pos;
  });
  const text: Utf8Bytes = { offsets, data };
  const needle = `key-${String(42).padStart(11, '0')}`;
  return {
    'select float64 < const': (k) => batches((s, e) => void selectCompare('f64', 'lt', fv(s, e), null, null, e - s, 0.5, k)),
    'select int64 < const': (k) => batches((s, e) => void selectCompare('i64', 'lt', q.subarray(s, e), null, null, e - s, 50n, k)),
    'select float64 > const, NULLs': (k) => batches((s, e) => void selectCompare('f64', 'gt', fv(s, e), valid.subarray(s, e), null, e - s, 0.25, k)),
    'compare float64 < float64 (byte map)': (k) => batches((s, e) => compareColumnsInto('f64', 'lt', fv(s, e), g.subarray(s, e), null, e - s, boolOut.subarray(0, e - s), k)),
    'AND of selections': (k) => batches(() => void selectionAnd(halfInHeap, other, k)),
    'sum float64': (k) => batches((s, e) => void sumF64(fv(s, e), null, null, e - s, k)),
    'sum float64, NULLs': (k) => batches((s, e) => void sumF64(fv(s, e), valid.subarray(s, e), null, e - s, k)),
    'sum float64 over a selection': (k) => batches((s, e) => void sumF64(fv(s, e), null, half, Math.min(half.length, e - s), k)),
    'sum int64': (k) => batches((s, e) => void sumI64(q.subarray(s, e), null, null, e - s, k)),
    'count present': (k) => batches((s, e) => void countValid(valid.subarray(s, e), null, e - s, k)),
    'max float64': (k) => batches((s, e) => void minMaxF64(true, fv(s, e), null, null, e - s, k)),
    'hash int64 keys': (k) => batches((s, e) => hashInt64(q.subarray(s, e), null, null, e - s, hashes, false, k)),
    'gather float64 by selection': (k) => batches((s, e) => gatherFixed(fv(s, e), half, half.length, gathered, k)),
    'utf8 equality (16-byte strings)': (k) => batches(() => void utf8Select(text, null, null, BATCH, needle, false, k)),
  };
}

async function kernelResults(): Promise<BenchResult[]> {
  const k = defaultKernels();
  if (k === null) return [{ suite: SUITE, name: 'kernels unavailable', value: 0, unit: 'rows/s', note: `status: ${kernelStatus()}` }];
  const out: BenchResult[] = [];
  const unit = rate('M rows/s', ROWS, 1e6);
  const all = Object.entries(cases());
  // every kernel once before timing any: V8 compiles WebAssembly in a baseline tier first and
  // optimizes hot functions in the background, which on a busy machine can lag behind the first case
  // (the JS twins too): keep calling both for a while, then let the background compiler finish
  const runs = all.flatMap(([, make]) => [make(k), make(null)]);
  for (const t0 = performance.now(); performance.now() - t0 < (QUICK ? 500 : 3000); ) for (const f of runs) f();
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const [name, make] of all) {
    const simd = await measure(make(k), { iterations: 15, time: 300, warmup: 3 });
    const js = await measure(make(null), { iterations: 15, time: 300, warmup: 3 });
    out.push(fromStats(SUITE, `${name}: SIMD kernel`, simd, unit, { compare: { name: 'JS twin', stats: js }, note: `${ROWS} rows in the column heap, ${BATCH}-row batches; speedup ${(js.median / simd.median).toFixed(2)}x` }));
  }
  return out;
}

// ---- end to end -------------------------------------------------------------

const E2E = [
  { key: 'filter-group-sort', prql: 'from f | filter q < 50 | group {k} (aggregate {sum v, average v, count this}) | sort k' },
  { key: 'sum', prql: 'from f | aggregate {s = sum v}' },
] as const;

const e2eRows = (): number => Number(process.env['PYRALOG_BENCH_KERNELS_ROWS'] ?? (QUICK ? 200_000 : 10_000_000));
const seed = (): number => Number(process.env['PYRALOG_BENCH_SEED'] ?? 1);

/** Times the E2E queries in this process: { key: stats } plus the answers (to check both runs agree). */
async function timeQueries(): Promise<{ status: string; stats: Record<string, Stats>; answers: Record<string, string> }> {
  // the serial operators on both sides (workers: 0): they are what the kernels speed up (engine/parallel has its own morsel loops)
  configureParallelism({ workers: 0 });
  const data = cachedData(seed(), e2eRows(), (l) => console.error(l));
  const db = open(data.pyralogDir, { mustExist: true });
  const stats: Record<string, Stats> = {};
  const answers: Record<string, string> = {};
  try {
    for (const q of E2E) {
      answers[q.key] = JSON.stringify((await db.query('prql', q.prql)).arrays(), (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
      stats[q.key] = await measure(async () => (await db.query('prql', q.prql)).arrays(), { iterations: e2eRows() >= 5e6 ? 7 : 15, time: 0, warmup: 1 });
    }
  } finally {
    db.close();
  }
  return { status: kernelStatus(), stats, answers };
}

async function endToEnd(): Promise<BenchResult[]> {
  const mine = await timeQueries();
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--e2e-child'], {
    encoding: 'utf8',
    env: { ...process.env, PYRALOG_SIMD: 'off' },
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) throw new Error(`bench/kernels: the PYRALOG_SIMD=off child failed: ${child.stderr}`);
  const off = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as Awaited<ReturnType<typeof timeQueries>>;
  const rows = e2eRows();
  const label = rows >= 1e6 ? `${rows / 1e6}M` : `${rows / 1e3}k`;
  return E2E.map((q) => {
    // the float sums are bit-identical on both paths (same lane order), so the answers must match exactly
    const same = mine.answers[q.key] === off.answers[q.key];
    if (!same) throw new Error(`bench/kernels: ${q.key} answers differ between SIMD and the JS fallback`);
    return fromStats(SUITE, `db.query ${q.key}, ${label} stored rows: SIMD kernels (${mine.status})`, mine.stats[q.key]!, MS, {
      compare: { name: `PYRALOG_SIMD=off (${off.status})`, stats: off.stats[q.key]! },
      note: `${q.prql}; LMDB table flushed and compacted, warm, 1 thread; answers identical`,
    });
  });
}

export async function run(): Promise<BenchResult[]> {
  return [...(await kernelResults()), ...(await endToEnd())];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--e2e-child')) {
    console.log(JSON.stringify(await timeQueries()));
  } else {
    const { printResults } = await import('./run.js');
    console.log(printResults(await run()));
  }
}
