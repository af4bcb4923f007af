/**
 * Splits a join condition into what the hash table already guarantees (the
 * equi-key equalities) and the residual that must still be checked on each
 * candidate pair. A conjunct is dropped only when it is exactly one of the
 * `eq(left, right)` pairs (either orientation).
 */
import type { Expr } from '../../../planner/ir/expr.js';
import { conjoin, conjuncts, exprEquals, shiftColumns } from '../../../planner/ir/expr-utils.js';

export function residualCondition(
  condition: Expr | null,
  equiKeys: readonly { readonly left: Expr; readonly right: Expr }[],
  leftWidth: number,
): Expr | null {
  if (condition === null) return null;
  const covered = equiKeys.map((k) => ({ l: k.left, r: shiftColumns(k.right, leftWidth) }));
  const rest = conjuncts(condition).filter((c) => {
    if (c.kind !== 'call' || (c.fn !== 'eq' && c.fn !== 'is_not_distinct_from') || c.args.length !== 2) return true;
    if (c.fn !== 'eq') return true;
    const [a, b] = c.args as [Expr, Expr];
    return !covered.some((k) => (exprEquals(a, k.l) && exprEquals(b, k.r)) || (exprEquals(a, k.r) && exprEquals(b, k.l)));
  });
  return conjoin(rest);
}
