import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import type { Database as PyralogDatabase } from '../../src/index.js';
import { compareResults } from './compare-results.js';
import { KNOWN_DIFFERENCES } from './known-differences.js';
import { hasFixedOrder, loadCorpus } from './corpus.js';
import { openChinookPyralog, runPyralog } from './pyralog-runner.js';
import { openChinookSqlite, prqlToSqlite, runSqlite } from './sqlite-runner.js';

const corpus = loadCorpus();
let sqlite: Database.Database;
let pyralog: PyralogDatabase;
beforeAll(async () => {
  sqlite = openChinookSqlite();
  pyralog = await openChinookPyralog();
});
afterAll(() => {
  sqlite.close();
  pyralog.close();
});

describe('PRQL corpus: Pyralog agrees with SQLite running prqlc SQL', () => {
  it('has at least 60 queries', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
  });
  it('both sides hold Chinook with the README types', () => {
    expect(runSqlite(sqlite, 'SELECT count(*), typeof(min(unit_price)) FROM tracks').rows).toEqual([[3503, 'real']]);
    const p = runPyralog(pyralog, 'from tracks | aggregate {n = count this, p = min unit_price}');
    expect(p.rows).toEqual([[3503n, 0.99]]);
    expect(runPyralog(pyralog, 'from employees | sort employee_id | take 1 | select {hire_date}').rows).toEqual([['2002-08-14T00:00:00.000000000']]);
  });
  for (const q of corpus) {
    it(q.name, () => {
      const expected = runSqlite(sqlite, prqlToSqlite(q.text));
      const actual = runPyralog(pyralog, q.text);
      const mismatch = compareResults(actual, expected, hasFixedOrder(q.text));
      if (q.name in KNOWN_DIFFERENCES) expect(mismatch, `${q.name} now agrees with SQLite: remove it from known-differences.ts`).not.toBeNull();
      else expect(mismatch?.message ?? null).toBeNull();
    });
  }
});
