/**
 * Rule: constant folding and expression simplification in a node's own
 * expressions (filter predicate, projection, join condition, sort keys), and
 * a filter whose predicate folds to `true` disappears: σ_true(R) = R.
 */
import type { Schema } from '../../types/schema.js';
import type { Expr } from '../ir/expr.js';
import { exprEquals } from '../ir/expr-utils.js';
import { Filter } from '../ir/nodes/filter.js';
import { Join } from '../ir/nodes/join.js';
import { Project } from '../ir/nodes/project.js';
import { Sort } from '../ir/nodes/sort.js';
import type { Rel } from '../ir/rel.js';
import { simplifyExpr } from './fold-expr.js';
import type { Rule } from './rule.js';

/** The simplified expression, or null when simplification changed nothing. */
function simplified(e: Expr, input: Schema): Expr | null {
  const s = simplifyExpr(e, input);
  return exprEquals(s, e) ? null : s;
}

export const simplifyExpressions: Rule = {
  name: 'simplify-expressions',
  order: 'bottom_up',
  apply(rel: Rel): Rel | null {
    switch (rel.kind) {
      case 'filter': {
        const p = simplified(rel.predicate, rel.input.schema) ?? rel.predicate;
        if (p.kind === 'literal' && p.value === true) return rel.input;
        return p === rel.predicate ? null : Filter.create(rel.input, p, rel.span);
      }
      case 'project': {
        const exprs = rel.exprs.map((n) => {
          const s = simplified(n.expr, rel.input.schema);
          return s === null ? n : { ...n, expr: s };
        });
        return exprs.every((n, i) => n === rel.exprs[i]) ? null : Project.create(rel.input, exprs, rel.span);
      }
      case 'join': {
        if (rel.condition === null) return null;
        const input: Schema = { fields: [...rel.left.schema.fields, ...rel.right.schema.fields] };
        const c = simplified(rel.condition, input);
        if (c === null) return null;
        const condition = c.kind === 'literal' && c.value === true && rel.joinKind !== 'cross' ? null : c;
        return Join.create(rel.left, rel.right, rel.joinKind, condition, rel.span);
      }
      case 'sort': {
        const keys = rel.keys.map((k) => {
          const s = simplified(k.expr, rel.input.schema);
          return s === null ? k : { ...k, expr: s };
        });
        return keys.every((k, i) => k === rel.keys[i]) ? null : Sort.create(rel.input, keys, rel.span);
      }
      default:
        return null;
    }
  },
};
