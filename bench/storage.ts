/**
 * Storage benchmarks: bulk ingest of 1M 5-column rows through appendBatch
 * (vs better-sqlite3 inserting the same rows in one transaction), point gets
 * through a snapshot (vs raw lmdb-js `get` on the same keys), and a full scan
 * of one int64 column of 10M rows with and without zone-map skipping, and a
 * scan of a 1M-row table made of many overlapping level-0 segments (vs the
 * same data fully compacted). tinybench samples (a fresh store per ingest
 * sample); PYRALOG_BENCH_QUICK=1 shrinks every size 10×.
 *
 * `node dist/bench/storage.js [section...]` runs only the named sections:
 * ingest, point, scan, overlap (all when none is given).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Bool, Float64, Int64, makeData, makeVector, RecordBatch, TimestampNanosecond, Utf8, type Vector } from 'apache-arrow';
import Database from 'better-sqlite3';
import { open as openLmdb } from 'lmdb';
import { openStore, type Store } from '../src/storage/index.js';
import { measure, measureAll, QUICK } from './lib/harness.js';
import { fromStats, MS, rate } from './lib/result.js';
import type { BenchResult } from './lib/types.js';

const SUITE = 'storage';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'pyralog-bench-storage-'));
}

interface Cols {
  id: BigInt64Array;
  name: string[];
  amount: Float64Array;
  flag: Uint8Array;
  ts: BigInt64Array;
}

export function generate(first: number, n: number): Cols {
  const c: Cols = { id: new BigInt64Array(n), name: new Array(n), amount: new Float64Array(n), flag: new Uint8Array(n), ts: new BigInt64Array(n) };
  let seed = first + 7;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    c.id[i] = BigInt(first + i);
    c.name[i] = `name_${seed % 100000}`;
    c.amount[i] = (seed % 1000000) / 100;
    c.flag[i] = seed & 1;
    c.ts[i] = 1_600_000_000_000_000_000n + BigInt(first + i) * 1_000_000_000n;
  }
  return c;
}

function vec(data: unknown): Vector {
  return makeVector(data as never) as Vector;
}

export function toBatch(c: Cols): RecordBatch {
  const n = c.id.length;
  const enc = new TextEncoder();
  const parts = c.name.map((s) => enc.encode(s));
  const offsets = new Int32Array(n + 1);
  let total = 0;
  parts.forEach((p, i) => {
    total += p.length;
    offsets[i + 1] = total;
  });
  const bytes = new Uint8Array(total);
  parts.forEach((p, i) => bytes.set(p, offsets[i]!));
  const flags = new Uint8Array(((n + 63) >> 6) << 3);
  for (let i = 0; i < n; i++) if (c.flag[i]) flags[i >> 3]! |= 1 << (i & 7);
  return new RecordBatch({
    id: vec(makeData({ type: new Int64(), length: n, nullCount: 0, data: c.id })),
    name: vec(makeData({ type: new Utf8(), length: n, nullCount: 0, data: bytes, valueOffsets: offsets })),
    amount: vec(makeData({ type: new Float64(), length: n, nullCount: 0, data: c.amount })),
    flag: vec(makeData({ type: new Bool(), length: n, nullCount: 0, data: flags })),
    ts: vec(makeData({ type: new TimestampNanosecond(), length: n, nullCount: 0, data: c.ts })),
  } as never) as RecordBatch;
}

export const FIELDS = [
  { name: 'id', type: 'int64', nullable: false },
  { name: 'name', type: 'utf8', nullable: false },
  { name: 'amount', type: 'float64', nullable: false },
  { name: 'flag', type: 'bool', nullable: false },
  { name: 'ts', type: 'timestamp', nullable: false },
] as const;

/** Ingest into fresh stores, one per sample; returns the results and the directory of the last store (kept for the point gets). */
async function ingest(rows: number, withSqlite: boolean): Promise<{ results: BenchResult[]; dir: string }> {
  const chunk = Math.min(100_000, rows);
  const batches: RecordBatch[] = [];
  const raw: Cols[] = [];
  for (let first = 0; first < rows; first += chunk) {
    const c = generate(first, Math.min(chunk, rows - first));
    raw.push(c);
    batches.push(toBatch(c));
  }
  const dirs: string[] = [];
  let store: Store | undefined;
  const pyralog = {
    beforeEach: () => {
      dirs.push(tmp());
      store = openStore(dirs[dirs.length - 1]!);
      store.createTable({ name: 't', fields: FIELDS, primaryKey: ['id'] });
    },
    fn: () => {
      for (const b of batches) store!.write((tx) => tx.table('t').appendBatch(b));
    },
    afterEach: () => store?.close(),
  };
  let db: Database.Database | undefined;
  let sqliteDir = '';
  const sqlite = {
    beforeEach: () => {
      sqliteDir = tmp();
      db = new Database(join(sqliteDir, 'bench.db'));
      db.pragma('journal_mode = WAL');
      db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, amount REAL NOT NULL, flag INTEGER NOT NULL, ts INTEGER NOT NULL)');
      db.defaultSafeIntegers(true);
    },
    fn: () => {
      const ins = db!.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?)');
      db!.transaction(() => {
        for (const c of raw) for (let i = 0; i < c.id.length; i++) ins.run(c.id[i]!, c.name[i]!, c.amount[i]!, c.flag[i]!, c.ts[i]!);
      })();
    },
    afterEach: () => {
      db?.close();
      rmSync(sqliteDir, { recursive: true, force: true });
    },
  };
  const m = await measureAll(withSqlite ? { pyralog, sqlite } : { pyralog }, { iterations: 3, time: 0 });
  const dir = dirs.pop()!;
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  if (!withSqlite) return { dir, results: [] };
  return {
    dir,
    results: [
      fromStats(SUITE, `ingest ${rows / 1e6}M 5-col rows (appendBatch, ${chunk / 1000}k-row batches)`, m['pyralog']!, rate('M rows/s', rows, 1e6), {
        compare: { name: 'better-sqlite3 one transaction', stats: m['sqlite']! },
        note: 'a fresh store / SQLite file per sample',
      }),
    ],
  };
}

