import { describe, expect, it } from 'vitest';
import { col, eq, lit } from '../../ir/expr-builders.js';
import { Filter, Join, Project, SetOp, Values } from '../../ir/index.js';
import { emptyPropagation } from '../empty-propagation.js';
import { applyAndPrint } from './support/apply.js';
import { customers, invoices } from './support/fixtures.js';
import fc from 'fast-check';
import type { JoinKind, Rel, SetOpKind } from '../../ir/rel.js';
import { Aggregate, Limit, Sort, Distinct } from '../../ir/index.js';
import { agg, asc, named } from '../../ir/expr-builders.js';
import { predicateArb, rowsArb, schemaArb, tableArb } from './support/arbitraries.js';
import { checkRule } from './support/property.js';

describe('empty-propagation', () => {
  it('turns a filter on false into an empty relation', () => {
    expect(applyAndPrint(emptyPropagation, Filter.create(invoices(), lit(false)))).toMatchInlineSnapshot(`"Values: 0 rows [invoice_id, customer_id, total, billing_city]"`);
  });

  it('an inner join with an empty side is empty; a left join with an empty right side pads with NULLs', () => {
    const emptyCustomers = Values.empty(customers().schema);
    expect(applyAndPrint(emptyPropagation, Join.create(invoices(), emptyCustomers, 'inner', eq(col(1), col(4))))).toMatchInlineSnapshot(`"Values: 0 rows [invoice_id, customer_id, total, billing_city, customer_id, name, country]"`);
    expect(applyAndPrint(emptyPropagation, Join.create(invoices(), emptyCustomers, 'left', eq(col(1), col(4))))).toMatchInlineSnapshot(`
      "Project: #0 invoice_id, #1 customer_id, #2 total, #3 billing_city, NULL as customer_id, NULL as name, NULL as country
        Scan: invoices [invoice_id, customer_id, total, billing_city]"
    `);
  });

  it('a union all with an empty left side is the right side under the left names', () => {
    const left = Values.empty(Project.columns(invoices(), [1]).schema);
    const right = Project.columns(customers(), [0]);
    const u = SetOp.create('union_all', left, Project.create(right, [{ name: 'cid', expr: col(0) }]));
    expect(applyAndPrint(emptyPropagation, u)).toMatchInlineSnapshot(`
      "Project: #0 cid as customer_id
        Project: #0 customer_id as cid
          Project: #0 customer_id
            Scan: customers [customer_id, name, country]"
    `);
  });

  it('property: joins with an empty input', () => {
    const kinds: JoinKind[] = ['inner', 'left', 'right', 'full', 'semi', 'anti'];
    const plans = fc
      .tuple(tableArb('l', { maxRows: 5 }), tableArb('r', { maxRows: 5 }), fc.constantFrom(...kinds), fc.constantFrom('left', 'right', 'both'))
      .chain(([l, r, kind, which]) => {
        const left = which === 'right' ? l : Values.empty(l.schema);
        const right = which === 'left' ? r : Values.empty(r.schema);
        return predicateArb({ fields: [...l.schema.fields, ...r.schema.fields] }).map((c) => Join.create(left, right, kind, c));
      });
    checkRule(emptyPropagation, plans);
  });

  it('property: set operations with an empty input', () => {
    const ops: SetOpKind[] = ['union_all', 'union', 'intersect', 'intersect_all', 'except', 'except_all'];
    const plans = schemaArb('c').chain((schema) =>
      fc.tuple(rowsArb(schema, 8), fc.constantFrom(...ops), fc.boolean()).map(([rows, op, emptyLeft]) => {
        const full = Values.create(schema, rows);
        const empty = Values.empty(schema);
        return SetOp.create(op, emptyLeft ? empty : full, emptyLeft ? full : empty);
      }),
    );
    checkRule(emptyPropagation, plans);
  });

  it('property: single-input nodes over an empty input or with an impossible predicate', () => {
    const plans = tableArb('c').chain((t) => {
      const e = Values.empty(t.schema);
      return fc.oneof(
        fc.constant<Rel>(Filter.create(t, lit(false))),
        fc.constant<Rel>(Filter.create(t, lit(null, 'bool'))),
        fc.constant<Rel>(Limit.create(t, 0, 0)),
        fc.constant<Rel>(Sort.create(e, [asc(col(0))])),
        fc.constant<Rel>(Distinct.create(e)),
        fc.constant<Rel>(Aggregate.create(e, [named(col(0), 'k')], [agg('count', [], 'n')])),
      );
    });
    checkRule(emptyPropagation, plans);
  });
});
