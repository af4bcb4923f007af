import { describe, expect, it } from 'vitest';
import { col, gt, lit } from '../../ir/expr-builders.js';
import { Filter, Project, SetOp } from '../../ir/index.js';
import { filterThroughSetOp } from '../filter-through-set-op.js';
import { applyAndPrint } from './support/apply.js';
import { customers, invoices } from './support/fixtures.js';
import fc from 'fast-check';
import type { SetOpKind } from '../../ir/rel.js';
import { Values } from '../../ir/index.js';
import { predicateArb, rowsArb, schemaArb } from './support/arbitraries.js';
import { checkRule } from './support/property.js';

describe('filter-through-set-op', () => {
  it('copies the filter into both inputs of a union', () => {
    const u = SetOp.create('union', Project.columns(invoices(), [1]), Project.columns(customers(), [0]));
    expect(applyAndPrint(filterThroughSetOp, Filter.create(u, gt(col(0), lit(3n))))).toMatchInlineSnapshot(`
      "SetOp: union
        Filter: gt(#0 customer_id, 3)
          Project: #1 customer_id
            Scan: invoices [invoice_id, customer_id, total, billing_city]
        Filter: gt(#0 customer_id, 3)
          Project: #0 customer_id
            Scan: customers [customer_id, name, country]"
    `);
  });

  it('property: σp(A op B) = σp(A) op σp(B) for every set operation', () => {
    const ops: SetOpKind[] = ['union_all', 'union', 'intersect', 'intersect_all', 'except', 'except_all'];
    const plans = schemaArb('c').chain((schema) =>
      fc.tuple(rowsArb(schema, 8), rowsArb(schema, 8), fc.constantFrom(...ops), predicateArb(schema)).map(([a, b, op, p]) =>
        Filter.create(SetOp.create(op, Values.create(schema, a), Values.create(schema, b)), p),
      ),
    );
    checkRule(filterThroughSetOp, plans);
  });
});
