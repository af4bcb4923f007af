/**
 * Import benchmark: generates a 1M-row, 5-column CSV (int64 id, utf8 name,
 * float64 amount, bool flag, timestamp) and measures rows/s of
 * - pass 1 alone (parse + infer types over all rows),
 * - pass 2 alone (parse + build Arrow batches),
 * - the full import into an on-disk store (both passes + storage appends),
 *   compared with DuckDB's read_csv into a table (one thread, so both use one core).
 * tinybench, 3 samples each (a fresh store / DuckDB file per sample), wall time.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readCsvBatches } from '../src/io/csv/csv-batch-reader.js';
import { inferCsvSchema } from '../src/io/csv/infer-csv-schema.js';
import { importCsv } from '../src/io/import-csv.js';
import { openStore, type Store } from '../src/storage/index.js';
import { measureAll, QUICK } from './lib/harness.js';
import { fromStats, rate } from './lib/result.js';
import type { BenchResult } from './lib/types.js';

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
  const rows = Number(process.env['PYRALOG_BENCH_IMPORT_ROWS'] ?? (QUICK ? 50_000 : 1_000_000));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
  try {
    const file = path.join(dir, 'events.csv');
    generateCsv(file, rows);
    const mb = fs.statSync(file).size / 1e6;
    const schema = await inferCsvSchema(file);
    let sample = 0;
    let store: Store | undefined;
    let imported = 0;
    let duckRows = 0;
    const m = await measureAll(
      {
        pass1: () => inferCsvSchema(file),
        pass2: () => {
          let built = 0;
          readCsvBatches(schema, (b) => (built += b.numRows));
          if (built !== rows) throw new Error(`built ${built} rows, expected ${rows}`);
        },
        full: {
          beforeEach: () => void (store = openStore(path.join(dir, `db${sample++}`))),
          fn: async () => void (imported = (await importCsv(store!, file)).rows),
          afterEach: () => store?.close(),
        },
        duckdb: async () => void (duckRows = await duckdbImport(file, path.join(dir, `duck${sample++}.db`))),
      },
      { iterations: 3, time: 0 },
    );
    if (imported !== rows || duckRows !== rows) throw new Error(`imported ${imported} / DuckDB ${duckRows} rows, expected ${rows}`);
    const perSec = rate('rows/s', rows);
    const mbs = (k: string): string => `${(mb / (m[k]!.median / 1000)).toFixed(0)} MB/s`;
    const note = `${rows.toLocaleString('en-US')} rows, 5 columns, ${mb.toFixed(1)} MB`;
    return [
      fromStats('import', 'csv pass 1: parse + infer types', m['pass1']!, perSec, { note: mbs('pass1') }),
      fromStats('import', 'csv pass 2: parse + build Arrow batches', m['pass2']!, perSec, { note: mbs('pass2') }),
      fromStats('import', 'importCsv into on-disk store', m['full']!, perSec, { compare: { name: 'DuckDB read_csv into a table (1 thread)', stats: m['duckdb']! }, note }),
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { printResults } = await import('./run.js');
  console.log(printResults(await run()));
}
