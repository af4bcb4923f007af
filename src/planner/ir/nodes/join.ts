/**
 * The `join` arrow: the product of two inputs restricted by a condition over
 * left ++ right. Derives the output schema (outer joins make the padded side
 * nullable; semi/anti output the left side only) and the equi-key pairs.
 */
import type { SourceSpan } from '../../../errors/pyralog-error.js';
import type { Field } from '../../../types/schema.js';
import type { Expr } from '../expr.js';
import { columnsWithin, conjuncts, readsColumns, shiftColumns } from '../expr-utils.js';
import { expectBool, inferExpr } from '../infer.js';
import { planError } from '../plan-error.js';
import type { JoinKind, JoinRel, Rel } from '../rel.js';
import { makeSchema } from '../schema-utils.js';
import { comparable } from '../type-rules.js';
import type { Schema } from '../../../types/schema.js';

type EquiKey = { readonly left: Expr; readonly right: Expr };

const nullableFields = (fields: readonly Field[]): Field[] => fields.map((f) => (f.nullable ? f : { ...f, nullable: true }));

/**
 * The equality conjuncts of `condition` with one side over the left input and
 * the other over the right input (right side renumbered to the right schema).
 */
export function extractEquiKeys(condition: Expr | null, leftSchema: Schema, rightSchema: Schema): EquiKey[] {
  if (condition === null) return [];
  const n = leftSchema.fields.length;
  const total = n + rightSchema.fields.length;
  const keys: EquiKey[] = [];
  const combined = makeSchema([...leftSchema.fields, ...rightSchema.fields]);
  for (const c of conjuncts(condition)) {
    if (c.kind !== 'call' || c.fn !== 'eq') continue;
    const [a, b] = c.args;
    if (a === undefined || b === undefined) continue;
    if (!comparable(inferExpr(a, combined).type, inferExpr(b, combined).type)) continue;
    // Both sides must read columns: a constant side is a filter, not a key.
    const isLeft = (e: Expr): boolean => readsColumns(e) && columnsWithin(e, 0, n);
    const isRight = (e: Expr): boolean => readsColumns(e) && columnsWithin(e, n, total);
    if (isLeft(a) && isRight(b)) keys.push({ left: a, right: shiftColumns(b, -n) });
    else if (isLeft(b) && isRight(a)) keys.push({ left: b, right: shiftColumns(a, -n) });
  }
  return keys;
}

/** The output schema of a join of `left` and `right` of this kind. */
export function joinSchema(left: Schema, right: Schema, kind: JoinKind): Schema {
  switch (kind) {
    case 'semi':
    case 'anti':
      return left;
    case 'inner':
    case 'cross': {
      const key = left.key !== undefined && right.key !== undefined ? [...left.key, ...right.key.map((k) => k + left.fields.length)] : undefined;
      return makeSchema([...left.fields, ...right.fields], key);
    }
    case 'left':
      return makeSchema([...left.fields, ...nullableFields(right.fields)]);
    case 'right':
      return makeSchema([...nullableFields(left.fields), ...right.fields]);
    case 'full':
      return makeSchema([...nullableFields(left.fields), ...nullableFields(right.fields)]);
  }
}

export const Join = {
  /** `condition` is over left ++ right; null means true. A cross join takes no condition. */
  create(left: Rel, right: Rel, kind: JoinKind, condition: Expr | null, span?: SourceSpan): JoinRel {
    if (kind === 'cross' && condition !== null) {
      throw planError('INVALID_PLAN', 'a cross join takes no condition (use an inner join)', condition.span ?? span);
    }
    const combined = makeSchema([...left.schema.fields, ...right.schema.fields]);
    if (condition !== null) expectBool(inferExpr(condition, combined), condition.span ?? span, 'a join condition');
    return {
      kind: 'join',
      schema: joinSchema(left.schema, right.schema, kind),
      left,
      right,
      joinKind: kind,
      condition,
      equiKeys: extractEquiKeys(condition, left.schema, right.schema),
      ...(span !== undefined ? { span } : {}),
    };
  },
  is(r: Rel): r is JoinRel {
    return r.kind === 'join';
  },
};
