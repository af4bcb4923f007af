/** Rule: two stacked filters become one: σp(σq(R)) = σ(q ∧ p)(R). */
import { call } from '../ir/expr-builders.js';
import { Filter } from '../ir/nodes/filter.js';
import type { Rel } from '../ir/rel.js';
import type { Rule } from './rule.js';

export const filterFusion: Rule = {
  name: 'filter-fusion',
  order: 'top_down',
  apply(rel: Rel): Rel | null {
    if (rel.kind !== 'filter' || rel.input.kind !== 'filter') return null;
    const inner = rel.input;
    return Filter.create(inner.input, call('and', inner.predicate, rel.predicate), rel.span);
  },
};
