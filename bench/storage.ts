/**
 * Storage benchmarks: bulk ingest of 1M 5-column rows through appendBatch
 * (vs better-sqlite3 inserting the same rows in one transaction), point gets
 * through a snapshot (vs raw lmdb-js `get` on the same keys), and a full scan
 * of one int64 column of 10M rows with and without zone-map skipping.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Bool, Float64, Int64, makeData, makeVector, RecordBatch, TimestampNanosecond, Utf8, type Vector } from 'apache-arrow';
import Database from 'better-sqlite3';
import { open as openLmdb } from 'lmdb';
import { openStore } from '../src/storage/index.js';

export interface BenchResult {
  suite: string;
  name: string;
  value: number;
  unit: string;
  compare?: { name: string; value: number; unit: string };
  note?: string;
}

const SUITE = 'storage';

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

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

async function ingest(rows: number): Promise<{ results: BenchResult[]; dir: string }> {
  const chunk = 100_000;
  const batches: RecordBatch[] = [];
  const raw: Cols[] = [];
  for (let first = 0; first < rows; first += chunk) {
    const c = generate(first, Math.min(chunk, rows - first));
    raw.push(c);
    batches.push(toBatch(c));
  }
  const dir = tmp();
  const store = openStore(dir);
  store.createTable({ name: 't', fields: FIELDS, primaryKey: ['id'] });
  let t0 = process.hrtime.bigint();
  for (const b of batches) store.write((tx) => tx.table('t').appendBatch(b));
  const ours = rows / seconds(t0);
  store.close();

  const sqliteDir = tmp();
  const db = new Database(join(sqliteDir, 'bench.db'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, amount REAL NOT NULL, flag INTEGER NOT NULL, ts INTEGER NOT NULL)');
  const ins = db.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?)');
  db.defaultSafeIntegers(true);
  t0 = process.hrtime.bigint();
  db.transaction(() => {
    for (const c of raw) for (let i = 0; i < c.id.length; i++) ins.run(c.id[i]!, c.name[i]!, c.amount[i]!, c.flag[i]!, c.ts[i]!);
  })();
  const sqlite = rows / seconds(t0);
  db.close();
  rmSync(sqliteDir, { recursive: true, force: true });
  return {
    dir,
    results: [
      {
        suite: SUITE,
        name: `ingest ${rows / 1e6}M 5-col rows (appendBatch, 100k-row batches)`,
        value: ours / 1e6,
        unit: 'M rows/s',
        compare: { name: 'better-sqlite3 one transaction', value: sqlite / 1e6, unit: 'M rows/s' },
      },
    ],
  };
}

function pointGets(dir: string, rows: number): BenchResult[] {
  const n = 100_000;
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
  let t0 = process.hrtime.bigint();
  let found = 0;
  for (const k of rawKeys) if (rawDb.get(k) !== undefined) found++;
  const raw = n / seconds(t0);
  env.close();
  rmSync(rawDir, { recursive: true, force: true });

  const store = openStore(dir);
  const snap = store.snapshot();
  for (let i = 0; i < 1000; i++) snap.get('t', [keys[i]!]); // warm the segment cache
  t0 = process.hrtime.bigint();
  found = 0;
  for (const k of keys) if (snap.get('t', [k]) !== undefined) found++;
  const seg = n / seconds(t0);
  snap.close();
  results.push({
    suite: SUITE,
    name: `point get, rows in segments (${found}/${n} found)`,
    value: seg / 1e6,
    unit: 'M gets/s',
    compare: { name: 'raw lmdb-js get', value: raw / 1e6, unit: 'M gets/s' },
    note: `ratio ${(seg / raw).toFixed(2)}x`,
  });

  // Rows still in the memtable.
  store.createTable({ name: 'm', fields: FIELDS, primaryKey: ['id'] });
  const memRows = 100_000;
  const c = generate(0, memRows);
  store.write((tx) => {
    const rowsIn = [];
    for (let i = 0; i < memRows; i++) rowsIn.push({ id: c.id[i]!, name: c.name[i]!, amount: c.amount[i]!, flag: c.flag[i] === 1, ts: c.ts[i]! });
    tx.table('m').upsert(rowsIn);
  });
  const s2 = store.snapshot();
  t0 = process.hrtime.bigint();
  for (const k of keys) s2.get('m', [k % BigInt(memRows)]);
  const mem = n / seconds(t0);
  s2.close();
  store.close();
  results.push({
    suite: SUITE,
    name: 'point get, rows in the memtable',
    value: mem / 1e6,
    unit: 'M gets/s',
    compare: { name: 'raw lmdb-js get', value: raw / 1e6, unit: 'M gets/s' },
    note: `ratio ${(mem / raw).toFixed(2)}x`,
  });
  return results;
}

function scans(rows: number): BenchResult[] {
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
  const chunk = 1_000_000;
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
  const sum = (predicates: { column: string; op: '>=' | '<'; value: bigint }[]): { secs: number; rows: number; total: number } => {
    const snap = store.snapshot();
    const t0 = process.hrtime.bigint();
    // Touch every value: xor of the 32-bit halves (a BigInt sum would measure BigInt arithmetic, not the scan).
    let total = 0;
    let n = 0;
    for (const b of snap.scan('s', { columns: ['v'], predicates, batchSize: 65536 })) {
      const a = b.getChildAt(0)!.data[0]!.values as BigInt64Array;
      const w = new Int32Array(a.buffer, a.byteOffset, a.length * 2);
      for (let i = 0; i < w.length; i++) total ^= w[i]!;
      n += b.numRows;
    }
    const secs = seconds(t0);
    snap.close();
    return { secs, rows: n, total };
  };
  sum([]); // warm
  const full = sum([]);
  results.push({
    suite: SUITE,
    name: `full scan of one int64 column, ${rows / 1e6}M rows (every value read)`,
    value: (full.rows * 8) / full.secs / 1e9,
    unit: 'GB/s',
    note: `${(full.rows / full.secs / 1e6).toFixed(1)} M rows/s`,
  });
  const lo = BigInt(Math.floor(rows / 2));
  const sel = sum([
    { column: 'k', op: '>=', value: lo },
    { column: 'k', op: '<', value: lo + 100_000n },
  ]);
  results.push({
    suite: SUITE,
    name: 'scan with selective zone-map predicate (k in a 100k range)',
    value: sel.secs * 1000,
    unit: 'ms',
    compare: { name: 'full scan', value: full.secs * 1000, unit: 'ms' },
    note: `${sel.rows} rows read of ${rows}`,
  });
  store.close();
  rmSync(dir, { recursive: true, force: true });
  return results;
}

export async function run(): Promise<BenchResult[]> {
  const rows = 1_000_000;
  const { results, dir } = await ingest(rows);
  results.push(...pointGets(dir, rows));
  rmSync(dir, { recursive: true, force: true });
  results.push(...scans(Number(process.env['PYRALOG_BENCH_SCAN_ROWS'] ?? 10_000_000)));
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await run();
  for (const r of results) {
    const cmp = r.compare ? `  vs ${r.compare.name}: ${r.compare.value.toFixed(3)} ${r.compare.unit}` : '';
    console.log(`${r.name.padEnd(64)} ${r.value.toFixed(3).padStart(10)} ${r.unit}${cmp}${r.note ? `  (${r.note})` : ''}`);
  }
}
