/**
 * Rule: a deterministic filter distributes over set operations, which combine
 * rows by value: σp(A op B) = σp(A) op σp(B) for union, intersect and except
 * (with or without ALL).
 */
import { isDeterministic } from '../ir/expr-utils.js';
import { Filter } from '../ir/nodes/filter.js';
import { SetOp } from '../ir/nodes/set-op.js';
import type { Rel } from '../ir/rel.js';
import type { Rule } from './rule.js';

export const filterThroughSetOp: Rule = {
  name: 'filter-through-set-op',
  order: 'top_down',
  apply(rel: Rel): Rel | null {
    if (rel.kind !== 'filter' || rel.input.kind !== 'set_op' || !isDeterministic(rel.predicate)) return null;
    const s = rel.input;
    return SetOp.create(s.op, Filter.create(s.left, rel.predicate), Filter.create(s.right, rel.predicate), s.span);
  },
};
