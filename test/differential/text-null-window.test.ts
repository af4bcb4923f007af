/**
 * Differential: what a PRQL newcomer writes beyond arithmetic, against DuckDB
 * on random tables with NULLs and edge values (non-ASCII and astral text,
 * int64 extremes, NaN, −0) — text functions by code point, `??`, `case`
 * without a default, f-strings (NULL propagates, as prqlc's SQLite `||`),
 * `in` lists of text, NULL tests; count_distinct and aggregates of
 * expressions per group; lag/lead and sliding frames per partition; outer
 * joins with a residual condition or NULL keys (NULL never matches);
 * append of an inline relation with a column of only NULLs.
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

const derive = deriveCase;

const SCALARS: Case[] = [
  derive('text length in code points', '(s | text.length)', 'length(s)'),
  derive('text.extract by code point', '(s | text.extract 2 3)', 'substring(s, 2, 3)'),
  derive('starts_with a literal', '(s | text.starts_with "a")', "starts_with(s, 'a')"),
  // as prqlc writes it: `%` and `_` in the pattern stay LIKE wildcards (docs/prql.md)
  derive('contains a literal with LIKE wildcards', '(s | text.contains "%_")', "s LIKE '%%_%'"),
  derive('contains a plain literal', '(s | text.contains "a")', "contains(s, 'a')"),
  derive('coalesce of text', 's ?? "none"', "coalesce(s, 'none')"),
  derive('case without a default is NULL', 'case [k > 0 => "pos", k < 0 => "neg"]', "CASE WHEN k > 0 THEN 'pos' WHEN k < 0 THEN 'neg' END"),
  derive('f-string of text and int64 (NULL propagates)', 'f"{s}/{k}"', "s || '/' || CAST(k AS VARCHAR)"),
  derive('NULL tests as values', 'k == null || s != null', 'k IS NULL OR s IS NOT NULL'),
  derive('IN list of text', '(s | in ["a", "", "\u00e9"])', "s IN ('a', '', '\u00e9')"),
  derive('coalesce of int64 and a float literal', 'k2 ?? 0.5', 'coalesce(k2::DOUBLE, 0.5)'),
];

const GROUPS: Case[] = [
  {
    name: 'count_distinct of text and int64 per bool group',
    prql: 'from t | group {b} (aggregate {ds = count_distinct s, dk = count_distinct k, n = count this})',
    sql: 'SELECT b, count(DISTINCT s), count(DISTINCT k), count(*) FROM t GROUP BY b',
  },
  {
    name: 'aggregates of expressions over more groups than an accumulator starts with',
    prql: 'from t | group {id} (aggregate {m = max (k2 ?? 0), c = count f, lo = min (s ?? "")})',
    sql: "SELECT id, max(coalesce(k2, 0)), count(*), min(coalesce(s, '')) FROM t GROUP BY id",
  },
  {
    name: 'lag and lead per partition',
    prql: 'from t | group {b} (sort {id} | derive {p = lag 1 k, q = lead 2 s}) | select {id, p, q}',
    sql: 'SELECT id, lag(k, 1) OVER (PARTITION BY b ORDER BY id), lead(s, 2) OVER (PARTITION BY b ORDER BY id) FROM t',
  },
  {
    name: 'a sliding rows frame of min and count',
    prql: 'from t | sort {id} | window rows:-1..1 (derive {lo = min f, c = count k}) | select {id, lo, c}',
    // `count x` counts rows, in a window too (prqlc emits COUNT(*))
    sql: 'SELECT id, min(f) OVER w, count(*) OVER w FROM t WINDOW w AS (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING)',
  },
];

const JOINS: Case[] = [
  {
    name: 'left join with a residual condition',
    prql: 'from t | join side:left u (t.k2 == u.k2 && t.id < u.id) | select {t.id, u.id}',
    sql: 'SELECT t.id, u.id FROM t LEFT JOIN u ON t.k2 = u.k2 AND t.id < u.id',
  },
  {
    name: 'full join on int64 (NULL keys never match)',
    prql: 'from t | join side:full u (==k) | select {t.id, u.id}',
    sql: 'SELECT t.id, u.id FROM t FULL JOIN u ON t.k = u.k',
  },
  {
    name: 'append of an inline relation whose column is only NULLs',
    prql: 'from t | select {id, k} | append (from [{id = 0, k = null}]) | join side:left u (==k) | select {t.id, u.id}',
    sql: 'SELECT v.id, u.id FROM (SELECT id, k FROM t UNION ALL SELECT 0, NULL) v LEFT JOIN u ON v.k = u.k',
  },
];

describe('differential against DuckDB: text, NULLs, windows, outer joins', () => {
  it('scalar functions agree', async () => {
    await differential(duck, SCALARS, 10);
  });
  it('group aggregates and windows agree', async () => {
    await differential(duck, GROUPS, 8);
  });
  it('outer joins and append agree', async () => {
    await differential(duck, JOINS, 8);
  });
});
