import { describe, expect, it } from 'vitest';
import { col, gt, isNotNull, lit } from '../../ir/expr-builders.js';
import { Filter } from '../../ir/index.js';
import { filterFusion } from '../filter-fusion.js';
import { applyAndPrint } from './support/apply.js';
import { invoices } from './support/fixtures.js';
import fc from 'fast-check';
import { tableArb, predicateArb } from './support/arbitraries.js';
import { checkRule } from './support/property.js';

describe('filter-fusion', () => {
  it('fuses two filters into one conjunction, inner predicate first', () => {
    const plan = Filter.create(Filter.create(invoices(), isNotNull(col(3))), gt(col(2), lit(10.0)));
    expect(applyAndPrint(filterFusion, plan)).toMatchInlineSnapshot(`
      "Filter: and(is_not_null(#3 billing_city), gt(#2 total, 10.0))
        Scan: invoices [invoice_id, customer_id, total, billing_city]"
    `);
  });

  it('leaves a single filter alone', () => {
    expect(filterFusion.apply(Filter.create(invoices(), gt(col(2), lit(10.0))))).toBeNull();
  });

  it('property: σp(σq(R)) = σ(q ∧ p)(R)', () => {
    const plans = tableArb('c').chain((t) =>
      fc.tuple(predicateArb(t.schema), predicateArb(t.schema)).map(([p, q]) => Filter.create(Filter.create(t, q), p)),
    );
    checkRule(filterFusion, plans);
  });
});
