/** Random logical plans over random tables, for optimizer and serialization property tests. */
import fc from 'fast-check';
import { agg, asc, col, named } from '../../../ir/expr-builders.js';
import { Aggregate, Distinct, Filter, Join, Limit, Project, SetOp, Sort, Window } from '../../../ir/index.js';
import type { JoinKind, Rel, SetOpKind } from '../../../ir/rel.js';
import { predicateArb, projectionArb, tableArb } from './arbitraries.js';

/** A random plan over random tables: filters, projections, joins, aggregates, distinct, sorted limits. */
export function planArb(depth: number): fc.Arbitrary<Rel> {
  const leaf = tableArb('t', { maxRows: 6 }) as fc.Arbitrary<Rel>;
  if (depth === 0) return leaf;
  const kinds: JoinKind[] = ['inner', 'left', 'right', 'full', 'semi', 'anti', 'cross'];
  return planArb(depth - 1).chain((input) =>
    fc.oneof(
      predicateArb(input.schema).map((p): Rel => Filter.create(input, p)),
      projectionArb(input.schema).map((e): Rel => Project.create(input, e)),
      fc.tuple(tableArb('u', { maxRows: 5 }), fc.constantFrom(...kinds)).chain(([right, kind]) => {
        const both = { fields: [...input.schema.fields, ...right.schema.fields] };
        return (kind === 'cross' ? fc.constant(null) : predicateArb(both)).map((c): Rel => Join.create(input, right, kind, c));
      }),
      fc.constant<Rel>(Aggregate.create(input, [named(col(0), 'k')], [agg('count', [], 'n')])),
      fc.constant<Rel>(Distinct.create(input)),
      fc.tuple(fc.constantFrom<SetOpKind>('union_all', 'union', 'intersect', 'except_all'), predicateArb(input.schema)).map(([op, p]): Rel =>
        SetOp.create(op, input, Filter.create(input, p)),
      ),
      fc.constant<Rel>(
        Window.create(input, [
          { fn: 'row_number', args: [], partitionBy: [col(0)], orderBy: input.schema.fields.map((_, i) => asc(col(i))), frame: null, name: 'rn' },
        ]),
      ),
      fc.tuple(fc.nat(2), fc.integer({ min: 0, max: 4 })).map(([o, l]): Rel =>
        Limit.create(Sort.create(input, input.schema.fields.map((_, i) => asc(col(i)))), o, l),
      ),
    ),
  );
}
