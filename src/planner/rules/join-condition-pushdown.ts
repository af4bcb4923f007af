/**
 * Rule: conjuncts of a join condition that read only one input become a
 * filter on that input, where that does not change which rows are padded:
 * inner and semi push both ways, left pushes right-side conjuncts into the
 * right input, right the mirror, anti only right-side conjuncts, full none.
 */
import type { Expr } from '../ir/expr.js';
import { columnsWithin, conjoin, conjuncts, isDeterministic, readsColumns, shiftColumns } from '../ir/expr-utils.js';
import { Filter } from '../ir/nodes/filter.js';
import { Join } from '../ir/nodes/join.js';
import type { JoinKind, Rel } from '../ir/rel.js';
import type { Rule } from './rule.js';

const PUSH_LEFT: ReadonlySet<JoinKind> = new Set(['inner', 'semi', 'right']);
const PUSH_RIGHT: ReadonlySet<JoinKind> = new Set(['inner', 'semi', 'left', 'anti']);

export const joinConditionPushdown: Rule = {
  name: 'join-condition-pushdown',
  order: 'top_down',
  apply(rel: Rel): Rel | null {
    if (rel.kind !== 'join' || rel.condition === null) return null;
    const n = rel.left.schema.fields.length;
    const total = n + rel.right.schema.fields.length;
    const toLeft: Expr[] = [];
    const toRight: Expr[] = [];
    const kept: Expr[] = [];
    for (const c of conjuncts(rel.condition)) {
      const usable = isDeterministic(c) && readsColumns(c);
      if (usable && PUSH_LEFT.has(rel.joinKind) && columnsWithin(c, 0, n)) toLeft.push(c);
      else if (usable && PUSH_RIGHT.has(rel.joinKind) && columnsWithin(c, n, total)) toRight.push(shiftColumns(c, -n));
      else kept.push(c);
    }
    if (toLeft.length + toRight.length === 0) return null;
    const l = conjoin(toLeft);
    const r = conjoin(toRight);
    return Join.create(
      l === null ? rel.left : Filter.create(rel.left, l),
      r === null ? rel.right : Filter.create(rel.right, r),
      rel.joinKind,
      conjoin(kept),
      rel.span,
    );
  },
};
