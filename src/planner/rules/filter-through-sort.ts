/** Rule: filtering commutes with sorting (a stable selection of sorted rows): σp(sort(R)) = sort(σp(R)). */
import { Filter } from '../ir/nodes/filter.js';
import { Sort } from '../ir/nodes/sort.js';
import type { Rel } from '../ir/rel.js';
import type { Rule } from './rule.js';

export const filterThroughSort: Rule = {
  name: 'filter-through-sort',
  order: 'top_down',
  apply(rel: Rel): Rel | null {
    if (rel.kind !== 'filter' || rel.input.kind !== 'sort') return null;
    const sort = rel.input;
    return Sort.create(Filter.create(sort.input, rel.predicate, rel.span), sort.keys, sort.span);
  },
};
