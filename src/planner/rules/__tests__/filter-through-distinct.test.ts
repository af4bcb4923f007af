import { describe, expect, it } from 'vitest';
import { col, eq, lit } from '../../ir/expr-builders.js';
import { Distinct, Filter, Project } from '../../ir/index.js';
import { filterThroughDistinct } from '../filter-through-distinct.js';
import { applyAndPrint } from './support/apply.js';
import { invoices } from './support/fixtures.js';
import { predicateArb, tableArb } from './support/arbitraries.js';
import { checkRule } from './support/property.js';

describe('filter-through-distinct', () => {
  it('filters before removing duplicates', () => {
    const plan = Filter.create(Distinct.create(Project.columns(invoices(), [3])), eq(col(0), lit('Oslo')));
    expect(applyAndPrint(filterThroughDistinct, plan)).toMatchInlineSnapshot(`
      "Distinct
        Filter: eq(#0 billing_city, 'Oslo')
          Project: #3 billing_city
            Scan: invoices [invoice_id, customer_id, total, billing_city]"
    `);
  });

  it('property: σp(δ(R)) = δ(σp(R))', () => {
    const plans = tableArb('c').chain((t) => predicateArb(t.schema).map((p) => Filter.create(Distinct.create(t), p)));
    checkRule(filterThroughDistinct, plans);
  });
});
