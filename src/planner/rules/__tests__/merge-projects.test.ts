import { describe, expect, it } from 'vitest';
import { call, col, lit, named } from '../../ir/expr-builders.js';
import { Project } from '../../ir/index.js';
import { mergeProjects } from '../merge-projects.js';
import { applyAndPrint } from './support/apply.js';
import { invoices } from './support/fixtures.js';
import { projectionArb, tableArb } from './support/arbitraries.js';
import { checkRule } from './support/property.js';

describe('merge-projects', () => {
  it('substitutes inner expressions into the outer projection', () => {
    const inner = Project.create(invoices(), [named(col(0), 'id'), named(call('mul', col(2), lit(2.0)), 'double')]);
    const plan = Project.create(inner, [named(call('add', col(1), lit(1.0)), 'x'), named(col(0), 'id')]);
    expect(applyAndPrint(mergeProjects, plan)).toMatchInlineSnapshot(`
      "Project: add(mul(#2 total, 2.0), 1.0) as x, #0 invoice_id as id
        Scan: invoices [invoice_id, customer_id, total, billing_city]"
    `);
  });

  it('does not duplicate a computed expression used twice', () => {
    const inner = Project.create(invoices(), [named(call('mul', col(2), lit(2.0)), 'double')]);
    const plan = Project.create(inner, [named(col(0), 'a'), named(col(0), 'b')]);
    expect(mergeProjects.apply(plan)).toBeNull();
  });

  it('property: π e(π f(R)) = π e[f](R)', () => {
    const plans = tableArb('c').chain((t) =>
      projectionArb(t.schema, 'a').chain((inner) => {
        const p = Project.create(t, inner);
        return projectionArb(p.schema, 'b').map((outer) => Project.create(p, outer));
      }),
    );
    checkRule(mergeProjects, plans, { mayDecline: true });
  });
});
