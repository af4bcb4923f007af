/**
 * Ingest benchmark (issue #12): rows/s of loading a 4-column table (int64 id
 * key, int64 k, int64 q, float64 v) into an on-disk database through the
 * public API, in batches of 100k rows, each batch its own durable commit:
 * - row objects through `db.table('f').insert(rows)`,
 * - Arrow record batches through `tx.table('f').appendBatch(batch)`,
 * - a CSV file of the same rows through the importer, every type forced
 *   (`--type`, one pass that checks and loads) and every type inferred (a
 *   pass to infer and check, a pass to load); each import one durable
 *   commit, median of 3 after an untimed import of a small file,
 * beside better-sqlite3 in the same run: a prepared INSERT of the same row
 * objects, one transaction per batch, into a file database (rollback journal,
 * synchronous=FULL: durable per commit, like Pyralog's LMDB).
 * Batches are built before their sample starts; a sample is one batch.
 * Usage: node dist/bench/ingest.js [batches=10] [--only sqlite,rows,arrow,csv]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Float64, Int64, makeData, RecordBatch, Schema, Field, Struct } from 'apache-arrow';
import SqliteDatabase from 'better-sqlite3';
import { open } from '../src/index.js';
import { importCsv } from '../src/io/import-csv.js';
import { QUICK, statsOf, type Stats } from './lib/harness.js';
import type { BenchResult } from './lib/types.js';

const SUITE = 'ingest';
const BATCH = QUICK ? 10_000 : 100_000;

type FRow = Record<'id' | 'k' | 'q', bigint> & Record<'v', number> & Record<string, bigint | number>;

function rowsFrom(start: number, n: number): FRow[] {
  const rows: FRow[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const id = start + i;
    rows[i] = { id: BigInt(id), k: BigInt(id % 1000), q: BigInt((id * 7919) % 100), v: (id % 10_007) * 0.25 };
  }
  return rows;
}

function batchFrom(start: number, n: number): RecordBatch {
  const id = new BigInt64Array(n);
  const k = new BigInt64Array(n);
  const q = new BigInt64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = start + i;
    id[i] = BigInt(x);
    k[i] = BigInt(x % 1000);
    q[i] = BigInt((x * 7919) % 100);
    v[i] = (x % 10_007) * 0.25;
  }
  const fields = [new Field('id', new Int64(), false), new Field('k', new Int64(), true), new Field('q', new Int64(), true), new Field('v', new Float64(), true)];
  const children = [
    makeData({ type: new Int64(), length: n, nullCount: 0, data: id }),
    makeData({ type: new Int64(), length: n, nullCount: 0, data: k }),
    makeData({ type: new Int64(), length: n, nullCount: 0, data: q }),
    makeData({ type: new Float64(), length: n, nullCount: 0, data: v }),
  ];
  const schema = new Schema(fields);
  return new RecordBatch(schema, makeData({ type: new Struct(fields), length: n, nullCount: 0, children }));
}

/** 95 % relative margin of error of the mean, in percent. */
function rmeOf(samples: readonly number[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const mean = samples.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(samples.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return ((1.96 * sd) / Math.sqrt(n) / mean) * 100;
}

/** Times `step(b)` for batches 0..batches-1 (each prepared by `prepare(b)` untimed); ms per batch. */
function sampleBatches<T>(batches: number, prepare: (b: number) => T, step: (input: T) => void): Stats {
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const input = prepare(b);
    const t0 = performance.now();
    step(input);
    samples.push(performance.now() - t0);
  }
  return statsOf(samples, rmeOf(samples));
}

function rowsPerSec(s: Stats): number {
  return (BATCH / s.median) * 1000;
}

function cpuOf(fn: () => void): number {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

const COLUMNS = [
  { name: 'id', type: 'int64' },
  { name: 'k', type: 'int64' },
  { name: 'q', type: 'int64' },
  { name: 'v', type: 'float64' },
] as const;

function writeCsv(file: string, rows: number): void {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, 'id,k,q,v\n');
    for (let start = 0; start < rows; start += 10_000) {
      const lines: string[] = [];
      for (let x = start; x < Math.min(rows, start + 10_000); x++) lines.push(`${x},${x % 1000},${(x * 7919) % 100},${(x % 10_007) * 0.25}\n`);
      fs.writeSync(fd, lines.join(''));
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The cases of this suite; `--only` picks some. */
export type IngestCase = 'sqlite' | 'rows' | 'arrow' | 'csv';
const ALL_CASES: readonly IngestCase[] = ['sqlite', 'rows', 'arrow', 'csv'];

const CSV_TYPES = { id: 'int64', k: 'int64', q: 'int64', v: 'float64' } as const;

/**
 * Times `reps` CSV imports of `file` (tables `${table}1`…), after one untimed
 * import of the small `warm` file (as the row cases' median leaves their cold
 * first batch out); ms per import in the stats, CPU rate of the median one.
 */
async function timeImports(db: ReturnType<typeof open>, file: string, warm: string, table: string, forced: boolean, reps: number): Promise<{ stats: Stats; cpuRate: number; tables: string[] }> {
  const options = (name: string) => ({ table: name, key: 'id', ...(forced ? { types: CSV_TYPES } : {}) });
  await importCsv(db.storage, warm, options(`${table}_warm`));
  const samples: { ms: number; cpuMs: number; rows: number }[] = [];
  const tables: string[] = [];
  for (let r = 1; r <= reps; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await importCsv(db.storage, file, options(`${table}${r}`));
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    samples.push({ ms, cpuMs: (c.user + c.system) / 1000, rows: result.rows });
    tables.push(`${table}${r}`);
  }
  const ms = samples.map((x) => x.ms);
  const median = [...samples].sort((a, b) => a.ms - b.ms)[samples.length >> 1]!;
  return { stats: statsOf(ms, rmeOf(ms)), cpuRate: (median.rows / median.cpuMs) * 1000, tables };
}

export async function run(batches = QUICK ? 3 : 10, only: readonly IngestCase[] = ALL_CASES): Promise<BenchResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-ingest-'));
  const out: BenchResult[] = [];
  try {
    // SQLite: the comparison, same row objects, one prepared INSERT, one transaction per batch.
    let sqliteCmp: BenchResult['compare'];
    if (only.includes('sqlite')) {
      const sqlite = new SqliteDatabase(path.join(dir, 'sqlite.db'));
      sqlite.pragma('synchronous = FULL');
      sqlite.exec('CREATE TABLE f (id INTEGER PRIMARY KEY, k INTEGER, q INTEGER, v REAL)');
      const insert = sqlite.prepare('INSERT INTO f (id, k, q, v) VALUES (@id, @k, @q, @v)');
      const loadSqlite = sqlite.transaction((rows: readonly FRow[]) => {
        for (const r of rows) insert.run(r);
      });
      const sqliteStats = sampleBatches(batches, (b) => rowsFrom(b * BATCH, BATCH), (rows) => loadSqlite(rows));
      sqlite.close();
      sqliteCmp = { name: 'better-sqlite3 prepared INSERT, 1 txn/batch', value: rowsPerSec(sqliteStats), unit: 'rows/s', stats: sqliteStats };
    }
    const cmp = sqliteCmp === undefined ? {} : { compare: sqliteCmp };

    const db = open(path.join(dir, 'pyralog'));
    const csvRows = batches * BATCH;
    const tables: string[] = [];
    if (only.includes('rows')) {
      db.createTable('f', COLUMNS, ['id']);
      const table = db.table('f');
      let cpu = 0;
      const rowStats = sampleBatches(batches, (b) => rowsFrom(b * BATCH, BATCH), (rows) => (cpu += cpuOf(() => table.insert(rows))));
      const rowCpu = cpu / batches;
      tables.push('f');
      out.push({
        suite: SUITE,
        name: `insert row objects (${BATCH / 1000}k/batch, on disk)`,
        value: rowsPerSec(rowStats),
        unit: 'rows/s',
        stats: rowStats,
        ...cmp,
        note: `${((BATCH / rowCpu) * 1000 / 1e6).toFixed(2)}M rows/s of CPU; median of ${batches} batches, ms per batch in stats`,
      });
    }
    if (only.includes('arrow')) {
      db.createTable('g', COLUMNS, ['id']);
      const arrowStats = sampleBatches(batches, (b) => batchFrom(b * BATCH, BATCH), (batch) => db.transaction((tx) => tx.table('g').appendBatch(batch)));
      tables.push('g');
      out.push({ suite: SUITE, name: `appendBatch Arrow (${BATCH / 1000}k/batch, on disk)`, value: rowsPerSec(arrowStats), unit: 'rows/s', stats: arrowStats, ...cmp });
    }
    if (only.includes('csv')) {
      const csv = path.join(dir, 'h.csv');
      writeCsv(csv, csvRows);
      const warm = path.join(dir, 'warm.csv');
      writeCsv(warm, 20_000);
      const reps = QUICK ? 1 : 3;
      const forced = await timeImports(db, csv, warm, 'h', true, reps);
      const inferred = await timeImports(db, csv, warm, 'i', false, reps);
      tables.push(...forced.tables, ...inferred.tables);
      out.push({
        suite: SUITE,
        name: `import CSV, types forced (${csvRows / 1000}k rows, on disk)`,
        value: (csvRows / forced.stats.median) * 1000,
        unit: 'rows/s',
        stats: forced.stats,
        ...cmp,
        note: `one pass checks and loads; median of ${reps} imports, ms per import in stats; ${(forced.cpuRate / 1e6).toFixed(2)}M rows/s of CPU`,
      });
      out.push({
        suite: SUITE,
        name: `import CSV, types inferred (${csvRows / 1000}k rows, on disk)`,
        value: (csvRows / inferred.stats.median) * 1000,
        unit: 'rows/s',
        stats: inferred.stats,
        ...cmp,
        note: `inference pass + load pass; median of ${reps} imports, ms per import in stats; ${(inferred.cpuRate / 1e6).toFixed(2)}M rows/s of CPU`,
      });
    }
    const counts = tables.map((t) => db.querySync('prql', `from ${t} | aggregate {n = count this}`).arrays()[0]?.[0]);
    db.close();
    if (counts.some((c) => c !== BigInt(csvRows))) throw new Error(`ingest bench: row counts ${counts.join(', ')} of ${tables.join(', ')}, expected ${csvRows}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--only');
  const only = at < 0 ? ALL_CASES : (args[at + 1] ?? '').split(',').filter((c): c is IngestCase => (ALL_CASES as readonly string[]).includes(c));
  const positional = args.filter((_, i) => at < 0 || (i !== at && i !== at + 1));
  const results = await run(Number(positional[0] ?? (QUICK ? 3 : 10)), only);
  for (const r of results) {
    const cmp = r.compare === undefined ? '' : `   vs ${r.compare.name}: ${Math.round(r.compare.value)} ${r.compare.unit} (${(r.value / r.compare.value).toFixed(2)}×)`;
    console.log(`${r.name.padEnd(44)} ${String(Math.round(r.value)).padStart(9)} ${r.unit}${cmp}${r.note === undefined ? '' : `  (${r.note})`}`);
  }
}
