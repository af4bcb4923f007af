/**
 * Differential test of the parallel top-k (sort under a limit over a stored
 * scan): the same queries over random stored data (ties on every key, NULLs,
 * NaN, −0, ±Infinity, int64 past 2^32 and 2^53, dates, timestamps; rows in
 * segments and in the memtable, overwritten and deleted keys) run by the
 * serial operator (workers: 0), by the morsel kernels on the calling thread
 * (workers: 1) and on two workers with tiny morsels and ranges must give the
 * same rows in the same order, ties included. The kernel alone is checked
 * against a stable sort by the serial comparator for every direction and
 * NULL placement, with its JS skip loop and (when the WebAssembly kernels
 * are on) with the SIMD skip over columns copied into the column heap.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../database.js';
import { closeWorkerPool, configureParallelism, parallelSettings, parallelStats } from '../worker-pool.js';
import { configureParallelTopK, parallelTopKStats } from '../parallel-top-k.js';
import { topKKernels, type TopKKeyClass, type TopKSkip, type TopKSpec } from '../top-k-kernels.js';
import { defaultKernels } from '../../kernels/kernel-module.js';
import { heapAlloc, heapBytes, heapFree, type HeapBlock } from '../../../memory/wasm-heap.js';
import { rowComparator } from '../../exec/sort/row-comparator.js';
import { makeColumn, type Column } from '../../exec/column.js';
import type { DataType } from '../../../types/data-type.js';

const seed = Number(process.env['PYRALOG_SEED'] ?? Date.now() % 1_000_000);
let state = seed >>> 0 || 1;
function rand(): number {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

function randomF(): number | null {
  const r = rand();
  if (r < 0.08) return null;
  if (r < 0.14) return pick([Number.NaN, -0, 0, Infinity, -Infinity, 1e300, -1e-300]);
  return Math.floor(rand() * 50) / 4; // many ties
}
function randomG(): bigint | null {
  const r = rand();
  if (r < 0.06) return null;
  if (r < 0.8) return BigInt(Math.floor(rand() * 30) - 10);
  return pick([-(2n ** 63n), 2n ** 63n - 1n, 2n ** 53n + 1n, 2n ** 53n, -(2n ** 40n), 4294967295n, -4294967296n, 2n ** 32n]);
}

let dir: string;
let db: Database;
const before = parallelSettings();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pyralog-topk-'));
  db = Database.open(dir);
  db.createTable(
    't',
    [
      { name: 'id', type: 'int64', nullable: false },
      { name: 'f', type: 'float64', nullable: true },
      { name: 'g', type: 'int64', nullable: true },
      { name: 'd', type: 'date', nullable: true },
      { name: 'ts', type: 'timestamp', nullable: true },
      { name: 's', type: 'utf8', nullable: true },
    ],
    ['id'],
  );
  // days since the epoch (some before it), nanoseconds since the epoch (ties, negatives, past 2^53)
  const day = (): number | null => (rand() < 0.07 ? null : Math.floor(rand() * 40) - 5);
  const ts = (): bigint | null => (rand() < 0.07 ? null : pick([0n, -1n, 2n ** 60n, 1_700_000_000_000_000_000n + BigInt(Math.floor(rand() * 4)) * 1000n]));
  const row = (id: number) => ({ id: BigInt(id), f: randomF(), g: randomG(), d: day(), ts: ts(), s: rand() < 0.1 ? null : `s${Math.floor(rand() * 20)}` });
  const unique = (rows: ReturnType<typeof row>[]) => [...new Map(rows.map((r) => [r.id, r])).values()];
  // A flushed base (zero-copy heap morsels: workers), a flushed overwrite of one band,
  // and memtable rows and deletes in another (merged batches: the calling thread).
  db.table('t').upsert(Array.from({ length: 9_000 }, (_, i) => row(i)));
  db.flush('t');
  db.table('t').upsert(unique(Array.from({ length: 500 }, () => row(2000 + Math.floor(rand() * 800)))));
  db.flush('t');
  db.table('t').upsert(unique(Array.from({ length: 300 }, () => row(6000 + Math.floor(rand() * 900)))));
  db.table('t').delete(Array.from({ length: 80 }, (_, i) => [BigInt(6000 + i * 9)]));
});

afterAll(() => {
  db.close();
  configureParallelism({ workers: before.threads, minRows: before.minRows, morselRows: before.morselRows, rangeRows: before.rangeRows });
  closeWorkerPool();
  rmSync(dir, { recursive: true, force: true });
});

const QUERIES = [
  'from t | sort {-f, id} | take 10',
  'from t | sort {f} | take 25',
  'from t | sort {g, -f} | take 7',
  'from t | sort {-g} | take 50',
  'from t | sort {d, -ts} | take 13',
  'from t | sort {-ts, f, g} | take 300',
  'from t | sort {-d} | take 1',
  'from t | sort {f, g} | take 41..60',
  'from t | select {g, f} | sort {-f, -g} | take 12',
  'from t | sort {g} | take 20000',
];

function run(text: string, workers: number): unknown[] {
  configureParallelism({ workers, minRows: 0, morselRows: 500, rangeRows: 1500 });
  return db.querySync('prql', text).rows();
}

describe(`parallel top-k vs serial (seed ${seed})`, () => {
  it.each(QUERIES)('%s', (text) => {
    const serial = run(text, 0);
    expect(serial.length).toBeGreaterThan(0);
    expect(run(text, 1)).toEqual(serial);
    const workersBefore = parallelStats().rangesByWorkers + parallelStats().rangesByCaller;
    expect(run(text, 2)).toEqual(serial);
    expect(parallelStats().rangesByWorkers + parallelStats().rangesByCaller).toBeGreaterThan(workersBefore);
  });

  it('below the threshold replays the input into the serial top-k', () => {
    const text = 'from t | sort {-f, id} | take 10';
    const serial = run(text, 0);
    configureParallelism({ workers: 2, minRows: 1 << 20 });
    const ranges = parallelStats();
    expect(db.querySync('prql', text).rows()).toEqual(serial);
    expect(parallelStats()).toEqual(ranges);
  });

  it('below the threshold but past localMinRows runs the kernels on the calling thread alone', () => {
    const text = 'from t | sort {g, -f} | take 9';
    const serial = run(text, 0);
    const saved = parallelTopKStats().localMinRows;
    try {
      configureParallelTopK({ localMinRows: 1000 });
      configureParallelism({ workers: 2, minRows: 1 << 20, morselRows: 500, rangeRows: 1500 });
      const workers = parallelStats();
      const local = parallelTopKStats().localRanges;
      expect(db.querySync('prql', text).rows()).toEqual(serial);
      expect(parallelStats()).toEqual(workers);
      expect(parallelTopKStats().localRanges).toBeGreaterThan(local + 3);
    } finally {
      configureParallelTopK({ localMinRows: saved });
    }
  });

  it('past its budget of batches outside the column heap hands everything to the serial top-k', () => {
    const saved = parallelTopKStats().outsideBytes;
    try {
      for (const text of ['from t | sort {-f, id} | take 10', 'from t | sort {g, -f} | take 300']) {
        const serial = run(text, 0);
        configureParallelTopK({ outsideBytes: 0 }); // the merged batches (overwritten band, memtable) pass it
        const workers = parallelStats();
        const local = parallelTopKStats().localRanges;
        expect(run(text, 2)).toEqual(serial);
        expect(run(text, 1)).toEqual(serial);
        expect(parallelStats()).toEqual(workers);
        expect(parallelTopKStats().localRanges).toBe(local);
        configureParallelTopK({ outsideBytes: saved });
      }
    } finally {
      configureParallelTopK({ outsideBytes: saved });
    }
  });

  it('a text sort key keeps the serial operator', () => {
    expect(run('from t | sort {s, id} | take 5', 2)).toEqual(run('from t | sort {s, id} | take 5', 0));
  });
});

describe(`top-k kernel vs a stable sort (seed ${seed})`, () => {
  const TYPE: Record<TopKKeyClass, DataType> = { f64: 'float64', i32: 'date', i64: 'int64' };

  function column(cls: TopKKeyClass, n: number, withNulls: boolean): { col: Column; bitmap: Uint8Array | null; view: Float64Array | Int32Array } {
    const valid = new Uint8Array(n);
    const bitmap = new Uint8Array((n + 7) >> 3);
    let nulls = 0;
    for (let i = 0; i < n; i++) {
      valid[i] = withNulls && rand() < 0.1 ? 0 : 1;
      if (valid[i] === 1) bitmap[i >> 3]! |= 1 << (i & 7);
      else nulls++;
    }
    if (cls === 'f64') {
      const v = Float64Array.from({ length: n }, () => randomF() ?? 0);
      return { col: makeColumn('float64', v, valid, n), bitmap: nulls > 0 ? bitmap : null, view: v };
    }
    if (cls === 'i32') {
      const v = Int32Array.from({ length: n }, () => Math.floor(rand() * 9) - 4);
      return { col: makeColumn('date', v, valid, n), bitmap: nulls > 0 ? bitmap : null, view: v };
    }
    const v = BigInt64Array.from({ length: n }, () => randomG() ?? 0n);
    return { col: makeColumn('int64', v, valid, n), bitmap: nulls > 0 ? bitmap : null, view: new Int32Array(v.buffer) };
  }

  const simd = defaultKernels()?.topk_skip_f64 ?? null;
  const blocks: HeapBlock[] = [];
  afterAll(() => {
    for (const b of blocks) heapFree(b);
  });
  /** The column's values copied into the column heap (null when the heap refuses). */
  function inHeap<T extends Float64Array | Int32Array>(v: T): T | null {
    const b = heapAlloc(v.byteLength);
    if (b === null) return null;
    blocks.push(b);
    const bytes = heapBytes(b, v.byteLength);
    bytes.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    return (v instanceof Float64Array ? new Float64Array(bytes.buffer, bytes.byteOffset, v.length) : new Int32Array(bytes.buffer, bytes.byteOffset, v.length)) as T;
  }

  it.each([
    [1, 'js'],
    [3, 'js'],
    [17, 'js'],
    [300, 'js'],
    [1, 'simd'],
    [10, 'simd'],
    [250, 'simd'],
  ] as const)('k = %i over random keys in every direction and NULL placement (%s skip)', (k, mode) => {
    const skip: TopKSkip = mode === 'simd' ? simd : null;
    if (mode === 'simd' && simd === null) return; // kernels off in this environment: the JS cases cover the twin
    const kernels = topKKernels(skip);
    for (let trial = 0; trial < 24; trial++) {
      const n = 200 + Math.floor(rand() * 1500);
      const nk = 1 + Math.floor(rand() * 3);
      const classes = Array.from({ length: nk }, (_, j) => (mode === 'simd' && j === 0 ? 'f64' : pick<TopKKeyClass>(['f64', 'i32', 'i64'])));
      // the SIMD skip runs where the first key has no NULLs: give it that column most of the time
      const cols = classes.map((cls, j) => column(cls, n, !(mode === 'simd' && j === 0 && rand() < 0.7)));
      const views = cols.map((c) => (mode === 'simd' ? inHeap(c.view) : c.view));
      if (views.some((v) => v === null)) return;
      const spec: TopKSpec = { k, keys: classes.map((cls, j) => ({ col: j, cls, descending: rand() < 0.5, nullsFirst: rand() < 0.5 })) };
      // in morsels of uneven size, as a scan delivers them, grouped in ranges (each its own state;
      // later ranges start from the floor earlier ones left): the union holds the top k
      const union: number[] = [];
      let st = kernels.newState(spec, trial);
      let inRange = 0;
      for (let at = 0; at < n; ) {
        const m = Math.min(n - at, 1 + Math.floor(rand() * 400));
        const morsel = cols.map((c) => {
          const per = c.view.length / n;
          return { values: views[cols.indexOf(c)]!.subarray(at * per, (at + m) * per), bitmap: c.bitmap, bit: at };
        });
        kernels.run(spec, morsel, m, at, st, mode === 'simd');
        at += m;
        inRange += m;
        if (inRange > 500 || at === n) {
          const part = Array.from(kernels.finish(spec, st));
          expect(part.length).toBeLessThanOrEqual(k);
          union.push(...part);
          st = kernels.newState(spec, trial);
          inRange = 0;
        }
      }
      const cmp = rowComparator(classes.map((c) => TYPE[c]), spec.keys);
      const keyCols = cols.map((c) => c.col);
      const order = (xs: number[]): number[] => xs.sort((a, b) => cmp(keyCols, a, keyCols, b) || a - b).slice(0, k);
      const got = order(union);
      const want = order(Array.from({ length: n }, (_, i) => i));
      expect(got).toEqual(want);
    }
  });
});
