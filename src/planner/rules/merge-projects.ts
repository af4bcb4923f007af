/**
 * Rule: two stacked projections become one by substituting the inner
 * expressions into the outer ones: π e(π f(R)) = π e[f](R) — only when no
 * computed inner expression would be evaluated more than once.
 */
import { forEachExpr, substituteColumns } from '../ir/expr-utils.js';
import { Project } from '../ir/nodes/project.js';
import type { Rel } from '../ir/rel.js';
import type { Rule } from './rule.js';

export const mergeProjects: Rule = {
  name: 'merge-projects',
  order: 'top_down',
  apply(rel: Rel): Rel | null {
    if (rel.kind !== 'project' || rel.input.kind !== 'project') return null;
    const inner = rel.input;
    const uses = new Map<number, number>();
    for (const { expr } of rel.exprs) {
      forEachExpr(expr, (x) => {
        if (x.kind === 'column') uses.set(x.index, (uses.get(x.index) ?? 0) + 1);
      });
    }
    for (const [i, count] of uses) {
      const e = inner.exprs[i]?.expr;
      const cheap = e === undefined || e.kind === 'column' || e.kind === 'literal' || e.kind === 'param';
      if (!cheap && count > 1) return null;
    }
    const exprs = rel.exprs.map((n) => ({ ...n, expr: substituteColumns(n.expr, (i) => inner.exprs[i]?.expr ?? { kind: 'column', index: i }) }));
    return Project.create(inner.input, exprs, rel.span);
  },
};
