import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PyralogError } from '../../errors/pyralog-error.js';
import { and, asc, call, col, eq, gt, isNotNull, lit, named } from '../ir/expr-builders.js';
import { Filter, Join, Project, Recursive, RecursiveRef, Sort, Values } from '../ir/index.js';
import { printPlan } from '../ir/print.js';
import { optimize } from '../optimizer.js';
import type { Rule } from '../rules/rule.js';
import { planArb } from '../rules/__tests__/support/plans.js';
import { customers, invoices } from '../rules/__tests__/support/fixtures.js';
import { expectSameResults, rowsOf } from '../rules/__tests__/support/run.js';

describe('optimize', () => {
  it('pushes filters into the join, prunes columns to the scans and adds scan hints', () => {
    const j = Join.create(invoices(), customers(), 'cross', null);
    const f = Filter.create(j, and(and(eq(col(1), col(4)), gt(col(2), call('add', lit(1.0), lit(9.0)))), eq(col(6), lit('FR'))));
    const plan = Project.create(f, [named(col(5, 'name'), 'name'), named(col(2, 'total'), 'total')]);
    const { rel, trace } = optimize(plan);
    expect(printPlan(rel)).toMatchInlineSnapshot(`
      "Project: #3 name, #1 total
        Join inner: eq(#0 customer_id, #2 customer_id)
          Filter: gt(#1 total, 10.0)
            Scan: invoices [customer_id, total] hints=[gt(#2 total, 10.0)]
          Project: #0 customer_id, #1 name
            Filter: eq(#2 country, 'FR')
              Scan: customers [customer_id, name, country] hints=[eq(#2 country, 'FR')]"
    `);
    expect(rel.schema.fields.map((x) => x.name)).toEqual(['name', 'total']);
    expect(trace.map((t) => t.rule)).toContain('filter-into-join');
    expect(trace.every((t) => t.before !== t.after)).toBe(true);
  });

  it('propagates an impossible filter up to an empty result', () => {
    const plan = Project.columns(Join.create(Filter.create(invoices(), lit(false)), customers(), 'inner', eq(col(1), col(4))), [5]);
    expect(printPlan(optimize(plan).rel)).toBe('Values: 0 rows [name]');
  });

  it('optimizes inside a recursive query and keeps its results', () => {
    const schema = { fields: [{ name: 'n', type: 'int64' as const, nullable: false }, { name: 'tag', type: 'utf8' as const, nullable: false }] };
    const ref = RecursiveRef.create('r', schema);
    const step = Project.create(Filter.create(Filter.create(ref, gt(lit(6n), col(0))), lit(true)), [
      named(call('add', col(0), lit(1n)), 'n'),
      named(col(1), 'tag'),
    ]);
    const rec = Recursive.create('r', Values.create(schema, [[1n, 'a']]), step);
    const plan = Project.create(Filter.create(rec, gt(col(0), call('add', lit(1n), lit(1n)))), [named(col(0), 'n')]);
    const { rel } = optimize(plan);
    expect(printPlan(rel)).toMatchInlineSnapshot(`
      "Project: #0 n
        Filter: gt(#0 n, 2)
          Recursive: r
            Values: 1 row [n, tag]
            Project: add(#0 n, 1) as n, #1 tag
              Filter: gt(6, #0 n)
                RecursiveRef: r"
    `);
    expectSameResults(plan, rel);
    expect(rowsOf(rel).length).toBe(4);
  });

  it('calls the observer for every rewrite and stops at a fixpoint', () => {
    const seen: string[] = [];
    const plan = Filter.create(Filter.create(invoices(), isNotNull(col(3))), gt(col(2), lit(1.0)));
    const result = optimize(plan, { observer: (name) => seen.push(name) });
    expect(seen).toEqual(result.trace.map((t) => t.rule));
    expect(seen.slice(0, 1)).toEqual(['filter-fusion']);
    expect(optimize(result.rel).trace).toEqual([]);
  });

  it('fails with INTERNAL naming a rule that changes the output schema', () => {
    const broken: Rule = {
      name: 'broken-rule',
      order: 'top_down',
      apply: (rel) => (rel.kind === 'filter' ? Project.columns(rel.input, [0]) : null),
    };
    let err: unknown;
    try {
      optimize(Filter.create(invoices(), gt(col(2), lit(1.0))), { rules: [broken] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PyralogError);
    expect((err as PyralogError).code).toBe('INTERNAL');
    expect((err as PyralogError).message).toMatch(/^optimizer rule broken-rule changed the output schema/);
  });

  it('reports an error raised inside a rule as INTERNAL naming the rule', () => {
    const throwing: Rule = { name: 'throwing-rule', order: 'bottom_up', apply: (rel) => (rel.kind === 'scan' ? Filter.create(rel, lit(3n)) : null) };
    let err: unknown;
    try {
      optimize(invoices(), { rules: [throwing] });
    } catch (e) {
      err = e;
    }
    expect((err as PyralogError).code).toBe('INTERNAL');
    expect((err as PyralogError).message).toBe('optimizer rule throwing-rule failed: a filter predicate must be bool, got int64');
  });

  it('respects the pass limit', () => {
    const flip: Rule = {
      name: 'flip',
      order: 'top_down',
      apply: (rel) => (rel.kind === 'sort' ? Sort.create(rel.input, rel.keys.map((k) => ({ ...k, descending: !k.descending }))) : null),
    };
    const result = optimize(Sort.create(invoices(), [asc(col(0))]), { rules: [flip], maxPasses: 3, trace: false });
    expect(result.passes).toBe(3);
    expect(result.trace).toEqual([]);
  });
});

describe('optimize: property', () => {
  it('optimized random plans give the same rows', () => {
    fc.assert(
      fc.property(planArb(3), (plan) => {
        const { rel } = optimize(plan, { trace: false });
        expect(rel.schema.fields.map((f) => [f.name, f.type])).toEqual(plan.schema.fields.map((f) => [f.name, f.type]));
        expectSameResults(plan, rel);
      }),
      { numRuns: 100 },
    );
  });

  it('optimizing twice changes nothing more', () => {
    fc.assert(
      fc.property(planArb(3), (plan) => {
        const once = optimize(plan, { trace: false }).rel;
        expect(printPlan(optimize(once, { trace: false }).rel)).toBe(printPlan(once));
      }),
      { numRuns: 60 },
    );
  });
});

