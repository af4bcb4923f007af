/**
 * The executor against naive references on random tables drawn from the
 * whole domain of each type, weighted to edges (types/__tests__/support):
 * int64 extremes and values past 2^53, NaN, −0, ±Infinity, astral and long
 * text, NULLs. The references decide order and equality with the one value
 * order (types/value-order.ts), so every fast path (typed comparators, key
 * tables, join indexes, normalised sort keys) must agree with it.
 * The seed is printed; PYRALOG_SEED=<n> replays a run.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Aggregate, Distinct, Filter, Join, Limit, Sort, agg, asc, call, col, desc, lit } from '../../../planner/ir/index.js';
import type { Expr } from '../../../planner/ir/expr.js';
import type { Scalar } from '../../../types/data-type.js';
import { compareValues } from '../../../types/value-order.js';
import { float64Arb, int64Arb, nullableArb, seeded, utf8Arb } from '../../../types/__tests__/support/value-arbitraries.js';
import { isPyralogError } from '../../../errors/pyralog-error.js';
import { rel, run } from './helpers.js';

type Row = [bigint | null, number | null, string | null, bigint | null];
// rows: k int64, f float64, s utf8, v int64 — every column nullable, every value from its whole domain
const rowArb: fc.Arbitrary<Row> = fc.tuple(nullableArb('int64'), nullableArb('float64'), nullableArb('utf8'), nullableArb('int64')) as fc.Arbitrary<Row>;
const tableArb = fc.array(rowArb, { maxLength: 50 });
const batchArb = fc.integer({ min: 1, max: 9 });
const schema = [['k', 'int64'], ['f', 'float64'], ['s', 'utf8'], ['v', 'int64']] as const;
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** A canonical text of a value: equal in the value order ⇔ equal keys (−0 = 0, NaN = NaN). */
function key(v: Scalar): string {
  if (v === null) return 'null';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number') return Object.is(v, -0) ? '0' : String(v);
  return JSON.stringify(v);
}
const rowKey = (r: readonly Scalar[]): string => r.map(key).join('|');

/** NULL-aware comparison: NULL sorts last ascending (as the executor's default). */
function cmpNullsLast(a: Scalar, b: Scalar): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return compareValues(a, b);
}

/** SQL comparison of two scalars: NULL when either is NULL. */
function holds(fn: string, a: Scalar, b: Scalar): boolean | null {
  if (a === null || b === null) return null;
  const c = compareValues(a, b);
  return { eq: c === 0, ne: c !== 0, lt: c < 0, le: c <= 0, gt: c > 0, ge: c >= 0 }[fn] ?? null;
}

const RUNS = seeded(60);

