/**
 * Rule: a projection that only renames — every input column passed through,
 * in order, some under a new name — is absorbed by the node below it when
 * that node names its own outputs:
 *   ρ ∘ γ(keys, aggs)   = γ(keys, aggs) with the output names of ρ
 *   ρ ∘ (L ∪ R)         = (ρ ∘ L) ∪ R   (a set operation takes its names from the left)
 * The rows are the same; only the names move down. This lets two front ends
 * that name an aggregate's results in different places (PRQL through a
 * projection on top, Batuta in the aggregate itself) reach one plan.
 */
import { Aggregate, Project, SetOp } from '../ir/index.js';
import type { ProjectRel, Rel } from '../ir/rel.js';
import type { Rule } from './rule.js';

/** The new names of a rename-only projection, or null when it computes, drops or reorders a column. */
function renames(rel: ProjectRel): readonly string[] | null {
  const fields = rel.input.schema.fields;
  if (rel.exprs.length !== fields.length) return null;
  const passThrough = rel.exprs.every(({ expr }, i) => expr.kind === 'column' && expr.index === i);
  if (!passThrough) return null;
  const names = rel.exprs.map(({ name }) => name);
  return names.some((n, i) => n !== fields[i]?.name) ? names : null;
}

export const absorbRename: Rule = {
  name: 'absorb-rename',
  order: 'top_down',
  apply(rel: Rel): Rel | null {
    if (rel.kind !== 'project') return null;
    const names = renames(rel);
    if (names === null) return null;
    const input = rel.input;
    if (input.kind === 'aggregate') {
      const k = input.groupBy.length;
      return Aggregate.create(
        input.input,
        input.groupBy.map((g, i) => ({ ...g, name: names[i] as string })),
        input.aggregates.map((a, i) => ({ ...a, name: names[k + i] as string })),
        input.span,
      );
    }
    if (input.kind === 'set_op') {
      const left = Project.create(
        input.left,
        input.left.schema.fields.map((f, i) => ({ name: names[i] as string, expr: { kind: 'column' as const, index: i, name: f.name } })),
      );
      return SetOp.create(input.op, left, input.right, input.span);
    }
    return null;
  },
};
