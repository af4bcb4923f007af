/**
 * Rule: duplicate removal over an input that has a key is the identity:
 * δ(R) = R when some columns of R already identify its rows (a table's
 * primary key, group keys, an earlier distinct, …).
 */
import type { Rel } from '../ir/rel.js';
import type { Rule } from './rule.js';

export const removeRedundantDistinct: Rule = {
  name: 'remove-redundant-distinct',
  order: 'top_down',
  apply(rel: Rel): Rel | null {
    if (rel.kind !== 'distinct' || rel.input.schema.key === undefined) return null;
    return rel.input;
  },
};
