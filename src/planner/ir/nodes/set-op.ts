/**
 * The set-operation arrow (union/intersect/except, with or without ALL). The
 * inputs must line up: same arity and unifiable types at each position. Where
 * a side's type differs from the unified one (int64 beside float64, a NULL
 * column beside a typed one) that side is wrapped in a casting projection, so
 * both inputs have exactly the output's types. Names come from the left.
 */
import type { SourceSpan } from '../../../errors/pyralog-error.js';
import type { DataType } from '../../../types/data-type.js';
import type { Schema } from '../../../types/schema.js';
import { planError } from '../plan-error.js';
import type { Rel, SetOpKind, SetOpRel } from '../rel.js';
import { describeSchema, makeField, makeSchema } from '../schema-utils.js';
import { unifyTypes } from '../type-rules.js';
import { Project } from './project.js';

function castTo(input: Rel, types: readonly DataType[]): Rel {
  if (input.schema.fields.every((f, i) => f.type === types[i])) return input;
  return Project.create(
    input,
    input.schema.fields.map((f, i) => {
      const column = { kind: 'column' as const, index: i, name: f.name };
      const to = types[i] ?? f.type;
      return { name: f.name, expr: f.type === to ? column : { kind: 'cast' as const, expr: column, to } };
    }),
  );
}

function nullableOf(op: SetOpKind, l: boolean, r: boolean): boolean {
  switch (op) {
    case 'union':
    case 'union_all':
      return l || r;
    case 'intersect':
    case 'intersect_all':
      return l && r;
    case 'except':
    case 'except_all':
      return l;
  }
}

/** The unified output types of two schemas that line up, or an error naming the first mismatch. */
export function unifySchemas(left: Schema, right: Schema, what: string, span?: SourceSpan): DataType[] {
  if (left.fields.length !== right.fields.length) {
    throw planError(
      'SCHEMA_MISMATCH',
      `${what}: the inputs have ${left.fields.length} and ${right.fields.length} columns`,
      span,
      [`left ${describeSchema(left)}`, `right ${describeSchema(right)}`],
    );
  }
  return left.fields.map((f, i) => {
    const g = right.fields[i];
    const u = g === undefined ? null : unifyTypes(f.type, g.type);
    if (u === null) {
      throw planError('SCHEMA_MISMATCH', `${what}: column ${i + 1} (${f.name}) is ${f.type} on the left and ${g?.type} on the right`, span);
    }
    return u;
  });
}

export const SetOp = {
  create(op: SetOpKind, left: Rel, right: Rel, span?: SourceSpan): SetOpRel {
    const types = unifySchemas(left.schema, right.schema, op, span);
    const l = castTo(left, types);
    const r = castTo(right, types);
    const fields = l.schema.fields.map((f, i) =>
      makeField(f.name, f.type, nullableOf(op, f.nullable, r.schema.fields[i]?.nullable ?? true), f.qualifier, f.metadata),
    );
    const key = op === 'union' || op === 'intersect' || op === 'except' ? fields.map((_, i) => i) : undefined;
    return { kind: 'set_op', schema: makeSchema(fields, key), op, left: l, right: r, ...(span !== undefined ? { span } : {}) };
  },
  is(r: Rel): r is SetOpRel {
    return r.kind === 'set_op';
  },
};
