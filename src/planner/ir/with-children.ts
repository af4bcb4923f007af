/**
 * Rebuild a Rel over new inputs through its companion constructor, so the
 * schema is re-derived and re-checked. Rewrite drivers use this instead of
 * their own per-kind recursion.
 */
import { assertNever, invariant } from '../../errors/pyralog-error.js';
import { childrenOf } from './children.js';
import type { Rel } from './rel.js';
import { Aggregate } from './nodes/aggregate.js';
import { Distinct } from './nodes/distinct.js';
import { Filter } from './nodes/filter.js';
import { Join } from './nodes/join.js';
import { Limit } from './nodes/limit.js';
import { Project } from './nodes/project.js';
import { Recursive } from './nodes/recursive.js';
import { SetOp } from './nodes/set-op.js';
import { Sort } from './nodes/sort.js';
import { Window } from './nodes/window.js';

/** `rel` over new inputs (same node when nothing changed), schema re-derived by the constructor. */
export function withChildren(rel: Rel, children: readonly Rel[]): Rel {
  const old = childrenOf(rel);
  invariant(old.length === children.length, `withChildren(${rel.kind}): ${children.length} inputs for ${old.length}`);
  if (old.every((c, i) => c === children[i])) return rel;
  const [a, b] = children as readonly [Rel, Rel];
  const span = rel.span;
  switch (rel.kind) {
    case 'scan':
    case 'values':
    case 'recursive_ref':
      return rel;
    case 'filter':
      return Filter.create(a, rel.predicate, span);
    case 'project':
      return Project.create(a, rel.exprs, span);
    case 'aggregate':
      return Aggregate.create(a, rel.groupBy, rel.aggregates, span);
    case 'sort':
      return Sort.create(a, rel.keys, span);
    case 'limit':
      return Limit.create(a, rel.offset, rel.limit, span);
    case 'window':
      return Window.create(a, rel.calls, span);
    case 'distinct':
      return Distinct.create(a, span);
    case 'join':
      return Join.create(a, b, rel.joinKind, rel.condition, span);
    case 'set_op':
      return SetOp.create(rel.op, a, b, span);
    case 'recursive':
      return Recursive.create(rel.name, a, b, rel.distinct, span);
    default:
      return assertNever(rel, 'rel kind');
  }
}
