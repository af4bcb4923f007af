/**
 * Rule: a filter moves below a projection by substituting the projected
 * expressions for its column references: σp(π e(R)) = π e(σ p[e](R)).
 * Only deterministic conjuncts move; the rest stay above.
 */
import { conjoin, conjuncts, isDeterministic, substituteColumns } from '../ir/expr-utils.js';
import { Filter } from '../ir/nodes/filter.js';
import { Project } from '../ir/nodes/project.js';
import type { Rel } from '../ir/rel.js';
import type { Rule } from './rule.js';

export const filterThroughProject: Rule = {
  name: 'filter-through-project',
  order: 'top_down',
  apply(rel: Rel): Rel | null {
    if (rel.kind !== 'filter' || rel.input.kind !== 'project') return null;
    const project = rel.input;
    const moved = [];
    const kept = [];
    for (const c of conjuncts(rel.predicate)) {
      const pushed = substituteColumns(c, (i) => project.exprs[i]?.expr ?? { kind: 'column', index: i });
      if (isDeterministic(pushed)) moved.push(pushed);
      else kept.push(c);
    }
    const below = conjoin(moved);
    if (below === null) return null;
    const result = Project.create(Filter.create(project.input, below), project.exprs, project.span);
    const above = conjoin(kept);
    return above === null ? result : Filter.create(result, above, rel.span);
  },
};
