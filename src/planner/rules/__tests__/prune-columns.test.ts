import { describe, expect, it } from 'vitest';
import { agg, col, eq, gt, lit, named } from '../../ir/expr-builders.js';
import { Aggregate, Filter, Join, Project, Values } from '../../ir/index.js';
import { printPlan } from '../../ir/print.js';
import { executeRel } from '../../../engine/exec/index.js';
import { pruneColumns } from '../prune-columns.js';
import { applyAndPrint } from './support/apply.js';
import { customers, invoices } from './support/fixtures.js';
import fc from 'fast-check';
import type { Rel } from '../../ir/rel.js';
import { Limit, Sort } from '../../ir/index.js';
import { asc } from '../../ir/expr-builders.js';
import { predicateArb, projectionArb, tableArb } from './support/arbitraries.js';
import { checkRule } from './support/property.js';

describe('prune-columns', () => {
  it('narrows the scan under a filter to the columns read above it', () => {
    const plan = Project.create(Filter.create(invoices(), gt(col(2), lit(1.0))), [named(col(3), 'city')]);
    expect(applyAndPrint(pruneColumns, plan)).toMatchInlineSnapshot(`
      "Project: #1 billing_city as city
        Filter: gt(#0 total, 1.0)
          Scan: invoices [total, billing_city]"
    `);
  });

  it('folds a projection of bare columns into the scan', () => {
    expect(applyAndPrint(pruneColumns, Project.columns(invoices(), [3, 0]))).toMatchInlineSnapshot(`"Scan: invoices [billing_city, invoice_id]"`);
  });

  it('narrows both join inputs, keeping condition columns', () => {
    const j = Join.create(invoices(), customers(), 'inner', eq(col(1), col(4)));
    expect(applyAndPrint(pruneColumns, Project.create(j, [named(col(2), 'total'), named(col(5), 'name')]))).toMatchInlineSnapshot(`
      "Project: #1 total, #3 name
        Join inner: eq(#0 customer_id, #2 customer_id)
          Project: #1 customer_id, #2 total
            Scan: invoices [invoice_id, customer_id, total, billing_city]
          Project: #0 customer_id, #1 name
            Scan: customers [customer_id, name, country]"
    `);
  });

  it('drops unused aggregates', () => {
    const a = Aggregate.create(invoices(), [named(col(3), 'city')], [agg('sum', [col(2)], 'revenue'), agg('count', [], 'n')]);
    expect(applyAndPrint(pruneColumns, Project.create(a, [named(col(2), 'n')]))).toMatchInlineSnapshot(`
      "Project: #1 n
        Aggregate: by [#3 billing_city as city] [count() as n]
          Scan: invoices [invoice_id, customer_id, total, billing_city]"
    `);
  });

  it('narrows the inputs under an aggregate (reads only keys, arguments and FILTER clauses)', () => {
    const j = Join.create(invoices(), customers(), 'inner', eq(col(1), col(4)));
    const a = Aggregate.create(j, [named(col(6), 'country')], [agg('count', [], 'n'), agg('sum', [col(2)], 'revenue')]);
    expect(applyAndPrint(pruneColumns, a)).toMatchInlineSnapshot(`
      "Aggregate: by [#3 country] [count() as n, sum(#1 total) as revenue]
        Join inner: eq(#0 customer_id, #2 customer_id)
          Project: #1 customer_id, #2 total
            Scan: invoices [invoice_id, customer_id, total, billing_city]
          Project: #0 customer_id, #2 country
            Scan: customers [customer_id, name, country]"
    `);
  });

  it('property: pruning under an aggregate over filters and joins keeps the rows', () => {
    const plans = fc.tuple(tableArb('l', { maxRows: 6 }), tableArb('r', { maxRows: 6 }), fc.boolean()).chain(([l, r, joined]) => {
      const input: fc.Arbitrary<Rel> = joined
        ? predicateArb({ fields: [...l.schema.fields, ...r.schema.fields] }).map((c) => Join.create(l, r, 'left', c))
        : predicateArb(l.schema).map((p) => Filter.create(l, p));
      return input.chain((rel) => {
        const n = rel.schema.fields.length;
        return fc.tuple(fc.subarray([...Array(n).keys()], { maxLength: Math.min(2, n) }), fc.array(fc.option(fc.nat(n - 1), { nil: null }), { minLength: 1, maxLength: 3 })).map(
          ([keys, args]) =>
            Aggregate.create(
              rel,
              keys.map((k, i) => named(col(k), `g${i}`)),
              args.map((x, i) => agg('count', x === null ? [] : [col(x)], `a${i}`)),
            ) as Rel,
        );
      });
    });
    checkRule(pruneColumns, plans, { mayDecline: true });
  });

  it('property: pruning under filters, sorts and limits keeps the rows', () => {
    const middle = (t: Rel): fc.Arbitrary<Rel> =>
      fc.oneof(
        predicateArb(t.schema).map((p): Rel => Filter.create(t, p)),
        fc.constant<Rel>(Limit.create(Sort.create(t, t.schema.fields.map((_, i) => asc(col(i)))), 1, 4)),
        fc.constant<Rel>(t),
      );
    const plans = tableArb('c', { minCols: 2 }).chain((t) => middle(t).chain((m) => projectionArb(m.schema).map((exprs) => Project.create(m, exprs))));
    checkRule(pruneColumns, plans, { mayDecline: true });
  });

  it('property: pruning join inputs keeps the rows', () => {
    const plans = fc.tuple(tableArb('l', { maxRows: 6 }), tableArb('r', { maxRows: 6 }), fc.constantFrom('inner', 'left', 'full', 'semi', 'anti' as const)).chain(
      ([l, r, kind]) =>
        predicateArb({ fields: [...l.schema.fields, ...r.schema.fields] }).chain((c) => {
          const j = Join.create(l, r, kind, c);
          return projectionArb(j.schema).map((exprs) => Project.create(j, exprs));
        }),
    );
    checkRule(pruneColumns, plans, { mayDecline: true });
  });

  it('keeps one column under a projection that reads none, so row counts survive', () => {
    const schema = { fields: [{ name: 'a', type: 'int64' as const, nullable: false }, { name: 'b', type: 'utf8' as const, nullable: true }] };
    const plan = Project.create(Values.create(schema, [[1n, 'x'], [2n, null], [3n, 'y']]), [named(lit(7n), 'seven')]);
    const after = pruneColumns.apply(plan);
    expect(after === null ? 'no change' : printPlan(after)).toMatchInlineSnapshot(`
      "Project: 7 as seven
        Values: 3 rows [a]"
    `);
    expect(after === null ? [] : executeRel(after).arrays()).toEqual([[7n], [7n], [7n]]);
  });
});
