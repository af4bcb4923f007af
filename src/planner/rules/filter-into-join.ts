/**
 * Rule: a filter above a join moves into it, respecting outer-join semantics.
 * Inner/cross: conjuncts over one side filter that side, conjuncts over both
 * join the condition (a cross join becomes inner). Semi/anti: the output is
 * the left input, so every conjunct filters the left. Left/right/full: a
 * conjunct over the preserved side filters it; a conjunct that rejects the
 * NULL-padded rows turns the outer join into an inner (or one-sided) join,
 * after which the next pass pushes it further.
 */
import type { Expr } from '../ir/expr.js';
import { columnsWithin, conjoin, conjuncts, isDeterministic, readsColumns, shiftColumns } from '../ir/expr-utils.js';
import { Filter } from '../ir/nodes/filter.js';
import { Join } from '../ir/nodes/join.js';
import type { JoinKind, JoinRel, Rel } from '../ir/rel.js';
import { rejectsNullColumns } from './null-rejection.js';
import type { Rule } from './rule.js';

const filtered = (input: Rel, preds: readonly Expr[]): Rel => {
  const p = conjoin(preds);
  return p === null ? input : Filter.create(input, p);
};

/** The join kind once `preds` (over its output) are known to hold, or null when unchanged. */
function strengthen(join: JoinRel, preds: readonly Expr[]): JoinKind | null {
  const n = join.left.schema.fields.length;
  const total = join.schema.fields.length;
  const rejects = (from: number, to: number): boolean => preds.some((p) => rejectsNullColumns(p, join.schema, from, to));
  switch (join.joinKind) {
    case 'left':
      return rejects(n, total) ? 'inner' : null;
    case 'right':
      return rejects(0, n) ? 'inner' : null;
    case 'full': {
      const l = rejects(0, n);
      const r = rejects(n, total);
      return l && r ? 'inner' : l ? 'left' : r ? 'right' : null;
    }
    default:
      return null;
  }
}

export const filterIntoJoin: Rule = {
  name: 'filter-into-join',
  order: 'top_down',
  apply(rel: Rel): Rel | null {
    if (rel.kind !== 'filter' || rel.input.kind !== 'join') return null;
    const join = rel.input;
    const n = join.left.schema.fields.length;
    const total = join.schema.fields.length;
    const all = conjuncts(rel.predicate);
    const movable = all.filter((c) => isDeterministic(c) && readsColumns(c));
    const kept = all.filter((c) => !movable.includes(c));

    const kind = strengthen(join, movable);
    if (kind !== null) {
      return Filter.create(Join.create(join.left, join.right, kind, join.condition, join.span), rel.predicate, rel.span);
    }

    const toLeft: Expr[] = [];
    const toRight: Expr[] = [];
    const toCondition: Expr[] = [];
    const stay: Expr[] = [...kept];
    for (const c of movable) {
      const onLeft = columnsWithin(c, 0, n);
      const onRight = columnsWithin(c, n, total);
      switch (join.joinKind) {
        case 'semi':
        case 'anti':
          toLeft.push(c);
          break;
        case 'inner':
        case 'cross':
          if (onLeft) toLeft.push(c);
          else if (onRight) toRight.push(shiftColumns(c, -n));
          else toCondition.push(c);
          break;
        case 'left':
          if (onLeft) toLeft.push(c);
          else stay.push(c);
          break;
        case 'right':
          if (onRight) toRight.push(shiftColumns(c, -n));
          else stay.push(c);
          break;
        case 'full':
          stay.push(c);
          break;
      }
    }
    if (toLeft.length + toRight.length + toCondition.length === 0) return null;
    const condition = toCondition.length === 0 ? join.condition : conjoin(join.condition === null ? toCondition : [join.condition, ...toCondition]);
    const kindAfter: JoinKind = join.joinKind === 'cross' && condition !== null ? 'inner' : join.joinKind;
    const newJoin = Join.create(filtered(join.left, toLeft), filtered(join.right, toRight), kindAfter, condition, join.span);
    const above = conjoin(stay);
    return above === null ? newJoin : Filter.create(newJoin, above, rel.span);
  },
};

