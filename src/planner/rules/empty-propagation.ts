/**
 * Rule: a node that provably yields no rows becomes an empty `values` of its
 * schema: a filter on false/NULL, a limit 0, and any node whose input is
 * empty when that empties it (project, sort, grouped aggregate, inner join
 * with an empty side, …). Outer joins and set operations with one empty
 * input reduce to the other input (a left join with an empty right side pads
 * with typed NULLs).
 */
import type { Expr } from '../ir/expr.js';
import { Distinct } from '../ir/nodes/distinct.js';
import { Project } from '../ir/nodes/project.js';
import { Values } from '../ir/nodes/values.js';
import type { JoinRel, Rel, SetOpRel } from '../ir/rel.js';
import type { Rule } from './rule.js';

const isEmpty = (r: Rel): boolean => r.kind === 'values' && r.rows.length === 0;

/** `input` followed by typed NULL columns for `padded`'s fields, on the given side. */
function padWithNulls(input: Rel, padded: Rel, side: 'left' | 'right'): Rel {
  const kept = input.schema.fields.map((f, i) => ({ name: f.name, expr: { kind: 'column', index: i, name: f.name } as Expr }));
  const nulls = padded.schema.fields.map((f) => ({ name: f.name, expr: { kind: 'literal', value: null, type: f.type } as Expr }));
  return Project.create(input, side === 'right' ? [...kept, ...nulls] : [...nulls, ...kept]);
}

/** `rel` with the field names of `like` (a set operation's output is named after its left input). */
function named(rel: Rel, like: Rel): Rel {
  if (rel.schema.fields.every((f, i) => f.name === like.schema.fields[i]?.name)) return rel;
  return Project.create(
    rel,
    like.schema.fields.map((f, i) => ({ name: f.name, expr: { kind: 'column', index: i } as Expr })),
  );
}

function joinResult(j: JoinRel): Rel | null {
  const l = isEmpty(j.left);
  const r = isEmpty(j.right);
  if (!l && !r) return null;
  switch (j.joinKind) {
    case 'inner':
    case 'cross':
    case 'semi':
      return Values.empty(j.schema);
    case 'anti':
      return l ? Values.empty(j.schema) : j.left;
    case 'left':
      return l ? Values.empty(j.schema) : padWithNulls(j.left, j.right, 'right');
    case 'right':
      return r ? Values.empty(j.schema) : padWithNulls(j.right, j.left, 'left');
    case 'full':
      if (l && r) return Values.empty(j.schema);
      return l ? padWithNulls(j.right, j.left, 'left') : padWithNulls(j.left, j.right, 'right');
  }
}

function setOpResult(s: SetOpRel): Rel | null {
  const l = isEmpty(s.left);
  const r = isEmpty(s.right);
  if (!l && !r) return null;
  if (l && r) return Values.empty(s.schema);
  switch (s.op) {
    case 'union_all':
      return l ? named(s.right, s) : s.left;
    case 'union':
      return Distinct.create(l ? named(s.right, s) : s.left);
    case 'intersect':
    case 'intersect_all':
      return Values.empty(s.schema);
    case 'except':
      return l ? Values.empty(s.schema) : Distinct.create(s.left);
    case 'except_all':
      return l ? Values.empty(s.schema) : s.left;
  }
}

function emptied(rel: Rel): Rel | null {
  switch (rel.kind) {
    case 'scan':
    case 'values':
    case 'recursive_ref':
      return null;
    case 'filter': {
      const p = rel.predicate;
      const never = p.kind === 'literal' && (p.value === false || p.value === null);
      return never || isEmpty(rel.input) ? Values.empty(rel.schema) : null;
    }
    case 'limit':
      return rel.limit === 0 || isEmpty(rel.input) ? Values.empty(rel.schema) : null;
    case 'project':
    case 'sort':
    case 'window':
    case 'distinct':
      return isEmpty(rel.input) ? Values.empty(rel.schema) : null;
    case 'aggregate':
      return rel.groupBy.length > 0 && isEmpty(rel.input) ? Values.empty(rel.schema) : null;
    case 'join':
      return joinResult(rel);
    case 'set_op':
      return setOpResult(rel);
    case 'recursive':
      return isEmpty(rel.base) ? Values.empty(rel.schema) : null;
  }
}

export const emptyPropagation: Rule = {
  name: 'empty-propagation',
  order: 'bottom_up',
  apply: emptied,
};
