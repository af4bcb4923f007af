/** Rule: a deterministic filter commutes with duplicate removal: σp(δ(R)) = δ(σp(R)). */
import { isDeterministic } from '../ir/expr-utils.js';
import { Distinct } from '../ir/nodes/distinct.js';
import { Filter } from '../ir/nodes/filter.js';
import type { Rel } from '../ir/rel.js';
import type { Rule } from './rule.js';

export const filterThroughDistinct: Rule = {
  name: 'filter-through-distinct',
  order: 'top_down',
  apply(rel: Rel): Rel | null {
    if (rel.kind !== 'filter' || rel.input.kind !== 'distinct' || !isDeterministic(rel.predicate)) return null;
    return Distinct.create(Filter.create(rel.input.input, rel.predicate, rel.span), rel.input.span);
  },
};
