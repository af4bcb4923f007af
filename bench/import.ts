/**
 * Import benchmark: generates a 1M-row, 5-column CSV (int64 id, utf8 name,
 * float64 amount, bool flag, timestamp) and measures rows/s of
 * - pass 1 alone (parse + infer types over all rows),
 * - pass 2 alone (parse + build Arrow batches),
 * - the full import into an on-disk store (both passes + storage appends),
 *   compared with DuckDB's read_csv into a table (one thread, so both use one core).
 * Wall and CPU seconds are both reported: on a shared machine CPU time is the steadier number.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readCsvBatches } from '../src/io/csv/csv-batch-reader.js';
import { inferCsvSchema } from '../src/io/csv/infer-csv-schema.js';
import { importCsv } from '../src/io/import-csv.js';
import { openStore } from '../src/storage/index.js';

export interface BenchResult {
  suite: string;
  name: string;
  value: number;
  unit: string;
  compare?: { name: string; value: number; unit: string };
  note?: string;
}

/** Writes `rows` rows of deterministic pseudo-random data to `file`. */
export function generateCsv(file: string, rows: number): void {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, 'id,name,amount,flag,created_at\n');
    let seed = 42;
    const rand = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const base = Date.UTC(2020, 0, 1);
    const chunk: string[] = [];
    for (let i = 1; i <= rows; i++) {
      const name = i % 17 === 0 ? '"Smith, John"' : `name_${Math.floor(rand() * 100_000)}`;
      const amount = (rand() * 10_000).toFixed(2);
      const flag = rand() < 0.5 ? 'true' : 'false';
      const ts = new Date(base + Math.floor(rand() * 3e10)).toISOString().replace('Z', '');
      chunk.push(`${i},${name},${i % 50 === 0 ? '' : amount},${flag},${ts}\n`);
      if (chunk.length === 10_000) {
        fs.writeSync(fd, chunk.join(''));
        chunk.length = 0;
      }
    }
    fs.writeSync(fd, chunk.join(''));
  } finally {
    fs.closeSync(fd);
  }
}

/** Wall and CPU (user + system, this process) seconds of `fn`. */
async function timed<T>(fn: () => T | Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const value = await fn();
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  return { value, wall, cpu: (c.user + c.system) / 1e6 };
}

/** DuckDB's CSV reader into an on-disk table, for comparison. */
async function duckdbImport(file: string, dbFile: string): Promise<number> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(dbFile, { threads: '1' });
  const conn = await instance.connect();
  await conn.run(`CREATE TABLE events AS SELECT * FROM read_csv('${file.replace(/'/g, "''")}')`);
  const result = await conn.run('SELECT count(*) AS n FROM events');
  const rows = await result.getRows();
  conn.closeSync();
  instance.closeSync();
  return Number(rows[0]?.[0]);
}

export async function run(): Promise<BenchResult[]> {
  const rows = Number(process.env['PYRALOG_BENCH_IMPORT_ROWS'] ?? 1_000_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
  try {
    const file = path.join(dir, 'events.csv');
    generateCsv(file, rows);
    const mb = fs.statSync(file).size / 1e6;

    const pass1 = await timed(() => inferCsvSchema(file));
    const schema = pass1.value;
    const pass2 = await timed(() => {
      let built = 0;
      readCsvBatches(schema, (b) => (built += b.numRows));
      return built;
    });

    const store = openStore(path.join(dir, 'db'));
    const full = await timed(() => importCsv(store, file));
    store.close();
    if (full.value.rows !== rows || pass2.value !== rows) throw new Error(`imported ${full.value.rows} / built ${pass2.value} rows, expected ${rows}`);
    const duck = await timed(() => duckdbImport(file, path.join(dir, 'duck.db')));
    if (duck.value !== rows) throw new Error(`DuckDB imported ${duck.value} rows, expected ${rows}`);

    const note = `${rows.toLocaleString('en-US')} rows, 5 columns, ${mb.toFixed(1)} MB`;
    const cpu = (t: { wall: number; cpu: number }): string => `wall ${t.wall.toFixed(1)} s, cpu ${t.cpu.toFixed(1)} s`;
    return [
      { suite: 'import', name: 'csv pass 1: parse + infer types', value: rows / pass1.wall, unit: 'rows/s', note: `${(mb / pass1.wall).toFixed(0)} MB/s, ${cpu(pass1)}` },
      { suite: 'import', name: 'csv pass 2: parse + build Arrow batches', value: rows / pass2.wall, unit: 'rows/s', note: `${(mb / pass2.wall).toFixed(0)} MB/s, ${cpu(pass2)}` },
      {
        suite: 'import',
        name: 'importCsv into on-disk store',
        value: rows / full.wall,
        unit: 'rows/s',
        compare: { name: 'DuckDB read_csv into a table (1 thread)', value: rows / duck.wall, unit: 'rows/s' },
        note: `${note}; ours ${cpu(full)}; DuckDB ${cpu(duck)}`,
      },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await run();
  for (const r of results) {
    console.log(`${r.suite.padEnd(8)} ${r.name.padEnd(42)} ${Math.round(r.value).toLocaleString('en-US').padStart(12)} ${r.unit}${r.note ? `  (${r.note})` : ''}`);
    if (r.compare) console.log(`${''.padEnd(8)} vs ${r.compare.name.padEnd(39)} ${Math.round(r.compare.value).toLocaleString('en-US').padStart(12)} ${r.compare.unit}`);
  }
}
