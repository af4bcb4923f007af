import { describe, expect, it } from 'vitest';
import type { Expr } from '../../ir/expr.js';
import { call, col, gt, lit, named } from '../../ir/expr-builders.js';
import { Project } from '../../ir/index.js';
import { optimize } from '../../optimizer.js';
import { commonSubexpressions } from '../common-subexpressions.js';
import { projectionArb, tableArb } from './support/arbitraries.js';
import { applyAndPrint } from './support/apply.js';
import { invoices } from './support/fixtures.js';
import { checkRule } from './support/property.js';

describe('common-subexpressions', () => {
  it('computes a repeated subexpression once below the projection', () => {
    const doubled = call('mul', col(2), lit(2.0));
    const plan = Project.create(invoices(), [
      named(col(0), 'id'),
      named(call('add', doubled, lit(1.0)), 'a'),
      named(gt(doubled, lit(10.0)), 'b'),
      named(call('upper', col(3)), 'city'),
    ]);
    expect(applyAndPrint(commonSubexpressions, plan)).toMatchInlineSnapshot(`
      "Project: #0 invoice_id as id, add(#2 _cse0, 1.0) as a, gt(#2 _cse0, 10.0) as b, upper(#1 billing_city) as city
        Project: #0 invoice_id, #3 billing_city, mul(#2 total, 2.0) as _cse0
          Scan: invoices [invoice_id, customer_id, total, billing_city]"
    `);
  });

  it('leaves projections without repeats alone, and the optimizer keeps the shared column', () => {
    expect(commonSubexpressions.apply(Project.create(invoices(), [named(call('mul', col(2), lit(2.0)), 'a'), named(col(2), 'b')]))).toBeNull();
    const doubled = call('mul', col(2), lit(2.0));
    const plan = Project.create(invoices(), [named(doubled, 'a'), named(call('neg', doubled), 'b')]);
    const { rel } = optimize(plan);
    expect(optimize(rel).trace).toEqual([]);
    expect(rel.kind === 'project' && rel.input.kind === 'project').toBe(true);
  });

  it('property: sharing subexpressions keeps the rows', () => {
    const plans = tableArb('c').chain((t) =>
      projectionArb(t.schema).map((items) => {
        // Repeat every computed item inside a bigger one so something is shared.
        const extra = items
          .filter((x) => x.expr.kind === 'call')
          .map((x, i): { name: string; expr: Expr } => ({ name: `dup${i}`, expr: call('is_null', x.expr) }));
        return Project.create(t, [...items, ...extra]);
      }),
    );
    checkRule(commonSubexpressions, plans, { mayDecline: true });
  });
});
