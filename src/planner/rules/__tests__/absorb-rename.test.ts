import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agg, col, named } from '../../ir/expr-builders.js';
import { Aggregate, Project, SetOp } from '../../ir/index.js';
import type { Rel } from '../../ir/rel.js';
import { absorbRename } from '../absorb-rename.js';
import { invoices } from './support/fixtures.js';
import { tableArb } from './support/arbitraries.js';
import { checkRule } from './support/property.js';

function renamed(input: Rel, prefix: string): Rel {
  return Project.create(input, input.schema.fields.map((f, i) => named(col(i), `${prefix}${f.name}`)));
}

describe('absorb-rename', () => {
  it('renames an aggregate\'s keys and results in place', () => {
    const g = Aggregate.create(invoices(), [named(col(1), '_g0')], [agg('count', [], '_a0'), agg('max', [col(2)], '_a1')]);
    const p = Project.create(g, [named(col(0), 'customer_id'), named(col(1), 'n'), named(col(2), 'hi')]);
    const out = absorbRename.apply(p);
    expect(out?.kind).toBe('aggregate');
    expect(out?.schema.fields.map((f) => [f.name, f.type])).toEqual(p.schema.fields.map((f) => [f.name, f.type]));
  });

  it('moves a rename over a set operation onto its left input', () => {
    const u = SetOp.create('union_all', invoices(), invoices());
    const p = renamed(u, 'x_');
    const out = absorbRename.apply(p);
    expect(out?.kind).toBe('set_op');
    expect(out?.schema.fields.map((f) => f.name)).toEqual(p.schema.fields.map((f) => f.name));
  });

  it('declines projections that compute, drop, reorder, or keep every name', () => {
    const g = Aggregate.create(invoices(), [named(col(1), 'c')], [agg('count', [], 'n')]);
    expect(absorbRename.apply(Project.create(g, [named(col(1), 'n2'), named(col(0), 'c2')]))).toBeNull();
    expect(absorbRename.apply(Project.create(g, [named(col(0), 'c2')]))).toBeNull();
    expect(absorbRename.apply(Project.create(g, [named(col(0), 'c'), named(col(1), 'n')]))).toBeNull();
    expect(absorbRename.apply(renamed(invoices(), 'y_'))).toBeNull();
  });

  it('property: a rename absorbed by an aggregate keeps the rows', () => {
    const plans = tableArb('c', { minCols: 2 }).map((t) =>
      renamed(Aggregate.create(t, [named(col(0), 'k')], [agg('count', [], 'n'), agg('min', [col(1)], 'lo')]), 'r_'),
    );
    checkRule(absorbRename, plans);
  });

  it('property: a rename absorbed by a set operation keeps the rows', () => {
    const plans = fc
      .tuple(tableArb('c'), fc.constantFrom('union_all', 'union', 'intersect', 'except') as fc.Arbitrary<'union_all' | 'union' | 'intersect' | 'except'>)
      .map(([t, op]) => renamed(SetOp.create(op, t, t), 'r_'));
    checkRule(absorbRename, plans);
  });
});
