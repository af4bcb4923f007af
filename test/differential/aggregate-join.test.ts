/**
 * Differential: aggregates and joins of the executor (through PRQL) against
 * DuckDB on random tables with NULLs and edge values — group keys with NULL,
 * NaN and −0 (one group each in both), min/max with NaN (the max in both),
 * count/sum/average, joins with NULL keys (never match), NaN keys (match),
 * text keys, and int64 = float64 keys (exact here; DuckDB's side uses cmp_if).
 * Differences on purpose: PRQL's `sum` of no values is 0 (so the SQL wraps
 * coalesce), and an int64 sum that leaves int64 raises NUMERIC_OVERFLOW here
 * where DuckDB sums into HUGEINT (accepted only when DuckDB's sum really is
 * outside int64).
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

const AGGREGATES: Case[] = [
  {
    name: 'group by int64 key: count, sum, min/max of float and text',
    prql: 'from t | group {k} (aggregate {n = count this, total = sum k2, lo = min f, hi = max f, ls = min s, hs = max s})',
    sql: 'SELECT k, count(*), coalesce(sum(k2), 0), min(f), max(f), min(s), max(s) FROM t GROUP BY k',
    sumColumns: [2],
  },
  {
    name: 'group by float64 key (NULL, NaN, −0 = 0)',
    prql: 'from t | group {f} (aggregate {n = count this, m = max k})',
    sql: 'SELECT f, count(*), max(k) FROM t GROUP BY f',
  },
  {
    name: 'group by text and bool',
    prql: 'from t | group {s, b} (aggregate {n = count this, lo = min k2})',
    sql: 'SELECT s, b, count(*), min(k2) FROM t GROUP BY s, b',
  },
  {
    name: 'whole-table aggregate',
    prql: 'from t | aggregate {n = count this, hi = max f, lo = min f, a = average k2}',
    sql: 'SELECT count(*), max(f), min(f), avg(k2) FROM t',
  },
  {
    name: 'distinct floats',
    prql: 'from t | select {f} | group {f} (take 1)',
    sql: 'SELECT DISTINCT f FROM t',
  },
];

const JOINS: Case[] = [
  { name: 'inner join on int64', prql: 'from t | join u (==k) | select {t.id, u.id}', sql: 'SELECT t.id, u.id FROM t JOIN u ON t.k = u.k' },
  { name: 'left join on float64 (NaN meets NaN)', prql: 'from t | join side:left u (t.f == u.f) | select {t.id, u.id}', sql: 'SELECT t.id, u.id FROM t LEFT JOIN u ON t.f = u.f' },
  { name: 'full join on text', prql: 'from t | join side:full u (t.s == u.s) | select {t.id, u.id}', sql: 'SELECT t.id, u.id FROM t FULL JOIN u ON t.s = u.s' },
  { name: 'int64 = float64 join is exact', prql: 'from t | join u (t.k == u.f) | select {t.id, u.id}', sql: 'SELECT t.id, u.id FROM t JOIN u ON cmp_if(t.k, u.f) = 0' },
  {
    name: 'a cross join filtered by int64 = float64 (becomes a hash join) is exact',
    prql: 'from t | join u (true) | filter t.k2 == u.f | select {t.id, u.id}',
    sql: 'SELECT t.id, u.id FROM t, u WHERE cmp_if(t.k2, u.f) = 0',
  },
  {
    name: 'join on two keys with a residual',
    prql: 'from t | join u (t.k == u.k && t.b == u.b && t.f < u.f) | select {t.id, u.id}',
    sql: 'SELECT t.id, u.id FROM t JOIN u ON t.k = u.k AND t.b = u.b AND t.f < u.f',
  },
];

describe('differential against DuckDB: aggregate and join', () => {
  it('aggregates agree (or Pyralog raises NUMERIC_OVERFLOW where the HUGEINT sum leaves int64)', async () => {
    await differential(duck, AGGREGATES, 12);
  });
  it('joins agree', async () => {
    await differential(duck, JOINS, 12);
  });
});
