/**
 * The shared half of the differential tests: two random typed tables `t` and
 * `u` (id, k int64, k2 int64, f float64, s utf8, b bool; NULLs and edge values
 * from types/__tests__/support), loaded into a fresh Pyralog `:memory:`
 * database and into DuckDB; each case runs a PRQL query on Pyralog and the
 * equivalent SQL on DuckDB and compares rows (as multisets unless ordered).
 * Both raising an overflow counts as agreement; `sumMayOverflow` cases accept
 * Pyralog's NUMERIC_OVERFLOW where DuckDB's HUGEINT sum leaves int64 (a
 * documented difference). Seeded; the seed is printed.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { open, isPyralogError } from '../../../src/index.js';
import type { Scalar } from '../../../src/types/data-type.js';
import { nullableArb, seeded } from '../../../src/types/__tests__/support/value-arbitraries.js';
import { loadDuck, runDuck } from './duck.js';

export interface ColumnSpec {
  readonly name: string;
  readonly type: 'int64' | 'float64' | 'utf8' | 'bool';
}

export const COLUMNS: readonly ColumnSpec[] = [
  { name: 'id', type: 'int64' },
  { name: 'k', type: 'int64' },
  { name: 'k2', type: 'int64' },
  { name: 'f', type: 'float64' },
  { name: 's', type: 'utf8' },
  { name: 'b', type: 'bool' },
];

export interface Case {
  readonly name: string;
  readonly prql: string;
  readonly sql: string;
  /** Rows are compared in order (the query sorts by a unique key). */
  readonly ordered?: boolean;
  /** A sum whose int64 total may overflow in Pyralog (DuckDB sums into HUGEINT): column indexes of such sums in the SQL result. */
  readonly sumColumns?: readonly number[];
}

/** A case deriving one column x from the table t's columns, in PRQL and in SQL. */
export const deriveCase = (name: string, prql: string, sql: string): Case => ({ name, prql: `from t | derive {x = ${prql}} | select {id, x}`, sql: `SELECT id, ${sql} AS x FROM t` });

/** Text DuckDB and Pyralog both store: no NUL, no lone surrogates. */
const clean = (v: Scalar): Scalar => (typeof v === 'string' ? v.replace(/\0/g, '').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD') : v);

const rowArb = fc.tuple(nullableArb('int64'), nullableArb('int64'), nullableArb('float64'), nullableArb('utf8'), nullableArb('bool'));
const withIds = (rows: readonly (readonly Scalar[])[]): Scalar[][] => rows.map((r, i) => [BigInt(i + 1), ...r.map(clean)]);
export const tablesArb = fc.tuple(fc.array(rowArb, { maxLength: 30 }), fc.array(rowArb, { maxLength: 30 })).map(([t, u]) => [withIds(t), withIds(u)] as const);

/** A canonical text of a value: numbers by value (bigint and number alike), −0 = 0, floats to 12 digits. */
export function canon(v: Scalar): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'bigint') return `n${v}`;
  if (typeof v === 'number') {
    if (Number.isInteger(v) && Math.abs(v) < 2 ** 53) return `n${Object.is(v, -0) ? 0 : v}`;
    return `n${Number.isFinite(v) ? Number(v.toPrecision(12)) : v}`;
  }
  if (typeof v === 'boolean') return `b${v}`;
  return JSON.stringify(v);
}

const INT64_MAX = 2n ** 63n - 1n;
const fitsInt64 = (v: Scalar): boolean => typeof v !== 'bigint' || (v <= INT64_MAX && v >= -(2n ** 63n));

/** Runs every case on `runs` random pairs of tables, Pyralog against DuckDB. */
export async function differential(duck: DuckDBConnection, cases: readonly Case[], runs: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(tablesArb, async ([t, u]) => {
      const db = open(':memory:');
      try {
        for (const [name, rows] of [['t', t], ['u', u]] as const) {
          db.createTable(name, COLUMNS.map((c) => ({ name: c.name, type: c.type })), ['id']);
          if (rows.length > 0) db.table(name).insert(rows.map((r) => Object.fromEntries(COLUMNS.map((c, j) => [c.name, r[j] ?? null]))));
          await loadDuck(duck, name, COLUMNS, rows);
        }
        for (const c of cases) await check(db, duck, c);
      } finally {
        db.close();
      }
    }),
    seeded(runs),
  );
}

async function check(db: ReturnType<typeof open>, duck: DuckDBConnection, c: Case): Promise<void> {
  const want = await runDuck(duck, c.sql);
  let got: Scalar[][] | undefined;
  let code: string | undefined;
  try {
    got = db.querySync('prql', c.prql).arrays();
  } catch (e) {
    if (!isPyralogError(e)) throw e;
    code = e.code;
  }
  const label = `${c.name}\nPRQL: ${c.prql}\nSQL: ${c.sql}\nPyralog: ${code ?? JSON.stringify(got?.map((r) => r.map(canon)))}\nDuckDB: ${want.error ?? JSON.stringify(want.rows?.map((r) => r.map(canon)))}`;
  if (code !== undefined) {
    // both overflow (int64 arithmetic), or Pyralog's int64 sum overflows where DuckDB's HUGEINT does not (on purpose)
    const duckOverflow = want.error !== undefined && /overflow/i.test(want.error);
    const sumOverflow = want.rows !== undefined && (c.sumColumns ?? []).some((j) => want.rows!.some((r) => !fitsInt64(r[j] ?? null)));
    expect(code === 'NUMERIC_OVERFLOW' && (duckOverflow || sumOverflow), label).toBe(true);
    return;
  }
  expect(want.error, label).toBeUndefined();
  const a = got!.map((r) => r.map(canon).join('|'));
  const b = want.rows!.map((r) => r.map(canon).join('|'));
  expect(c.ordered ? a : [...a].sort(), label).toEqual(c.ordered ? b : [...b].sort());
}
