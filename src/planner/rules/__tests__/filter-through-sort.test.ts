import { describe, expect, it } from 'vitest';
import { asc, col, gt, lit } from '../../ir/expr-builders.js';
import { Filter, Sort } from '../../ir/index.js';
import { filterThroughSort } from '../filter-through-sort.js';
import { applyAndPrint } from './support/apply.js';
import { invoices } from './support/fixtures.js';
import fc from 'fast-check';
import { predicateArb, tableArb } from './support/arbitraries.js';
import { checkRule } from './support/property.js';

describe('filter-through-sort', () => {
  it('filters before sorting', () => {
    const plan = Filter.create(Sort.create(invoices(), [asc(col(2))]), gt(col(2), lit(1.0)));
    expect(applyAndPrint(filterThroughSort, plan)).toMatchInlineSnapshot(`
      "Sort: #2 total asc nulls last
        Filter: gt(#2 total, 1.0)
          Scan: invoices [invoice_id, customer_id, total, billing_city]"
    `);
  });

  it('property: same rows in the same order (sorting on every column)', () => {
    const plans = fc.tuple(tableArb('c'), fc.boolean()).chain(([t, descending]) =>
      predicateArb(t.schema).map((p) =>
        Filter.create(Sort.create(t, t.schema.fields.map((_, i) => (descending ? { ...asc(col(i)), descending: true } : asc(col(i))))), p),
      ),
    );
    checkRule(filterThroughSort, plans, { ordered: true });
  });
});