async function pointGets(dir: string, rows: number): Promise<BenchResult[]> {
  const n = QUICK ? 10_000 : 100_000;
  const keys: bigint[] = [];
  let seed = 99;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    keys.push(BigInt(seed % rows));
  }
  const results: BenchResult[] = [];
  // Raw lmdb-js on the same keys: 8-byte big-endian keys, a small row as value.
  const rawDir = tmp();
  const env = openLmdb({ path: rawDir, overlappingSync: false });
  const rawDb = env.openDB({ name: 'r', keyEncoding: 'binary', encoding: 'binary' });
  const keyBuf = (k: bigint): Buffer => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(k);
    return b;
  };
  env.transactionSync(() => {
    for (let i = 0; i < rows; i++) rawDb.putSync(keyBuf(BigInt(i)), Buffer.from(`name_${i}|${i / 100}|1|${i}`));
  });
  const rawKeys = keys.map(keyBuf);
  const store = openStore(dir);
  store.createTable({ name: 'm', fields: FIELDS, primaryKey: ['id'] });
  const memRows = Math.min(rows, 100_000);
  const c = generate(0, memRows);
  store.write((tx) => {
    const rowsIn = [];
    for (let i = 0; i < memRows; i++) rowsIn.push({ id: c.id[i]!, name: c.name[i]!, amount: c.amount[i]!, flag: c.flag[i] === 1, ts: c.ts[i]! });
    tx.table('m').upsert(rowsIn);
  });
  const memKeys = keys.map((k) => k % BigInt(memRows));
  const snap = store.snapshot();
  for (let i = 0; i < 1000; i++) snap.get('t', [keys[i]!]); // warm the segment cache
  let found = 0;
  const m = await measureAll(
    {
      raw: () => {
        for (const k of rawKeys) if (rawDb.get(k) === undefined) throw new Error('raw key missing');
      },
      segments: () => {
        found = 0;
        for (const k of keys) if (snap.get('t', [k]) !== undefined) found++;
      },
      memtable: () => {
        for (const k of memKeys) if (snap.get('m', [k]) === undefined) throw new Error('memtable key missing');
      },
    },
    { iterations: 5, time: 0 },
  );
  snap.close();
  store.close();
  env.close();
  rmSync(rawDir, { recursive: true, force: true });
  const gets = rate('M gets/s', n, 1e6);
  const vsRaw = { name: 'raw lmdb-js get', stats: m['raw']! };
  results.push(fromStats(SUITE, `point get, rows in segments (${found}/${n} found)`, m['segments']!, gets, { compare: vsRaw }));
  results.push(fromStats(SUITE, 'point get, rows in the memtable', m['memtable']!, gets, { compare: vsRaw }));
  return results;
}

