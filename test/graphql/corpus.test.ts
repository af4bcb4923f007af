/**
 * The GraphQL corpus over Chinook: every case of the corpus-*.ts lists runs
 * through the public API (runGraphql) and its `data` is compared exactly
 * (floats to 12 significant digits) with the response built from SQL on
 * SQLite; error cases compare code, location and message. One database per
 * side for the whole file; mutations run last, mirrored on SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGraphql, type Database } from '../../src/index.js';
import { normalize, openChinookGraphql, Sql } from './chinook-graphql.js';
import { AGGREGATE_CASES } from './corpus-aggregates.js';
import type { CorpusCase } from './corpus-case.js';
import { FILTER_CASES } from './corpus-filters.js';
import { RELATION_CASES } from './corpus-relations.js';
import { ERROR_CASES, MUTATION_CASES } from './corpus-writes.js';

let db: Database;
let sql: Sql;

beforeAll(async () => {
  db = await openChinookGraphql();
  sql = Sql.open();
});

afterAll(() => {
  db.close();
  sql.db.close();
});

async function check(c: CorpusCase): Promise<void> {
  const result = await runGraphql(db, { query: c.query, variables: c.variables ?? null, operationName: c.operationName ?? null }, c.limits);
  if (c.errors !== undefined) {
    const errors = (result.errors ?? []).map((e) => e.toJSON());
    expect(errors.length, JSON.stringify(errors)).toBe(c.errors.length);
    c.errors.forEach((want, i) => {
      const got = errors[i]!;
      expect(got.extensions?.['code']).toBe(want.code);
      if (want.line !== undefined) expect(got.locations?.[0]).toEqual({ line: want.line, column: want.column });
      if (want.message !== undefined) expect(got.message).toContain(want.message);
    });
    expect(result.data ?? null).toBeNull();
    return;
  }
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  expect(normalize(result.data)).toEqual(normalize(c.data!(sql)));
}

const READS = [...FILTER_CASES, ...RELATION_CASES, ...AGGREGATE_CASES];

describe('GraphQL corpus (Chinook, against SQLite)', () => {
  it('has at least 60 requests', () => {
    expect(READS.length + ERROR_CASES.length + MUTATION_CASES.length).toBeGreaterThanOrEqual(60);
  });
  for (const c of [...READS, ...ERROR_CASES]) it(c.name, () => check(c));
  describe('mutations, in order', () => {
    for (const c of MUTATION_CASES) it(c.name, () => check(c));
  });
});
