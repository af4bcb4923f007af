/**
 * Differential: sort, top-k and windows of the executor (through PRQL)
 * against DuckDB on random tables with NULLs and edge values — NaN sorts
 * above every number and −0 ties with 0 in both; text sorts by code point
 * (DuckDB's byte order of UTF-8); PRQL sorts NULLs first ascending and last
 * descending (docs/prql.md; the SQL says so explicitly, DuckDB's own default
 * is NULLS LAST both ways). Windows: row_number, rank over float
 * keys with ties, running sums (inside a window PRQL's `sum` is not coalesced,
 * docs/prql.md; an int64 total outside int64 raises NUMERIC_OVERFLOW here where
 * DuckDB's HUGEINT does not), partition max.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { openDuck } from './support/duck.js';
import { differential, type Case } from './support/data.js';

let duck: DuckDBConnection;
beforeAll(async () => {
  duck = await openDuck();
});
afterAll(() => duck.closeSync());

const SORTS: Case[] = [
  { name: 'float ascending (NULL first, then numbers, NaN last)', prql: 'from t | sort {f, id} | select {id, f}', sql: 'SELECT id, f FROM t ORDER BY f ASC NULLS FIRST, id', ordered: true },
  { name: 'float descending (NaN first, NULL last)', prql: 'from t | sort {-f, id} | select {id, f}', sql: 'SELECT id, f FROM t ORDER BY f DESC NULLS LAST, id', ordered: true },
  { name: 'text by code point', prql: 'from t | sort {s, id} | select {id, s}', sql: 'SELECT id, s FROM t ORDER BY s ASC NULLS FIRST, id', ordered: true },
  { name: 'int64 extremes, then text descending', prql: 'from t | sort {k, -s, id} | select {id}', sql: 'SELECT id FROM t ORDER BY k ASC NULLS FIRST, s DESC NULLS LAST, id', ordered: true },
  { name: 'top-k over a float key', prql: 'from t | sort {-f, id} | take 5 | select {id}', sql: 'SELECT id FROM t ORDER BY f DESC NULLS LAST, id LIMIT 5', ordered: true },
  { name: 'offset and limit', prql: 'from t | sort {b, k2, id} | take 3..6 | select {id}', sql: 'SELECT id FROM t ORDER BY b ASC NULLS FIRST, k2 ASC NULLS FIRST, id LIMIT 4 OFFSET 2', ordered: true },
];

const WINDOWS: Case[] = [
  {
    name: 'row_number per int64 partition',
    prql: 'from t | group {k} (sort {id} | derive {rn = row_number this}) | select {id, rn}',
    sql: 'SELECT id, row_number() OVER (PARTITION BY k ORDER BY id) FROM t',
  },
  {
    name: 'rank over a float key with NaN, −0 and NULL ties',
    prql: 'from t | group {b} (sort {f} | derive {r = rank f}) | select {id, r}',
    sql: 'SELECT id, rank() OVER (PARTITION BY b ORDER BY f ASC NULLS FIRST) FROM t',
  },
  {
    name: 'running sum per text partition',
    prql: 'from t | group {s} (sort {id} | window rows:..0 (derive {rs = sum k2})) | select {id, rs}',
    sql: 'SELECT id, sum(k2) OVER (PARTITION BY s ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM t',
    sumColumns: [1],
  },
  {
    name: 'partition max of floats (NaN is the max)',
    prql: 'from t | group {k} (derive {m = max f}) | select {id, m}',
    sql: 'SELECT id, max(f) OVER (PARTITION BY k) FROM t',
  },
];

describe('differential against DuckDB: sort and window', () => {
  it('sorts agree', async () => {
    await differential(duck, SORTS, 10);
  });
  it('windows agree', async () => {
    await differential(duck, WINDOWS, 10);
  });
});
