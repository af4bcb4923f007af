import { describe, expect, it } from 'vitest';
import { agg, and, col, eq, gt, lit, named } from '../../ir/expr-builders.js';
import { Aggregate, Filter } from '../../ir/index.js';
import { filterThroughAggregate } from '../filter-through-aggregate.js';
import { applyAndPrint } from './support/apply.js';
import { invoices } from './support/fixtures.js';
import fc from 'fast-check';
import { predicateArb, tableArb } from './support/arbitraries.js';
import { checkRule } from './support/property.js';

describe('filter-through-aggregate', () => {
  it('moves conjuncts on group keys below the aggregate, keeps the rest', () => {
    const a = Aggregate.create(invoices(), [named(col(3, 'billing_city'), 'city')], [agg('sum', [col(2)], 'revenue')]);
    const plan = Filter.create(a, and(eq(col(0), lit('Oslo')), gt(col(1), lit(100.0))));
    expect(applyAndPrint(filterThroughAggregate, plan)).toMatchInlineSnapshot(`
      "Filter: gt(#1 revenue, 100.0)
        Aggregate: by [#3 billing_city as city] [sum(#2 total) as revenue]
          Filter: eq(#3 billing_city, 'Oslo')
            Scan: invoices [invoice_id, customer_id, total, billing_city]"
    `);
  });

  it('does not move anything below an aggregate without group keys', () => {
    const a = Aggregate.create(invoices(), [], [agg('count', [], 'n')]);
    expect(filterThroughAggregate.apply(Filter.create(a, gt(col(0), lit(0n))))).toBeNull();
  });

  it('property: filters on group keys commute with grouping', () => {
    const plans = tableArb('c', { minCols: 2 }).chain((t) =>
      fc.integer({ min: 1, max: t.schema.fields.length - 1 }).chain((g) => {
        const groupBy = t.schema.fields.slice(0, g).map((f, i) => named(col(i, f.name), f.name));
        const a = Aggregate.create(t, groupBy, [agg('count', [], 'n'), agg('max', [col(g)], 'top')]);
        return predicateArb(a.schema).map((p) => Filter.create(a, p));
      }),
    );
    checkRule(filterThroughAggregate, plans, { mayDecline: true });
  });
});
