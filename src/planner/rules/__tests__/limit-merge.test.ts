import { describe, expect, it } from 'vitest';
import { Limit } from '../../ir/index.js';
import { limitMerge } from '../limit-merge.js';
import { applyAndPrint } from './support/apply.js';
import { invoices } from './support/fixtures.js';
import fc from 'fast-check';
import { tableArb } from './support/arbitraries.js';
import { checkRule } from './support/property.js';

describe('limit-merge', () => {
  it('combines offsets and takes the smaller count', () => {
    expect(applyAndPrint(limitMerge, Limit.create(Limit.create(invoices(), 2, 10), 3, 20))).toMatchInlineSnapshot(`
      "Limit: 7 offset 5
        Scan: invoices [invoice_id, customer_id, total, billing_city]"
    `);
    expect(applyAndPrint(limitMerge, Limit.create(Limit.create(invoices(), 0, null), 1, 2))).toMatchInlineSnapshot(`
      "Limit: 2 offset 1
        Scan: invoices [invoice_id, customer_id, total, billing_city]"
    `);
  });

  it('property: same rows in the same order', () => {
    const count = fc.option(fc.integer({ min: 0, max: 6 }), { nil: null });
    const plans = fc
      .tuple(tableArb('c'), fc.nat(4), count, fc.nat(4), count)
      .map(([t, o1, l1, o2, l2]) => Limit.create(Limit.create(t, o2, l2), o1, l1));
    checkRule(limitMerge, plans, { ordered: true });
  });
});