describe('executor agrees with a naive reference on random tables over the whole domain', () => {
  it('group by k, f, s or (k, f): count, sum, min, max (NUMERIC_OVERFLOW exactly when a sum leaves int64)', () => {
    const groupings: number[][] = [[0], [1], [2], [0, 1]];
    fc.assert(
      fc.property(tableArb, batchArb, fc.constantFrom(...groupings), (rows, batchSize, by) => {
        const plan = Aggregate.create(rel(schema, rows), by.map((j) => ({ expr: col(j), name: `g${j}` })), [
          agg('count', [col(3)], 'n'),
          agg('sum', [col(3)], 'sum'),
          agg('min', [col(1)], 'flo'),
          agg('max', [col(1)], 'fhi'),
          agg('min', [col(2)], 'slo'),
          agg('max', [col(2)], 'shi'),
        ]);
        const want = new Map<string, Scalar[]>();
        for (const r of rows) {
          const [, f, s, v] = r;
          const g = rowKey(by.map((j) => r[j] ?? null));
          const cur = want.get(g) ?? [0n, null, null, null, null, null];
          if (v !== null) {
            cur[0] = (cur[0] as bigint) + 1n;
            cur[1] = ((cur[1] as bigint | null) ?? 0n) + v;
          }
          for (const [x, lo, hi] of [[f, 2, 3], [s, 4, 5]] as const) {
            if (x === null) continue;
            if (cur[lo] === null || compareValues(x, cur[lo] as Scalar) < 0) cur[lo] = x;
            if (cur[hi] === null || compareValues(x, cur[hi] as Scalar) > 0) cur[hi] = x;
          }
          want.set(g, cur);
        }
        const overflow = [...want.values()].some((c) => c[1] !== null && ((c[1] as bigint) > INT64_MAX || (c[1] as bigint) < INT64_MIN));
        let got: Scalar[][];
        try {
          got = run(plan, { batchSize });
        } catch (e) {
          expect(isPyralogError(e) && e.code === 'NUMERIC_OVERFLOW' && overflow, String(e)).toBe(true);
          return;
        }
        expect(overflow).toBe(false);
        const n = by.length;
        expect(new Map(got.map((r) => [rowKey(r.slice(0, n)), r.slice(n).map(key)]))).toEqual(new Map([...want].map(([g, c]) => [g, c.map(key)])));
      }),
      RUNS,
    );
  });

  it('comparisons of int64, float64 (mixed and with literals) and text follow the value order', () => {
    const literal = fc.oneof(
      int64Arb.map((x): Expr => lit(x, 'int64')),
      float64Arb.map((x): Expr => lit(x, 'float64')),
    );
    const cmp = fc.constantFrom('eq', 'ne', 'lt', 'le', 'gt', 'ge');
    fc.assert(
      fc.property(tableArb, batchArb, cmp, literal, utf8Arb, (rows, batchSize, fn, l, text) => {
        const literalValue = (l as { value: Scalar }).value;
        const preds: [Expr, (r: Row) => boolean | null][] = [
          [call(fn, col(0), col(1)), (r) => holds(fn, r[0], r[1])],
          [call(fn, col(1), col(0)), (r) => holds(fn, r[1], r[0])],
          [call(fn, col(0), l), (r) => holds(fn, r[0], literalValue)],
          [call(fn, col(1), l), (r) => holds(fn, r[1], literalValue)],
          [call(fn, col(2), lit(text, 'utf8')), (r) => holds(fn, r[2], text)],
          [call(fn, col(3), col(0)), (r) => holds(fn, r[3], r[0])],
        ];
        for (const [p, ref] of preds) {
          const got = run(Filter.create(rel(schema, rows), p), { batchSize }).map(rowKey);
          expect(got).toEqual(rows.filter((r) => ref(r) === true).map(rowKey));
        }
      }),
      RUNS,
    );
  });

  it('sort (multi-key, NaN above numbers, nulls first/last, code-point text) then top-k', () => {
    fc.assert(
      fc.property(tableArb, batchArb, fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 8 }), (rows, batchSize, offset, limit) => {
        const keys = [asc(col(2), true), desc(col(1), false), asc(col(0)), asc(col(3))];
        const sorted = run(Sort.create(rel(schema, rows), keys), { batchSize });
        const ref = rows
          .map((r, i) => ({ r, i }))
          .sort((a, b) => {
            const [ka, fa, sa, va] = a.r;
            const [kb, fb, sb, vb] = b.r;
            if (sa !== sb && (sa === null || sb === null)) return sa === null ? -1 : 1;
            const bySa = sa === null || sb === null ? 0 : compareValues(sa, sb);
            if (bySa !== 0) return bySa;
            if (fa === null || fb === null) {
              if (fa !== fb) return fa === null ? 1 : -1;
            } else if (compareValues(fa, fb) !== 0) return -compareValues(fa, fb);
            return cmpNullsLast(ka, kb) || cmpNullsLast(va, vb) || a.i - b.i;
          })
          .map((x) => x.r);
        expect(sorted.map(rowKey)).toEqual(ref.map(rowKey));
        expect(run(Limit.create(Sort.create(rel(schema, rows), keys), offset, limit), { batchSize }).map(rowKey)).toEqual(ref.slice(offset, offset + limit).map(rowKey));
      }),
      RUNS,
    );
  });

  it('left joins on k = f (mixed types, exact), f = f (NaN meets NaN, −0 meets 0) and s = s equal a nested loop', () => {
    const conds: [number, number][] = [[0, 5], [1, 5], [2, 6], [0, 4]];
    fc.assert(
      fc.property(tableArb, tableArb, batchArb, fc.constantFrom(...conds), (a, b, batchSize, [lc, rc]) => {
        const plan = Join.create(rel(schema, a), rel(schema, b), 'left', call('eq', col(lc), col(rc)));
        const got = run(plan, { batchSize }).map(rowKey).sort();
        const want: string[] = [];
        for (const l of a) {
          const matches = b.filter((r) => holds('eq', l[lc] ?? null, [...l, ...r][rc] ?? null) === true);
          if (matches.length === 0) want.push(rowKey([...l, null, null, null, null]));
          for (const r of matches) want.push(rowKey([...l, ...r]));
        }
        expect(got).toEqual(want.sort());
      }),
      RUNS,
    );
  });

  it('distinct on (f, s) keeps one row per value-order-equal pair', () => {
    fc.assert(
      fc.property(tableArb, batchArb, (rows, batchSize) => {
        const input = rel([['f', 'float64'], ['s', 'utf8']], rows.map((r) => [r[1], r[2]]));
        const got = run(Distinct.create(input), { batchSize }).map(rowKey).sort();
        expect(got).toEqual([...new Set(rows.map((r) => rowKey([r[1], r[2]])))].sort());
      }),
      RUNS,
    );
  });
});
