/**
 * Rule: conjuncts of a filter above a grouped aggregate that read only group
 * keys move below it, with the key expressions substituted: filtering whole
 * groups before or after grouping is the same. (Not for an aggregate without
 * group keys, which yields one row even from no input.)
 */
import { conjoin, conjuncts, isDeterministic, referencedColumns, substituteColumns } from '../ir/expr-utils.js';
import { Aggregate } from '../ir/nodes/aggregate.js';
import { Filter } from '../ir/nodes/filter.js';
import type { Rel } from '../ir/rel.js';
import type { Rule } from './rule.js';

export const filterThroughAggregate: Rule = {
  name: 'filter-through-aggregate',
  order: 'top_down',
  apply(rel: Rel): Rel | null {
    if (rel.kind !== 'filter' || rel.input.kind !== 'aggregate') return null;
    const agg = rel.input;
    const g = agg.groupBy.length;
    if (g === 0) return null;
    const moved = [];
    const kept = [];
    for (const c of conjuncts(rel.predicate)) {
      const cols = referencedColumns(c);
      if (cols.length > 0 && cols.every((i) => i < g) && isDeterministic(c)) {
        moved.push(substituteColumns(c, (i) => agg.groupBy[i]?.expr ?? { kind: 'column', index: i }));
      } else kept.push(c);
    }
    const below = conjoin(moved);
    if (below === null) return null;
    const result = Aggregate.create(Filter.create(agg.input, below), agg.groupBy, agg.aggregates, agg.span);
    const above = conjoin(kept);
    return above === null ? result : Filter.create(result, above, rel.span);
  },
};
