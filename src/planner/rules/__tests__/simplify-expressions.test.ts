import { describe, expect, it } from 'vitest';
import { and, call, caseWhen, cast, col, eq, gt, lit, named, not, or } from '../../ir/expr-builders.js';
import { Filter, Project, Values } from '../../ir/index.js';
import { simplifyExpressions } from '../simplify-expressions.js';
import { applyAndPrint } from './support/apply.js';
import { invoices } from './support/fixtures.js';
import fc from 'fast-check';
import type { Expr } from '../../ir/expr.js';
import { predicateArb, tableArb } from './support/arbitraries.js';
import { checkRule } from './support/property.js';
import { expectSameResults } from './support/run.js';

describe('simplify-expressions', () => {
  it('folds literals and removes neutral elements', () => {
    const pred = and(and(gt(col(2), call('add', lit(1n), lit(2n))), lit(true)), not(not(or(eq(col(3), lit('a')), lit(false)))));
    expect(applyAndPrint(simplifyExpressions, Filter.create(invoices(), pred))).toMatchInlineSnapshot(`
      "Filter: and(gt(#2 total, 3), eq(#3 billing_city, 'a'))
        Scan: invoices [invoice_id, customer_id, total, billing_city]"
    `);
  });

  it('keeps NULL semantics: a strict call of NULL is a typed NULL, NULL AND x stays', () => {
    const p = Project.create(invoices(), [
      named(call('add', col(0), lit(null)), 'a'),
      named(and(lit(null), gt(col(2), lit(1.0))), 'b'),
      named(and(lit(null), lit(false)), 'c'),
      named(caseWhen([[lit(false), lit(1n)], [lit(true), lit(2n)]], lit(3n)), 'd'),
      named(call('is_null', lit(null)), 'e'),
      named(call('coalesce', lit(null), col(2), lit(1.5), col(2)), 'f'),
    ]);
    expect(applyAndPrint(simplifyExpressions, p)).toMatchInlineSnapshot(`
      "Project: NULL as a, and(NULL, gt(#2 total, 1.0)) as b, false as c, 2 as d, true as e, coalesce(#2 total, 1.5) as f
        Scan: invoices [invoice_id, customer_id, total, billing_city]"
    `);
  });

  it('drops a filter that folds to true', () => {
    const scan = invoices();
    expect(simplifyExpressions.apply(Filter.create(scan, or(lit(true), gt(col(2), lit(1.0)))))).toBe(scan);
  });

  it('property: folding and identities keep the rows (with NULLs, true/false and literal arithmetic mixed in)', () => {
    const wrap = (p: Expr): fc.Arbitrary<Expr> =>
      fc.oneof(
        fc.constant(and(p, lit(true))),
        fc.constant(or(p, lit(false))),
        fc.constant(not(not(p))),
        fc.constant(and(p, eq(call('add', lit(1n), lit(2n)), lit(3n)))),
        fc.constant(or(p, lit(null, 'bool'))),
        fc.constant(and(lit(null, 'bool'), p)),
        fc.constant(or(call('is_null', lit(null)), p)),
        fc.constant(caseWhen([[lit(false), lit(false)]], p)),
      );
    const plans = tableArb('c').chain((t) => predicateArb(t.schema).chain(wrap).map((p) => Filter.create(t, p)));
    checkRule(simplifyExpressions, plans, { mayDecline: true });
  });

  it('leaves calendar arithmetic of literals to the executor, folds numeric and comparison literals', () => {
    const p = Project.create(invoices(), [
      named(call('sub', lit(1_000n, 'timestamp'), lit(400n, 'timestamp')), 'span'),
      named(call('add', lit(19_000, 'date'), lit(1n)), 'next_day'),
      named(call('mul', lit(3n), lit(2.5)), 'x'),
      named(call('lt', lit('b'), lit('ab')), 'y'),
    ]);
    expect(applyAndPrint(simplifyExpressions, p)).toMatchInlineSnapshot(`
      "Project: sub(TIMESTAMP '1970-01-01T00:00:00.000001000', TIMESTAMP '1970-01-01T00:00:00.000000400') as span, add(DATE '2022-01-08', 1) as next_day, 7.5 as x, false as y
        Scan: invoices [invoice_id, customer_id, total, billing_city]"
    `);
  });

  it('folds casts of literals that cannot fail, with the executor\'s values', () => {
    const p = Project.create(invoices(), [
      named(cast(lit(18_262, 'date'), 'timestamp'), 'ts'),
      named(cast(lit(-7n), 'float64'), 'f'),
      named(cast(lit(true), 'int64'), 'b'),
      named(cast(lit(null, 'int64'), 'utf8'), 'n'),
      named(cast(lit('12'), 'int64'), 'kept'),
      named(cast(lit(2.5), 'int64'), 'kept2'),
    ]);
    expect(applyAndPrint(simplifyExpressions, p)).toMatchInlineSnapshot(`
      "Project: TIMESTAMP '2020-01-01T00:00:00.000' as ts, -7.0 as f, 1 as b, NULL as n, cast('12' as int64) as kept, cast(2.5 as int64) as kept2
        Scan: invoices [invoice_id, customer_id, total, billing_city]"
    `);
    // The folded values equal what the executor computes for the casts.
    const overRow = Project.create(Values.create({ fields: [{ name: 'x', type: 'int64', nullable: false }] }, [[1n]]), p.exprs);
    const after = simplifyExpressions.apply(overRow);
    expect(after).not.toBeNull();
    expectSameResults(overRow, after!, true);
  });

  it('folds the literal side of a comparison and keeps the column side', () => {
    const f = Filter.create(invoices(), gt(cast(col(0), 'float64'), cast(lit(3n), 'float64')));
    expect(applyAndPrint(simplifyExpressions, f)).toContain('gt(cast(#0 invoice_id as float64), 3.0)');
  });
});
