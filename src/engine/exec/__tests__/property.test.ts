import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Aggregate, Filter, Join, Limit, Sort, agg, asc, call, col, desc, lit } from '../../../planner/ir/index.js';
import type { Scalar } from '../../../types/data-type.js';
import { compareCodePoints } from '../../../types/value-order.js';
import { rel, run } from './helpers.js';

// rows: (k int64 with NULLs, s utf8 incl. astral chars, v int64 beyond 2^53; 60 rows of 2^56 cannot overflow a sum)
const rowArb = fc.tuple(
  fc.option(fc.bigInt({ min: -3n, max: 3n }), { nil: null }),
  fc.option(fc.constantFrom('a', 'b', 'Z', '\uFFFD', '😀', 'é', ''), { nil: null }),
  fc.option(fc.bigInt({ min: -(2n ** 56n), max: 2n ** 56n }), { nil: null }),
);
const tableArb = fc.array(rowArb, { maxLength: 60 });
const batchArb = fc.integer({ min: 1, max: 9 });
const schema = [['k', 'int64'], ['s', 'utf8'], ['v', 'int64']] as const;
const key = (v: Scalar): string => (v === null ? 'null' : typeof v === 'bigint' ? `${v}n` : JSON.stringify(v));

describe('executor agrees with a naive reference on random tables', () => {
  it('group by k: count, sum, min, max of v', () => {
    fc.assert(
      fc.property(tableArb, batchArb, (rows, batchSize) => {
        const plan = Aggregate.create(rel(schema, rows), [{ expr: col(0), name: 'k' }], [
          agg('count', [col(2)], 'n'),
          agg('sum', [col(2)], 's'),
          agg('min', [col(2)], 'lo'),
          agg('max', [col(1)], 'hi'),
        ]);
        const got = new Map(run(plan, { batchSize }).map((r) => [key(r[0] ?? null), r.slice(1)]));
        const want = new Map<string, Scalar[]>();
        for (const [k, s, v] of rows) {
          const cur = want.get(key(k)) ?? [0n, null, null, null];
          if (v !== null) {
            cur[0] = (cur[0] as bigint) + 1n;
            cur[1] = ((cur[1] as bigint | null) ?? 0n) + v;
            cur[2] = cur[2] === null || v < (cur[2] as bigint) ? v : (cur[2] ?? null);
          }
          if (s !== null) cur[3] = cur[3] === null || compareCodePoints(s, cur[3] as string) > 0 ? s : (cur[3] ?? null);
          want.set(key(k), cur);
        }
        expect(got).toEqual(want);
      }),
      { numRuns: 60 },
    );
  });

  it('filter then sort (multi-key, nulls first/last) then top-k', () => {
    fc.assert(
      fc.property(tableArb, batchArb, fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 8 }), (rows, batchSize, offset, limit) => {
        const filtered = Filter.create(rel(schema, rows), call('or', call('is_null', col(0)), call('ge', col(0), lit(0n))));
        const keys = [asc(col(1), true), desc(col(2), false), asc(col(0))];
        const sorted = run(Sort.create(filtered, keys), { batchSize });
        const ref = rows
          .filter(([k]) => k === null || k >= 0n)
          .map((r, i) => ({ r, i }))
          .sort((a, b) => {
            const [ka, sa, va] = a.r;
            const [kb, sb, vb] = b.r;
            if (sa !== sb) return sa === null ? -1 : sb === null ? 1 : compareCodePoints(sa, sb);
            if (va !== vb) return va === null ? 1 : vb === null ? -1 : va > vb ? -1 : 1;
            if (ka !== kb) return ka === null ? 1 : kb === null ? -1 : ka < kb ? -1 : 1;
            return a.i - b.i;
          })
          .map((x) => [...x.r]);
        expect(sorted).toEqual(ref);
        expect(run(Limit.create(Sort.create(filtered, keys), offset, limit), { batchSize })).toEqual(ref.slice(offset, offset + limit));
      }),
      { numRuns: 60 },
    );
  });

  it('left join on k equals a nested-loop reference', () => {
    fc.assert(
      fc.property(tableArb, tableArb, batchArb, (a, b, batchSize) => {
        const plan = Join.create(rel(schema, a), rel(schema, b), 'left', call('eq', col(0), col(3)));
        const got = run(plan, { batchSize }).map((r) => r.map(key).join(',')).sort();
        const want: string[] = [];
        for (const l of a) {
          const matches = b.filter((r) => l[0] !== null && r[0] !== null && r[0] === l[0]);
          if (matches.length === 0) want.push([...l, null, null, null].map(key).join(','));
          for (const r of matches) want.push([...l, ...r].map(key).join(','));
        }
        expect(got).toEqual(want.sort());
      }),
      { numRuns: 60 },
    );
  });
});
