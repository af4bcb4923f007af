import { describe, expect, it } from 'vitest';
import { and, col, eq, gt, isNull, lit } from '../../ir/expr-builders.js';
import { Filter, Join } from '../../ir/index.js';
import { filterIntoJoin } from '../filter-into-join.js';
import { applyAndPrint } from './support/apply.js';
import { customers, invoices } from './support/fixtures.js';
import fc from 'fast-check';
import type { JoinKind } from '../../ir/rel.js';
import { predicateArb, tableArb } from './support/arbitraries.js';
import { checkRule } from './support/property.js';

describe('filter-into-join', () => {
  it('splits conjuncts of a filter over a cross join into sides and an inner join condition', () => {
    const j = Join.create(invoices(), customers(), 'cross', null);
    const plan = Filter.create(j, and(and(eq(col(1), col(4)), gt(col(2), lit(10.0))), eq(col(6), lit('FR'))));
    expect(applyAndPrint(filterIntoJoin, plan)).toMatchInlineSnapshot(`
      "Join inner: eq(#1 customer_id, #4 customer_id)
        Filter: gt(#2 total, 10.0)
          Scan: invoices [invoice_id, customer_id, total, billing_city]
        Filter: eq(#2 country, 'FR')
          Scan: customers [customer_id, name, country]"
    `);
  });

  it('turns a left join into an inner join when the filter rejects padded rows', () => {
    const j = Join.create(invoices(), customers(), 'left', eq(col(1), col(4)));
    const plan = Filter.create(j, eq(col(6), lit('FR')));
    expect(applyAndPrint(filterIntoJoin, plan)).toMatchInlineSnapshot(`
      "Filter: eq(#6 country, 'FR')
        Join inner: eq(#1 customer_id, #4 customer_id)
          Scan: invoices [invoice_id, customer_id, total, billing_city]
          Scan: customers [customer_id, name, country]"
    `);
  });

  it('keeps a filter that looks for padded rows above a left join, pushing the left-side part', () => {
    const j = Join.create(invoices(), customers(), 'left', eq(col(1), col(4)));
    const plan = Filter.create(j, and(isNull(col(5)), gt(col(2), lit(1.0))));
    expect(applyAndPrint(filterIntoJoin, plan)).toMatchInlineSnapshot(`
      "Filter: is_null(#5 name)
        Join left: eq(#1 customer_id, #4 customer_id)
          Filter: gt(#2 total, 1.0)
            Scan: invoices [invoice_id, customer_id, total, billing_city]
          Scan: customers [customer_id, name, country]"
    `);
  });

  it('pushes everything into the left input of a semi join', () => {
    const j = Join.create(invoices(), customers(), 'semi', eq(col(1), col(4)));
    expect(applyAndPrint(filterIntoJoin, Filter.create(j, gt(col(2), lit(5.0))))).toMatchInlineSnapshot(`
      "Join semi: eq(#1 customer_id, #4 customer_id)
        Filter: gt(#2 total, 5.0)
          Scan: invoices [invoice_id, customer_id, total, billing_city]
        Scan: customers [customer_id, name, country]"
    `);
  });

  it('property: a filter above any kind of join gives the same rows once moved into it', () => {
    const kinds: JoinKind[] = ['inner', 'left', 'right', 'full', 'semi', 'anti', 'cross'];
    const plans = fc.tuple(tableArb('l', { maxRows: 6 }), tableArb('r', { maxRows: 6 }), fc.constantFrom(...kinds)).chain(([l, r, kind]) => {
      const both = { fields: [...l.schema.fields, ...r.schema.fields] };
      const cond = kind === 'cross' ? fc.constant(null) : predicateArb(both);
      return cond.chain((c) => {
        const j = Join.create(l, r, kind, c);
        return predicateArb(j.schema).map((p) => Filter.create(j, p));
      });
    });
    checkRule(filterIntoJoin, plans, { mayDecline: true });
  });
});
