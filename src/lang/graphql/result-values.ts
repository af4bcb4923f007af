/**
 * What a selection set becomes over one relation: a tree of result values
 * (scalar columns, JSON text of nested lists and aggregates, constants such
 * as __typename, objects that may be absent), each an expression over the
 * relation. At the top it is flattened into output columns plus a `Shape`
 * that assembles rows into the response (assemble-result.ts); inside an
 * array relationship it becomes one `json_object` per row.
 */
import type { DataType } from '../../types/data-type.js';
import { JSON_RAW_SUFFIX } from '../../planner/ir/functions-json.js';
import { call, caseWhen, col, exprEquals, lit, shiftColumns, type Expr, type NamedExpr } from '../../planner/ir/index.js';

export type ResultValue =
  | { readonly kind: 'scalar'; readonly expr: Expr; readonly type: DataType }
  | { readonly kind: 'json'; readonly expr: Expr }
  | { readonly kind: 'const'; readonly value: string }
  /** `present`: an expression that is NULL exactly when the object is absent (the related row's key column). */
  | { readonly kind: 'object'; readonly present: Expr | null; readonly fields: readonly (readonly [string, ResultValue])[] };

/** How to read one response value from an output row. */
export type Shape =
  | { readonly kind: 'column'; readonly index: number; readonly type: DataType }
  | { readonly kind: 'json'; readonly index: number }
  | { readonly kind: 'const'; readonly value: string }
  | { readonly kind: 'object'; readonly present: number | null; readonly fields: readonly (readonly [string, Shape])[] };

export function shiftValue(v: ResultValue, delta: number): ResultValue {
  if (delta === 0) return v;
  switch (v.kind) {
    case 'scalar':
      return { ...v, expr: shiftColumns(v.expr, delta) };
    case 'json':
      return { kind: 'json', expr: shiftColumns(v.expr, delta) };
    case 'const':
      return v;
    case 'object':
      return {
        kind: 'object',
        present: v.present === null ? null : shiftColumns(v.present, delta),
        fields: v.fields.map(([k, f]) => [k, shiftValue(f, delta)] as const),
      };
  }
}

/** The value as a json_object argument: the expression and whether it already is JSON text. */
function jsonArg(v: ResultValue): { expr: Expr; raw: boolean } {
  switch (v.kind) {
    case 'scalar':
      return { expr: v.expr, raw: false };
    case 'json':
      return { expr: v.expr, raw: true };
    case 'const':
      return { expr: lit(v.value, 'utf8'), raw: false };
    case 'object':
      return { expr: objectJson(v), raw: true };
  }
}

/** One JSON object text per row for an object value (NULL when `present` is NULL: no related row). */
export function objectJson(v: Extract<ResultValue, { kind: 'object' }>): Expr {
  const args: Expr[] = [];
  for (const [key, f] of v.fields) {
    const a = jsonArg(f);
    args.push(lit(a.raw ? key + JSON_RAW_SUFFIX : key, 'utf8'), a.expr);
  }
  const obj = call('json_object', ...args);
  return v.present === null ? obj : caseWhen([[call('is_not_null', v.present), obj]], null);
}

/** Output columns and the shape reading them back: a value flattened for the top level. */
export function flatten(v: ResultValue, out: NamedExpr[], name: string): Shape {
  const add = (expr: Expr, nameWanted: string): number => {
    const same = out.findIndex((e) => exprEquals(e.expr, expr));
    if (same >= 0) return same;
    const taken = out.some((e) => e.name === nameWanted);
    out.push({ expr, name: taken ? `${nameWanted}_${out.length}` : nameWanted });
    return out.length - 1;
  };
  switch (v.kind) {
    case 'scalar':
      return { kind: 'column', index: add(v.expr, name), type: v.type };
    case 'json':
      return { kind: 'json', index: add(v.expr, name) };
    case 'const':
      return v;
    case 'object': {
      // fields first, so a selected key column doubles as the presence column
      const fields = v.fields.map(([k, f]) => [k, flatten(f, out, k)] as const);
      const present = v.present === null ? null : add(v.present, `${name}_present`);
      return { kind: 'object', present, fields };
    }
  }
}

/** A column reference as a scalar value. */
export function scalarAt(index: number, type: DataType, name?: string): ResultValue {
  return { kind: 'scalar', expr: col(index, name), type };
}
