/**
 * The Pyralog side of the differential test, in one place: a memory database
 * with Chinook imported through the CSV importer (README column types,
 * primary keys), and PRQL queries run through the public embedded API
 * (`open`, `db.querySync('prql', …)`). Timestamps print exactly as imported,
 * so they compare with SQLite's TEXT.
 */
import { join } from 'node:path';
import { open, type Database } from '../../src/index.js';
import { importCsv } from '../../src/io/import-csv.js';
import type { CsvColumnType } from '../../src/io/csv/column-inference.js';
import { formatTimestamp } from '../../src/types/timestamp-format.js';
import type { Scalar } from '../../src/types/data-type.js';
import { CHINOOK_KEYS, CHINOOK_TABLES } from './chinook-schema.js';
import { CHINOOK_DIR, type QueryResult } from './sqlite-runner.js';

const CSV_TYPE: Readonly<Record<string, CsvColumnType>> = { integer: 'int64', real: 'float64', text: 'utf8', timestamp: 'timestamp' };

export async function openChinookPyralog(dir = CHINOOK_DIR): Promise<Database> {
  const db = open(':memory:');
  for (const [table, cols] of Object.entries(CHINOOK_TABLES)) {
    await importCsv(db.storage, join(dir, `${table}.csv`), {
      table,
      key: CHINOOK_KEYS[table] ?? [],
      types: Object.fromEntries(cols.map(([name, type]) => [name, CSV_TYPE[type] ?? 'utf8'])),
    });
  }
  db.flush(); // imported rows become Arrow segments, as after any bulk load
  return db;
}

/** Runs PRQL on Pyralog: column names and rows (timestamps as their imported text). */
export function runPyralog(db: Database, prql: string, params?: Record<string, Scalar>): QueryResult {
  const result = db.querySync('prql', prql, params);
  const fields = result.schema.fields;
  const rows = result.arrays().map((row) =>
    row.map((v, i) => {
      const f = fields[i];
      return f?.type === 'timestamp' && typeof v === 'bigint' ? formatTimestamp(v, f.metadata?.['pyralog.tsformat']) : v;
    }),
  );
  return { columns: fields.map((f) => f.name), rows };
}
