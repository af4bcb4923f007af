/**
 * Rule: conjuncts of a filter above a window that read only columns every
 * window call partitions by move below it: they keep or drop whole
 * partitions, so every remaining row sees the same partition as before.
 */
import type { Expr } from '../ir/expr.js';
import { conjoin, conjuncts, isDeterministic, referencedColumns } from '../ir/expr-utils.js';
import { Filter } from '../ir/nodes/filter.js';
import { Window } from '../ir/nodes/window.js';
import type { Rel, WindowRel } from '../ir/rel.js';
import type { Rule } from './rule.js';

/** Input columns that are a bare partition key of every call. */
function sharedPartitionColumns(w: WindowRel): Set<number> {
  const sets = w.calls.map((c) => new Set(c.partitionBy.flatMap((e) => (e.kind === 'column' ? [e.index] : []))));
  const [first, ...rest] = sets;
  return new Set([...(first ?? [])].filter((i) => rest.every((s) => s.has(i))));
}

export const filterThroughWindow: Rule = {
  name: 'filter-through-window',
  order: 'top_down',
  apply(rel: Rel): Rel | null {
    if (rel.kind !== 'filter' || rel.input.kind !== 'window') return null;
    const w = rel.input;
    const shared = sharedPartitionColumns(w);
    if (shared.size === 0) return null;
    const moved: Expr[] = [];
    const kept: Expr[] = [];
    for (const c of conjuncts(rel.predicate)) {
      const cols = referencedColumns(c);
      if (cols.length > 0 && cols.every((i) => shared.has(i)) && isDeterministic(c)) moved.push(c);
      else kept.push(c);
    }
    const below = conjoin(moved);
    if (below === null) return null;
    const result = Window.create(Filter.create(w.input, below), w.calls, w.span);
    const above = conjoin(kept);
    return above === null ? result : Filter.create(result, above, rel.span);
  },
};
