/**
 * One differential check of a generated query: SQLite running prqlc's SQL
 * vs Pyralog. Shared by the fuzz test (a few dozen queries) and
 * bench/prql-fuzz.ts (a thousand and more).
 */
import type Database from 'better-sqlite3';
import type { Database as PyralogDatabase } from '../../src/index.js';
import { compareResults } from './compare-results.js';
import { hasFixedOrder } from './corpus.js';
import { runPyralog } from './pyralog-runner.js';
import { prqlToSqlite, runSqlite } from './sqlite-runner.js';

export type FuzzOutcome = { readonly ok: true } | { readonly ok: false; readonly query: string; readonly message: string };

export function checkQuery(sqlite: Database.Database, pyralog: PyralogDatabase, query: string): FuzzOutcome {
  let expected;
  try {
    expected = runSqlite(sqlite, prqlToSqlite(query));
  } catch (e) {
    return { ok: false, query, message: `reference side failed: ${(e as Error).message}` };
  }
  try {
    const actual = runPyralog(pyralog, query);
    const mismatch = compareResults(actual, expected, hasFixedOrder(query));
    return mismatch === null ? { ok: true } : { ok: false, query, message: mismatch.message };
  } catch (e) {
    return { ok: false, query, message: `pyralog failed: ${(e as Error).message}` };
  }
}