async function scans(rows: number): Promise<BenchResult[]> {
  const dir = tmp();
  const store = openStore(dir);
  store.createTable({
    name: 's',
    fields: [
      { name: 'k', type: 'int64', nullable: false },
      { name: 'v', type: 'int64', nullable: false },
    ],
    primaryKey: ['k'],
  });
  const chunk = Math.min(1_000_000, rows);
  for (let first = 0; first < rows; first += chunk) {
    const k = new BigInt64Array(chunk);
    const v = new BigInt64Array(chunk);
    for (let i = 0; i < chunk; i++) {
      k[i] = BigInt(first + i);
      v[i] = BigInt((first + i) * 7);
    }
    const batch = new RecordBatch({
      k: vec(makeData({ type: new Int64(), length: chunk, nullCount: 0, data: k })),
      v: vec(makeData({ type: new Int64(), length: chunk, nullCount: 0, data: v })),
    } as never) as RecordBatch;
    store.write((tx) => tx.table('s').appendBatch(batch));
  }
  const results: BenchResult[] = [];
  const sum = (predicates: { column: string; op: '>=' | '<'; value: bigint }[]): { rows: number; total: number } => {
    const snap = store.snapshot();
    // Touch every value: xor of the 32-bit halves (a BigInt sum would measure BigInt arithmetic, not the scan).
    let total = 0;
    let n = 0;
    for (const b of snap.scan('s', { columns: ['v'], predicates, batchSize: 65536 })) {
      const a = b.getChildAt(0)!.data[0]!.values as BigInt64Array;
      const w = new Int32Array(a.buffer, a.byteOffset, a.length * 2);
      for (let i = 0; i < w.length; i++) total ^= w[i]!;
      n += b.numRows;
    }
    snap.close();
    return { rows: n, total };
  };
  const lo = BigInt(Math.floor(rows / 2));
  const range = [
    { column: 'k', op: '>=' as const, value: lo },
    { column: 'k', op: '<' as const, value: lo + 100_000n },
  ];
  let fullRows = 0;
  let selRows = 0;
  const m = await measureAll({ full: () => void (fullRows = sum([]).rows), range: () => void (selRows = sum(range).rows) }, { iterations: 5, time: 0, warmup: 1 });
  const full = m['full']!;
  results.push(
    fromStats(SUITE, `full scan of one int64 column, ${rows / 1e6}M rows (every value read)`, full, rate('GB/s', fullRows * 8, 1e9), {
      note: `${(fullRows / (full.median / 1000) / 1e6).toFixed(1)} M rows/s`,
    }),
  );
  results.push(fromStats(SUITE, 'scan with selective zone-map predicate (k in a 100k range)', m['range']!, MS, { compare: { name: 'full scan', stats: full }, note: `${selRows} rows read of ${rows}` }));
  store.close();
  rmSync(dir, { recursive: true, force: true });
  return results;
}

/**
 * A 1M-row table written as `segments` level-0 segments of random keys (a
 * permutation of 0..rows-1 cut into chunks, so every segment spans the whole
 * key range), plus `upserts` more segments re-writing random existing keys;
 * compaction off. Scans both columns, then compacts and scans again.
 */
