/**
 * Rule: two stacked limits become one: skipping o1 then taking l1 of (skip
 * o2, take l2) = skip o2+o1, take min(l1, l2-o1).
 */
import { Limit } from '../ir/nodes/limit.js';
import type { Rel } from '../ir/rel.js';
import type { Rule } from './rule.js';

export const limitMerge: Rule = {
  name: 'limit-merge',
  order: 'top_down',
  apply(rel: Rel): Rel | null {
    if (rel.kind !== 'limit' || rel.input.kind !== 'limit') return null;
    const inner = rel.input;
    const innerRest = inner.limit === null ? null : Math.max(0, inner.limit - rel.offset);
    const limit = innerRest === null ? rel.limit : rel.limit === null ? innerRest : Math.min(rel.limit, innerRest);
    return Limit.create(inner.input, inner.offset + rel.offset, limit, rel.span);
  },
};
