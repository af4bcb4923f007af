/**
 * Differential: filters and projections of the executor (through PRQL)
 * against DuckDB on random tables with NULLs and edge values — comparisons
 * (NaN equal to itself and above every number in both), mixed int64/float64
 * (exact here, so DuckDB's side uses cmp_if), text by code point, int64
 * overflow (NUMERIC_OVERFLOW here, an Out of Range error there), division.
 * Differences on purpose: `/` by zero is NULL here (docs/ir.md) where DuckDB
 * gives ±Infinity/NaN, so the SQL divides by NULLIF(divisor, 0); the int64
 * minimum % -1 is 0 here (as PostgreSQL) where DuckDB raises an overflow.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { openDuck } from './support/duck.js';
import { deriveCase, differential, type Case } from './support/data.js';

let duck: DuckDBConnection;
beforeAll(async () => {
  duck = await openDuck();
});
afterAll(() => duck.closeSync());

const filter = (name: string, prql: string, sql: string): Case => ({ name, prql: `from t | filter ${prql} | select {id}`, sql: `SELECT id FROM t WHERE ${sql}` });
const derive = deriveCase;

const FILTERS: Case[] = [
  filter('int64 > literal', 'k > 0', 'k > 0'),
  filter('int64 = int64', 'k == k2', 'k = k2'),
  filter('int64 < int64', 'k < k2', 'k < k2'),
  filter('float64 > literal (NaN is above)', 'f > 1', 'f > 1'),
  filter('float64 <= literal', 'f <= 2.25', 'f <= 2.25'),
  filter('float64 = itself (NaN = NaN)', 'f == f', 'f = f'),
  filter('float64 != 0 (−0 = 0)', 'f != 0', 'f <> 0'),
  filter('int64 = float64 exactly', 'k == f', 'cmp_if(k, f) = 0'),
  filter('int64 < float64 exactly', 'k < f', 'cmp_if(k, f) < 0'),
  filter('float64 >= int64 exactly', 'f >= k2', 'cmp_if(k2, f) <= 0'),
  filter('text < literal by code point', 's < "b"', "s < 'b'"),
  filter('text > astral-sensitive literal', 's > "\uFFFD"', "s > '\uFFFD'"),
  filter('text = text', 's == s', 's = s'),
  filter('bool', 'b', 'b'),
  filter('NULL test and or', 'k == null || (f > 0 && b == false)', 'k IS NULL OR (f > 0 AND b = false)'),
  filter('IN list of ints', '(k | in [0, 1, 2, -3])', 'k IN (0, 1, 2, -3)'),
];

const PROJECTIONS: Case[] = [
  derive('int64 + 1 (overflow raises in both)', 'k + 1', 'k + 1'),
  derive('int64 - int64', 'k - k2', 'k - k2'),
  derive('int64 * 3', 'k * 3', 'k * 3'),
  derive('negation', '-k', '-k'),
  derive('int64 / int64 is float division; by zero NULL here', 'k / k2', 'k / NULLIF(k2, 0)'),
  derive('float64 / int64', 'f / k', 'f / NULLIF(k, 0)'),
  derive('float64 * 2 + 1', 'f * 2 + 1', 'f * 2 + 1'),
  derive('int64 % 5 (sign of the dividend)', 'k % 5', 'k % 5'),
  derive('int64 + float64', 'k + f', 'k + f'),
  derive('comparison as a value (NULL propagates)', 'f > k', 'cmp_if(k, f) < 0'),
  derive('integer division truncates; by zero NULL here', 'k // k2', 'k // NULLIF(k2, 0)'),
  // on purpose: the minimum % -1 is 0 here (as PostgreSQL: the remainder exists) where DuckDB raises an overflow
  derive('int64 % int64 (by zero NULL in both)', 'k2 % k', 'CASE WHEN k = -1 AND k2 IS NOT NULL THEN 0 ELSE k2 % k END'),
  derive('abs of int64 (abs of the minimum overflows in both)', 'math.abs k', 'abs(k)'),
  derive('coalesce', 'k ?? k2', 'coalesce(k, k2)'),
];

describe('differential against DuckDB: filter and project', () => {
  it('filters agree', async () => {
    await differential(duck, FILTERS, 15);
  });
  it('projections agree (or both raise an overflow)', async () => {
    await differential(duck, PROJECTIONS, 15);
  });
});
