/**
 * The IR's implicit typing rules: which types unify (int64 widens to float64,
 * the 'null' type fits anything), which can be compared, which casts exist,
 * and which Scalar values inhabit a type.
 */
import type { DataType, Scalar } from '../../types/data-type.js';

/** The type of an expression as the type checker sees it. */
export interface TypeInfo {
  readonly type: DataType;
  readonly nullable: boolean;
}

/** Common supertype of two types, or null when they do not unify. */
export function unifyTypes(a: DataType, b: DataType): DataType | null {
  if (a === b) return a;
  if (a === 'null') return b;
  if (b === 'null') return a;
  if ((a === 'int64' && b === 'float64') || (a === 'float64' && b === 'int64')) return 'float64';
  return null;
}

/** Common supertype of many types ('null' when the list is empty or all null), or null when they do not unify. */
export function unifyAll(types: readonly DataType[]): DataType | null {
  let acc: DataType = 'null';
  for (const t of types) {
    const u = unifyTypes(acc, t);
    if (u === null) return null;
    acc = u;
  }
  return acc;
}

/** Whether values of the two types can be compared (eq, lt, …): same type, both numeric, or one is the null type. */
export function comparable(a: DataType, b: DataType): boolean {
  return unifyTypes(a, b) !== null;
}

/** Types with a total order usable by sort, min/max and range comparisons. */
export function isOrdered(t: DataType): boolean {
  return t !== 'interval';
}

/**
 * Whether `cast(x AS to)` exists for x of type `from`: identity, from null,
 * numeric <-> numeric, numeric <-> bool, anything -> utf8, utf8 -> anything,
 * date <-> timestamp.
 */
export function castAllowed(from: DataType, to: DataType): boolean {
  if (from === to || from === 'null') return true;
  if (to === 'null') return false;
  if (to === 'utf8' || from === 'utf8') return true;
  const numericOrBool = (t: DataType): boolean => t === 'int64' || t === 'float64' || t === 'bool';
  if (numericOrBool(from) && numericOrBool(to)) return true;
  if ((from === 'date' && to === 'timestamp') || (from === 'timestamp' && to === 'date')) return true;
  return false;
}

/** The IR type of a JS scalar value (number -> float64; use an explicit type for dates). */
export function typeOfValue(value: Scalar): DataType {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int64';
    case 'number':
      return 'float64';
    case 'string':
      return 'utf8';
    default:
      return value instanceof Uint8Array ? 'binary' : 'interval';
  }
}

/** Whether a JS value is a valid (non-null) scalar of `type` (see data-type.ts for the mapping). */
export function valueFitsType(value: Scalar, type: DataType): boolean {
  if (value === null) return true;
  switch (type) {
    case 'null':
      return false;
    case 'bool':
      return typeof value === 'boolean';
    case 'int64':
    case 'timestamp':
      return typeof value === 'bigint';
    case 'float64':
      return typeof value === 'number';
    case 'date':
      return typeof value === 'number' && Number.isInteger(value);
    case 'utf8':
      return typeof value === 'string';
    case 'binary':
      return value instanceof Uint8Array;
    case 'interval':
      return typeof value === 'object' && !(value instanceof Uint8Array) && 'months' in value && 'nanos' in value;
  }
}
