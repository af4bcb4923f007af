/**
 * Rule: a limit moves below a projection (which maps rows one to one), and a
 * copy of it (offset folded into the count) goes into each input of a union
 * all, so each input stops early; the limit on top stays.
 */
import { Limit } from '../ir/nodes/limit.js';
import { Project } from '../ir/nodes/project.js';
import { SetOp } from '../ir/nodes/set-op.js';
import type { Rel } from '../ir/rel.js';
import type { Rule } from './rule.js';

/** Whether `input` already produces at most `n` rows through a limit. */
const capped = (input: Rel, n: number): boolean => input.kind === 'limit' && input.offset === 0 && input.limit !== null && input.limit <= n;

export const limitPushdown: Rule = {
  name: 'limit-pushdown',
  order: 'top_down',
  apply(rel: Rel): Rel | null {
    if (rel.kind !== 'limit') return null;
    const input = rel.input;
    if (input.kind === 'project') {
      return Project.create(Limit.create(input.input, rel.offset, rel.limit, rel.span), input.exprs, input.span);
    }
    if (input.kind === 'set_op' && input.op === 'union_all' && rel.limit !== null) {
      const n = rel.offset + rel.limit;
      if (capped(input.left, n) && capped(input.right, n)) return null;
      const cap = (r: Rel): Rel => (capped(r, n) ? r : Limit.create(r, 0, n));
      return Limit.create(SetOp.create('union_all', cap(input.left), cap(input.right), input.span), rel.offset, rel.limit, rel.span);
    }
    return null;
  },
};
