import { describe, expect, it } from 'vitest';
import { and, call, col, gt, lit, named } from '../../ir/expr-builders.js';
import { Filter, Project } from '../../ir/index.js';
import { filterThroughProject } from '../filter-through-project.js';
import { applyAndPrint } from './support/apply.js';
import { invoices } from './support/fixtures.js';
import { predicateArb, projectionArb, tableArb } from './support/arbitraries.js';
import { checkRule } from './support/property.js';

describe('filter-through-project', () => {
  it('substitutes the projected expressions into the predicate', () => {
    const p = Project.create(invoices(), [named(col(0, 'invoice_id'), 'id'), named(call('mul', col(2), lit(2.0)), 'double_total')]);
    const plan = Filter.create(p, and(gt(col(1), lit(100.0)), gt(col(0), lit(3n))));
    expect(applyAndPrint(filterThroughProject, plan)).toMatchInlineSnapshot(`
      "Project: #0 invoice_id as id, mul(#2 total, 2.0) as double_total
        Filter: and(gt(mul(#2 total, 2.0), 100.0), gt(#0 invoice_id, 3))
          Scan: invoices [invoice_id, customer_id, total, billing_city]"
    `);
  });

  it('property: σp(π e(R)) = π e(σ p[e](R))', () => {
    const plans = tableArb('c').chain((t) =>
      projectionArb(t.schema).chain((exprs) => {
        const p = Project.create(t, exprs);
        return predicateArb(p.schema).map((pred) => Filter.create(p, pred));
      }),
    );
    checkRule(filterThroughProject, plans);
  });
});
