import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import type { Database as PyralogDatabase } from '../../src/index.js';
import type { Scalar } from '../../src/types/data-type.js';
import { compareResults } from '../prql/compare-results.js';
import { openChinookPyralog } from '../prql/pyralog-runner.js';
import { openChinookSqlite } from '../prql/sqlite-runner.js';
import { evaluate, resultRows } from './batuta-api.js';
import { loadCorpus, type BatutaProgram } from './corpus.js';
import { valueAsRows } from './value-rows.js';

// Every test/batuta/queries/*.bt program, run as a Batuta program on Pyralog
// and compared with SQLite running the SQL in its header over the same Chinook data.
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

function sqliteParams(p: BatutaProgram['params']): unknown[] {
  return p === undefined ? [] : Array.isArray(p) ? [...p] : [p];
}

function batutaParams(p: BatutaProgram['params']): Record<string, Scalar> | Scalar[] | undefined {
  if (p === undefined) return undefined;
  const conv = (v: number | string | null): Scalar => (typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v);
  return Array.isArray(p) ? p.map(conv) : Object.fromEntries(Object.entries(p).map(([k, v]) => [k, conv(v)]));
}

describe('Batuta corpus: Pyralog agrees with SQLite running the equivalent SQL', () => {
  it('has at least 60 programs, each with SQL', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
  });
  for (const q of corpus) {
    it(q.name, async () => {
      const stmt = sqlite.prepare(q.sql);
      const expected = { columns: stmt.columns().map((c) => c.name), rows: stmt.raw(true).all(...sqliteParams(q.params)) as unknown[][] };
      const outcome = await evaluate(pyralog, q.text, batutaParams(q.params));
      if (q.expect === 'relation') {
        expect(outcome.kind, 'the last form is a relation').toBe('relation');
        if (outcome.kind !== 'relation') return;
        expect(compareResults(resultRows(outcome.result), expected, q.ordered)?.message ?? null).toBeNull();
        return;
      }
      expect(outcome.kind, 'the last form is a plain value').toBe('value');
      if (outcome.kind !== 'value') return;
      if (q.expect === 'scalar' || q.expect === 'row') expect(expected.rows.length, 'the SQL returns one row').toBe(1);
      const actual = valueAsRows(outcome.json, q.expect, expected);
      expect(typeof actual === 'string' ? actual : null).toBeNull();
      if (typeof actual === 'string') return;
      expect(compareResults(actual, expected, q.ordered)?.message ?? null).toBeNull();
    });
  }
});
