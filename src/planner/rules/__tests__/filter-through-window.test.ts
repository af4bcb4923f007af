import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { and, asc, col, eq, gt, lit } from '../../ir/expr-builders.js';
import type { WindowCall } from '../../ir/expr.js';
import { Filter, Window } from '../../ir/index.js';
import { filterThroughWindow } from '../filter-through-window.js';
import { predicateArb, tableArb } from './support/arbitraries.js';
import { applyAndPrint } from './support/apply.js';
import { invoices } from './support/fixtures.js';
import { checkRule } from './support/property.js';

const rowNumber = (partition: number[], order: number[]): WindowCall => ({
  fn: 'row_number',
  args: [],
  partitionBy: partition.map((i) => col(i)),
  orderBy: order.map((i) => asc(col(i))),
  frame: null,
  name: 'rn',
});

describe('filter-through-window', () => {
  it('moves conjuncts on shared partition keys below the window, keeps the rest', () => {
    const w = Window.create(invoices(), [rowNumber([1, 3], [0]), { ...rowNumber([1], [2]), fn: 'rank', name: 'r' }]);
    const plan = Filter.create(w, and(and(eq(col(1), lit(7n)), eq(col(3), lit('Oslo'))), gt(col(4), lit(1n))));
    expect(applyAndPrint(filterThroughWindow, plan)).toMatchInlineSnapshot(`
      "Filter: and(eq(#3 billing_city, 'Oslo'), gt(#4 rn, 1))
        Window: row_number() partition by [#1 customer_id, #3 billing_city] order by [#0 invoice_id asc nulls last] as rn, rank() partition by [#1 customer_id] order by [#2 total asc nulls last] as r
          Filter: eq(#1 customer_id, 7)
            Scan: invoices [invoice_id, customer_id, total, billing_city]"
    `);
  });

  it('property: whole partitions are kept or dropped, so window values do not change', () => {
    const plans = tableArb('c', { minCols: 2 }).chain((t) =>
      fc.integer({ min: 1, max: t.schema.fields.length - 1 }).chain((k) => {
        const all = t.schema.fields.map((_, i) => i);
        const w = Window.create(t, [rowNumber(all.slice(0, k), all), { ...rowNumber(all.slice(0, k), all.slice().reverse()), fn: 'dense_rank', name: 'dr' }]);
        // Predicates over the partition columns only (plus the window output, which must stay above).
        const keyed = { fields: t.schema.fields.slice(0, k) };
        return fc.tuple(predicateArb(keyed), predicateArb(w.schema)).map(([p, q]) => Filter.create(w, and(p, q)));
      }),
    );
    checkRule(filterThroughWindow, plans, { mayDecline: true });
  });
});
