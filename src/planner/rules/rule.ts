/**
 * The interface of a rewrite rule: one law, matching ONE node. The driver
 * (planner/optimizer.ts) does the recursion in the declared order and checks
 * that the rewritten node keeps its output types and arity.
 */
import type { Rel } from '../ir/rel.js';

export interface Rule {
  readonly name: string;
  /** top_down: applied to a node before its (rewritten) inputs; bottom_up: after them. */
  readonly order: 'top_down' | 'bottom_up';
  /** The rewritten node, or null when the rule does not apply (no change). */
  apply(rel: Rel): Rel | null;
}
