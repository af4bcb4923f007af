/**
 * The reference side of the differential test: Chinook loaded into an
 * in-memory SQLite (better-sqlite3) with the README's column types
 * (timestamps as TEXT exactly as in the CSV), and PRQL run the way prqlc means
 * it: compiled to SQL for target sql.sqlite and executed. SQLite is set up to
 * agree with Pyralog where SQL leaves room: LIKE is case-sensitive and REGEXP
 * is JavaScript's RegExp.
 */
import Database from 'better-sqlite3';
import prqlJs from 'prql-js';
import { join } from 'node:path';
import { CHINOOK_TABLES } from './chinook-schema.js';
import { readCsv } from './csv-rows.js';
import { repoPath } from './repo-path.js';

export const CHINOOK_DIR = repoPath('test/data/chinook');

export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

const SQL_TYPE = { integer: 'INTEGER', real: 'REAL', text: 'TEXT', timestamp: 'TEXT' } as const;

export function openChinookSqlite(dir = CHINOOK_DIR): Database.Database {
  const db = new Database(':memory:');
  db.pragma('case_sensitive_like = ON');
  db.function('regexp', { deterministic: true }, (pattern: unknown, value: unknown) =>
    value === null || pattern === null ? null : new RegExp(String(pattern), 'u').test(String(value)) ? 1 : 0,
  );
  for (const [table, cols] of Object.entries(CHINOOK_TABLES)) {
    db.exec(`CREATE TABLE ${table} (${cols.map(([n, t]) => `${n} ${SQL_TYPE[t]}`).join(', ')})`);
    const csv = readCsv(join(dir, `${table}.csv`));
    const insert = db.prepare(`INSERT INTO ${table} VALUES (${cols.map(() => '?').join(', ')})`);
    const kinds = cols.map(([, t]) => t);
    db.transaction(() => {
      for (const row of csv.rows) {
        insert.run(
          row.map((v, i) => {
            if (v === null) return null;
            const k = kinds[i];
            return k === 'integer' ? Number(v) : k === 'real' ? Number(v) : v;
          }),
        );
      }
    })();
  }
  return db;
}

/** The SQL prqlc produces for `prql` with target sql.sqlite. */
export function prqlToSqlite(prql: string): string {
  const options = new prqlJs.CompileOptions();
  options.target = 'sql.sqlite';
  options.signature_comment = false;
  options.format = true;
  const sql = prqlJs.compile(prql, options);
  if (sql === undefined) throw new Error('prql-js returned no SQL');
  return sql;
}

export function runSqlite(db: Database.Database, sql: string): QueryResult {
  const stmt = db.prepare(sql);
  const columns = stmt.columns().map((c) => c.name);
  const rows = stmt.raw(true).all() as unknown[][];
  return { columns, rows };
}
