/** Apply one rule at the root of a plan and print the result (or 'no change'). */
import { printPlan } from '../../../ir/print.js';
import type { Rel } from '../../../ir/rel.js';
import type { Rule } from '../../rule.js';

export function rewritten(rule: Rule, rel: Rel): Rel {
  const after = rule.apply(rel);
  if (after === null) throw new Error(`${rule.name} did not apply to\n${printPlan(rel)}`);
  return after;
}

export function applyAndPrint(rule: Rule, rel: Rel): string {
  const after = rule.apply(rel);
  return after === null ? 'no change' : printPlan(after);
}
