import { describe, expect, it } from 'vitest';
import { and, call, col, eq, ge, gt, inList, isNull, lit, lt, param } from '../../ir/expr-builders.js';
import { Filter, Scan } from '../../ir/index.js';
import { scanHints } from '../scan-hints.js';
import { applyAndPrint, rewritten } from './support/apply.js';
import { invoicesSchema } from './support/fixtures.js';

describe('scan-hints', () => {
  it('copies column-vs-constant conjuncts into the scan, renumbered to the table', () => {
    const scan = Scan.create('invoices', invoicesSchema, { projection: [3, 0, 2] });
    const pred = and(
      and(and(ge(col(1), lit(10n)), lt(lit(20n), col(1))), eq(col(0), param('city', 'utf8'))),
      and(and(isNull(col(2)), inList(col(0), [lit('a'), lit('b')])), gt(call('add', col(1), lit(1n)), lit(3n))),
    );
    expect(applyAndPrint(scanHints, Filter.create(scan, pred))).toMatchInlineSnapshot(`
      "Filter: and(and(and(ge(#1 invoice_id, 10), lt(20, #1 invoice_id)), eq(#0 billing_city, $city)), and(and(is_null(#2 total), in(#0 billing_city, ['a', 'b'])), gt(add(#1 invoice_id, 1), 3)))
        Scan: invoices [billing_city, invoice_id, total] hints=[ge(#0 invoice_id, 10), lt(20, #0 invoice_id), eq(#3 billing_city, $city), is_null(#2 total), in(#3 billing_city, ['a', 'b'])]"
    `);
  });

  it('does not add a hint twice', () => {
    const plan = Filter.create(Scan.create('invoices', invoicesSchema), gt(col(2), lit(1.0)));
    const once = rewritten(scanHints, plan);
    expect(scanHints.apply(once)).toBeNull();
  });
});
