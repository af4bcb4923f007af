import { describe, expect, it } from 'vitest';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { compose, morphism, pipe } from '../compose.js';
import { col, gt, lit, named } from '../expr-builders.js';
import { Filter, Project, Scan } from '../index.js';
import { printPlan } from '../print.js';
import { customers, invoices } from './fixtures.js';

describe('composition', () => {
  const bigInvoices = morphism(invoices, (r) => Filter.create(r, gt(col(2), lit(10.0))));
  const idAndTotal = morphism(invoices, (r) => Project.create(r, [named(col(0, 'invoice_id'), 'id'), named(col(2, 'total'), 'total')]));

  it('derives the codomain and composes matching arrows', () => {
    expect(idAndTotal.cod.fields.map((f) => f.name)).toEqual(['id', 'total']);
    const both = compose(bigInvoices, idAndTotal);
    const plan = both.apply(Scan.create('invoices', invoices));
    expect(printPlan(plan)).toBe(
      ['Project: #0 invoice_id as id, #2 total', '  Filter: gt(#2 total, 10.0)', '    Scan: invoices [invoice_id, customer_id, total, billing_city, invoice_date]'].join('\n'),
    );
  });

  it('refuses to compose when cod(f) does not fit dom(g)', () => {
    let err: unknown;
    try {
      compose(idAndTotal, bigInvoices);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PyralogError);
    expect((err as PyralogError).code).toBe('SCHEMA_MISMATCH');
  });

  it('refuses an input that does not fit the domain', () => {
    expect(() => bigInvoices.apply(Scan.create('customers', customers))).toThrow(/does not fit/);
  });

  it('pipes plain steps left to right', () => {
    const plan = pipe(
      Scan.create('customers', customers),
      (r) => Filter.create(r, gt(col(0), lit(3n))),
      (r) => Project.columns(r, [1]),
    );
    expect(printPlan(plan, { schema: true })).toBe(
      [
        'Project: #1 name -> (name: utf8)',
        '  Filter: gt(#0 customer_id, 3) -> (customer_id: int64, name: utf8, country: utf8?)',
        '    Scan: customers [customer_id, name, country] -> (customer_id: int64, name: utf8, country: utf8?)',
      ].join('\n'),
    );
  });
});
