import { describe, expect, it } from 'vitest';
import { and, col, eq, gt, lit } from '../../ir/expr-builders.js';
import { Join } from '../../ir/index.js';
import { joinConditionPushdown } from '../join-condition-pushdown.js';
import { applyAndPrint } from './support/apply.js';
import { customers, invoices } from './support/fixtures.js';
import fc from 'fast-check';
import type { JoinKind } from '../../ir/rel.js';
import { predicateArb, tableArb } from './support/arbitraries.js';
import { checkRule } from './support/property.js';
import { shiftColumns } from '../../ir/expr-utils.js';

describe('join-condition-pushdown', () => {
  const cond = and(and(eq(col(1), col(4)), gt(col(2), lit(10.0))), eq(col(6), lit('FR')));

  it('moves one-sided conjuncts of an inner join condition into its inputs', () => {
    expect(applyAndPrint(joinConditionPushdown, Join.create(invoices(), customers(), 'inner', cond))).toMatchInlineSnapshot(`
      "Join inner: eq(#1 customer_id, #4 customer_id)
        Filter: gt(#2 total, 10.0)
          Scan: invoices [invoice_id, customer_id, total, billing_city]
        Filter: eq(#2 country, 'FR')
          Scan: customers [customer_id, name, country]"
    `);
  });

  it('moves only right-side conjuncts of a left join condition', () => {
    expect(applyAndPrint(joinConditionPushdown, Join.create(invoices(), customers(), 'left', cond))).toMatchInlineSnapshot(`
      "Join left: and(eq(#1 customer_id, #4 customer_id), gt(#2 total, 10.0))
        Scan: invoices [invoice_id, customer_id, total, billing_city]
        Filter: eq(#2 country, 'FR')
          Scan: customers [customer_id, name, country]"
    `);
  });

  it('moves nothing out of a full join condition', () => {
    expect(applyAndPrint(joinConditionPushdown, Join.create(invoices(), customers(), 'full', cond))).toBe('no change');
  });

  it('property: one-sided conjuncts leave the condition without changing the rows', () => {
    const kinds: JoinKind[] = ['inner', 'left', 'right', 'semi', 'anti'];
    const plans = fc.tuple(tableArb('l', { maxRows: 6 }), tableArb('r', { maxRows: 6 }), fc.constantFrom(...kinds)).chain(([l, r, kind]) => {
      const n = l.schema.fields.length;
      const both = { fields: [...l.schema.fields, ...r.schema.fields] };
      return fc
        .tuple(predicateArb(l.schema), predicateArb(r.schema), predicateArb(both))
        .map(([pl, pr, pb]) => Join.create(l, r, kind, and(and(pb, pl), shiftColumns(pr, n))));
    });
    checkRule(joinConditionPushdown, plans, { mayDecline: true });
  });
});
