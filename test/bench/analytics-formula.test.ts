/**
 * The analytics suite's data: the seeded hash gives the same table in JS
 * (Pyralog's and SQLite's copies) and in DuckDB's SQL, bit for bit, and
 * spreads k, q and v over their ranges.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { columns, duckdbCreateSql, mix } from '../../bench/lib/analytics-formula.js';

describe('analytics data', () => {
  it('mix is the documented 32-bit hash', () => {
    // (0·2654435761 + 5) mod 2³² = 5; 5 ^ (5 >> 15) = 5; 5·2146121005 mod 2³² = 2140670433; ^ (>> 13) = 2140927265
    expect(mix(0, 5)).toBe(((2140670433 ^ (2140670433 >>> 13)) >>> 0));
    expect(mix(0, 5)).toBe(2140927265);
    expect(mix(3_000_000_000, 0)).toBeLessThan(2 ** 32);
  });

  it('DuckDB builds the same rows from SQL as columns() in JS, for two seeds', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      for (const seed of [1, 7]) {
        const n = 3000;
        await conn.run('DROP TABLE IF EXISTS f');
        await conn.run(duckdbCreateSql(seed, n));
        const rows = (await conn.runAndReadAll('SELECT id, k, q, v FROM f ORDER BY id')).getRows();
        // Rows 2000.. of a second call must continue the first: the cache is built in chunks.
        const a = columns(seed, 0, 2000);
        const b = columns(seed, 2000, n - 2000);
        const js = (i: number): unknown[] => {
          const c = i < 2000 ? a : b;
          const j = i < 2000 ? i : i - 2000;
          return [c.id[j], c.k[j], c.q[j], c.v[j]];
        };
        expect(rows).toHaveLength(n);
        for (let i = 0; i < n; i++) expect(rows[i]).toEqual(js(i));
        const ks = new Set(rows.map((r) => r[1]));
        const qs = new Set(rows.map((r) => r[2]));
        expect(ks.size).toBeGreaterThan(900);
        expect(qs.size).toBe(100);
        expect(Math.max(...rows.map((r) => Number(r[3])))).toBeGreaterThan(60000);
      }
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});
