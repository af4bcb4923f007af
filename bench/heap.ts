/**
 * Column heap benchmarks: scans of a 10M-row float64 column whose segments
 * are decoded into the column heap (a shared WebAssembly.Memory), summed
 *  - in place by the WebAssembly SIMD kernel (engine/kernels/sum-f64.ts),
 *  - by the same-order JS loop over the same heap views,
 * against the same store with the heap turned off (segments in ordinary
 * ArrayBuffers), summed by the JS loop, or copied batch by batch into
 * WebAssembly memory first and then summed by the kernel (the per-query copy
 * that the heap exists to avoid). Warm cache (every segment column cached),
 * LMDB on disk, tinybench: 3 untimed runs, then 7 samples, wall ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Float64, Int64, makeData, makeVector, RecordBatch, type Vector } from 'apache-arrow';
import { openStore, type Store } from '../src/storage/index.js';
import { columnHeapStats, configureColumnHeap, heapAlloc, heapBytes, heapFree, inColumnHeap } from '../src/memory/wasm-heap.js';
import { sumFloat64, sumFloat64Js } from '../src/engine/kernels/sum-f64.js';
import { measure, QUICK, type Stats } from './lib/harness.js';
import { fromStats, MS } from './lib/result.js';
import type { BenchResult } from './lib/types.js';

const SUITE = 'heap';
const ROWS = Number(process.env['HEAP_BENCH_ROWS'] ?? (QUICK ? 1_000_000 : 10_000_000));

function build(dir: string): Store {
  const store = openStore(dir, { cacheBytes: 1024 * 1024 * 1024 });
  store.createTable({ name: 'f', fields: [{ name: 'k', type: 'int64', nullable: false }, { name: 'x', type: 'float64', nullable: false }], primaryKey: ['k'] });
  const chunk = 1_000_000;
  const vec = (d: unknown): Vector => makeVector(d as never);
  for (let first = 0; first < ROWS; first += chunk) {
    const n = Math.min(chunk, ROWS - first);
    const k = new BigInt64Array(n);
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      k[i] = BigInt(first + i);
      x[i] = ((first + i) % 1000) * 0.25;
    }
    const batch = new RecordBatch({
      k: vec(makeData({ type: new Int64(), length: n, nullCount: 0, data: k })),
      x: vec(makeData({ type: new Float64(), length: n, nullCount: 0, data: x })),
    } as never) as RecordBatch;
    store.write((tx) => tx.table('f').appendBatch(batch));
  }
  store.compact();
  return store;
}

type Summer = (x: Float64Array) => number;

/** Stats of scanning column x and summing each batch with `sum` (warm: 3 untimed runs fill the cache and let V8 tier the kernels up). */
async function timeScan(store: Store, sum: Summer): Promise<{ stats: Stats; total: number; inHeap: boolean }> {
  let total = 0;
  let inHeap = false;
  const stats = await measure(() => {
    const snap = store.snapshot();
    total = 0;
    for (const b of snap.scan('f', { columns: ['x'], batchSize: 65536 })) {
      const x = b.getChildAt(0)!.data[0]!.values as Float64Array;
      inHeap = inColumnHeap(x);
      total += sum(x);
    }
    snap.close();
  }, { iterations: 7, time: 0, warmup: 3 });
  return { stats, total, inHeap };
}

/** Copies each batch into a reused heap block, then sums it there with the kernel. */
function copyThenSimd(): Summer {
  return (x) => {
    const block = heapAlloc(x.byteLength);
    if (block === null) throw new Error('the bench needs heap room for one batch');
    try {
      const bytes = heapBytes(block, x.byteLength);
      const y = new Float64Array(bytes.buffer, bytes.byteOffset, x.length);
      y.set(x);
      return sumFloat64(y);
    } finally {
      heapFree(block);
    }
  };
}

export async function run(): Promise<BenchResult[]> {
  const dirA = mkdtempSync(join(tmpdir(), 'pyralog-bench-heap-'));
  const results: BenchResult[] = [];
  try {
    const store = build(dirA);
    const gb = (r: { stats: Stats }): number => (ROWS * 8) / 1e9 / (r.stats.median / 1e3);
    const simd = await timeScan(store, sumFloat64);
    const js = await timeScan(store, sumFloat64Js);
    if (!simd.inHeap) throw new Error('segments were not decoded into the column heap');
    if (simd.total !== js.total) throw new Error(`SIMD and JS sums differ: ${simd.total} vs ${js.total}`);
    const heapBytesUsed = columnHeapStats().usedBytes;
    store.close();

    // The same store with the heap off: segments decode into ordinary ArrayBuffers.
    const cap = columnHeapStats().maxBytes;
    configureColumnHeap({ maxBytes: 0 });
    const plainStore = openStore(dirA, { cacheBytes: 1024 * 1024 * 1024 });
    const plainJs = await timeScan(plainStore, sumFloat64Js);
    if (plainJs.inHeap) throw new Error('the heap was not turned off');
    // The cache now holds ordinary buffers; room in the heap again for the per-batch copies.
    configureColumnHeap({ maxBytes: cap });
    const copied = await timeScan(plainStore, copyThenSimd());
    plainStore.close();
    if (plainJs.total !== js.total || copied.total !== js.total) throw new Error('sums differ between heap and plain scans');

    const note = `${ROWS / 1e6}M rows, 64k-row batches, warm cache; heap held ${(heapBytesUsed / 2 ** 20).toFixed(0)} MiB of segment columns`;
    const vsPlain = { name: 'heap off, JS loop', stats: plainJs.stats };
    results.push(
      fromStats(SUITE, 'scan+sum float64, segments in the column heap, WASM SIMD in place', simd.stats, MS, { compare: vsPlain, note: `${gb(simd).toFixed(1)} GB/s vs ${gb(plainJs).toFixed(1)} GB/s; ${note}` }),
      fromStats(SUITE, 'scan+sum float64, segments in the column heap, JS loop', js.stats, MS, { compare: vsPlain, note: `${gb(js).toFixed(1)} GB/s` }),
      fromStats(SUITE, 'scan+sum float64, heap off, copy each batch into wasm memory then SIMD', copied.stats, MS, { compare: { name: 'in place (heap)', stats: simd.stats }, note: `${gb(copied).toFixed(1)} GB/s` }),
    );
  } finally {
    rmSync(dirA, { recursive: true, force: true });
  }
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { printResults } = await import('./run.js');
  console.log(printResults(await run()));
}