async function overlapScan(rows: number, segments: number, upserts: number): Promise<BenchResult[]> {
  const dir = tmp();
  const store = openStore(dir, { autoCompact: false });
  store.createTable({
    name: 'o',
    fields: [
      { name: 'k', type: 'int64', nullable: false },
      { name: 'v', type: 'int64', nullable: false },
    ],
    primaryKey: ['k'],
  });
  const perm = new Int32Array(rows);
  for (let i = 0; i < rows; i++) perm[i] = i;
  let seed = 12345;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let i = rows - 1; i > 0; i--) {
    const j = rnd(i + 1);
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  const chunk = Math.ceil(rows / segments);
  const write = (keys: ArrayLike<number>, tag: number): void => {
    const n = keys.length;
    const k = new BigInt64Array(n);
    const v = new BigInt64Array(n);
    for (let i = 0; i < n; i++) {
      k[i] = BigInt(keys[i]!);
      v[i] = BigInt(keys[i]! * 7 + tag);
    }
    const batch = new RecordBatch({
      k: vec(makeData({ type: new Int64(), length: n, nullCount: 0, data: k })),
      v: vec(makeData({ type: new Int64(), length: n, nullCount: 0, data: v })),
    } as never) as RecordBatch;
    store.write((tx) => tx.table('o').appendBatch(batch));
  };
  for (let first = 0; first < rows; first += chunk) write(perm.subarray(first, Math.min(rows, first + chunk)), 0);
  for (let u = 0; u < upserts; u++) {
    const keys = new Int32Array(chunk);
    for (let i = 0; i < chunk; i++) keys[i] = rnd(rows);
    write(keys, u + 1);
  }
  let count = 0;
  let sink = 0;
  const scanOnce = (): void => {
    const snap = store.snapshot();
    let n = 0;
    let x = 0;
    for (const b of snap.scan('o', { columns: ['k', 'v'], batchSize: 65536 })) {
      const a = b.getChildAt(1)!.data[0]!.values as BigInt64Array;
      const w = new Int32Array(a.buffer, a.byteOffset, a.length * 2);
      for (let i = 0; i < w.length; i++) x ^= w[i]!;
      n += b.numRows;
    }
    snap.close();
    count = n;
    sink ^= x;
  };
  const opts = { iterations: 3, time: 0, warmup: 1 };
  const overlapped = await measure(scanOnce, opts);
  const overlappedRows = count;
  store.compact('o');
  const compacted = await measure(scanOnce, opts);
  store.close();
  rmSync(dir, { recursive: true, force: true });
  if (overlappedRows !== count) throw new Error(`overlapped scan saw ${overlappedRows} rows, compacted ${count}`);
  return [
    fromStats(SUITE, `scan 2 int64 cols, ${rows / 1e6}M rows in ${segments}+${upserts} overlapping L0 segments`, overlapped, rate('M rows/s', count, 1e6), {
      compare: { name: 'same data compacted', stats: compacted },
      note: `checksum ${sink}`,
    }),
  ];
}

export async function run(sections: readonly string[] = []): Promise<BenchResult[]> {
  const want = (s: string): boolean => sections.length === 0 || sections.includes(s);
  const rows = QUICK ? 100_000 : 1_000_000;
  const results: BenchResult[] = [];
  if (want('ingest') || want('point')) {
    const ingested = await ingest(rows, want('ingest'));
    results.push(...ingested.results);
    if (want('point')) results.push(...(await pointGets(ingested.dir, rows)));
    rmSync(ingested.dir, { recursive: true, force: true });
  }
  if (want('scan')) results.push(...(await scans(Number(process.env['PYRALOG_BENCH_SCAN_ROWS'] ?? (QUICK ? 1_000_000 : 10_000_000)))));
  if (want('overlap')) results.push(...(await overlapScan(rows, QUICK ? 8 : 64, QUICK ? 2 : 16)));
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { printResults } = await import('./run.js');
  console.log(printResults(await run(process.argv.slice(2))));
}
