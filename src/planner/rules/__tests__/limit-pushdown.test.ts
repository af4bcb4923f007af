import { describe, expect, it } from 'vitest';
import { Limit, Project, SetOp } from '../../ir/index.js';
import { limitPushdown } from '../limit-pushdown.js';
import { applyAndPrint, rewritten } from './support/apply.js';
import { customers, invoices } from './support/fixtures.js';
import fc from 'fast-check';
import { projectionArb, rowsArb, schemaArb, tableArb } from './support/arbitraries.js';
import { checkRule } from './support/property.js';
import { Values } from '../../ir/index.js';

describe('limit-pushdown', () => {
  it('moves a limit below a projection', () => {
    expect(applyAndPrint(limitPushdown, Limit.create(Project.columns(invoices(), [2]), 1, 5))).toMatchInlineSnapshot(`
      "Project: #2 total
        Limit: 5 offset 1
          Scan: invoices [invoice_id, customer_id, total, billing_city]"
    `);
  });

  it('caps both inputs of a union all, once', () => {
    const u = SetOp.create('union_all', Project.columns(invoices(), [1]), Project.columns(customers(), [0]));
    const once = rewritten(limitPushdown, Limit.create(u, 2, 3));
    expect(applyAndPrint(limitPushdown, Limit.create(u, 2, 3))).toMatchInlineSnapshot(`
      "Limit: 3 offset 2
        SetOp: union_all
          Limit: 5
            Project: #1 customer_id
              Scan: invoices [invoice_id, customer_id, total, billing_city]
          Limit: 5
            Project: #0 customer_id
              Scan: customers [customer_id, name, country]"
    `);
    expect(limitPushdown.apply(once)).toBeNull();
  });

  it('property: a limit below a projection keeps the rows and their order', () => {
    const plans = fc
      .tuple(tableArb('c'), fc.nat(3), fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }))
      .chain(([t, offset, limit]) => projectionArb(t.schema).map((exprs) => Limit.create(Project.create(t, exprs), offset, limit)));
    checkRule(limitPushdown, plans, { ordered: true });
  });

  it('property: capping union all inputs keeps the rows and their order', () => {
    const plans = schemaArb('c').chain((schema) =>
      fc
        .tuple(rowsArb(schema, 8), rowsArb(schema, 8), fc.nat(4), fc.integer({ min: 0, max: 6 }))
        .map(([a, b, offset, limit]) => Limit.create(SetOp.create('union_all', Values.create(schema, a), Values.create(schema, b)), offset, limit)),
    );
    checkRule(limitPushdown, plans, { ordered: true });
  });
});
