/**
 * Restates `column op value` over a value of the column's own type, so
 * storage (zone maps, key encoding) only ever compares like with like. The
 * IR compares int64 with float64 numerically and exactly; this keeps that
 * meaning: a float64 value against an int64 column becomes an int64 bound
 * (`x > 2.5` ⇒ `x >= 3`, `x = 2.5` never holds), an int64 value against a
 * float64 column becomes a float64 when it is exact (|n| ≤ 2^53). NULL
 * never compares true. Anything else (NaN, ±Infinity, values beyond the
 * int64 range or 2^53, other type pairs) is `unusable`: no predicate, which
 * is always safe since the filter above the scan stays.
 */
import type { DataType, Scalar } from '../../types/data-type.js';
import { valueFitsType } from '../ir/type-rules.js';

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Coerced =
  /** The same condition, as `column op value` with `value` of the column's type. */
  | { readonly kind: 'predicate'; readonly op: CompareOp; readonly value: Scalar }
  /** The condition is false (or NULL) for every row. */
  | { readonly kind: 'never' }
  /** No predicate storage could use expresses it exactly or as a superset. */
  | { readonly kind: 'unusable' };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const EXACT_FLOAT = 2n ** 53n;
const UNUSABLE = { kind: 'unusable' } as const;
const NEVER = { kind: 'never' } as const;

function intPredicate(op: CompareOp, value: bigint): Coerced {
  return value < INT64_MIN || value > INT64_MAX ? UNUSABLE : { kind: 'predicate', op, value };
}

/** `int_column op v` for a float v, as a condition on int64 values. */
function intColumnVsFloat(op: CompareOp, v: number): Coerced {
  if (!Number.isFinite(v)) return UNUSABLE;
  if (Number.isInteger(v)) return intPredicate(op, BigInt(v));
  switch (op) {
    case '=':
      return NEVER;
    case '!=':
      return UNUSABLE; // holds for every non-NULL row: nothing to skip
    case '<':
    case '<=':
      return intPredicate('<=', BigInt(Math.floor(v)));
    case '>':
    case '>=':
      return intPredicate('>=', BigInt(Math.ceil(v)));
  }
}

/**
 * `column op value`, where `value` is typed `valueType` in the IR, as a
 * predicate over a value of `columnType` (see the file comment).
 */
export function coerceComparison(op: CompareOp, value: Scalar, valueType: DataType, columnType: DataType): Coerced {
  if (value === null || valueType === 'null') return NEVER;
  if (!valueFitsType(value, valueType)) return UNUSABLE;
  if (valueType === columnType) {
    return typeof value === 'number' && Number.isNaN(value) ? UNUSABLE : { kind: 'predicate', op, value };
  }
  if (columnType === 'int64' && valueType === 'float64' && typeof value === 'number') return intColumnVsFloat(op, value);
  if (columnType === 'float64' && valueType === 'int64' && typeof value === 'bigint') {
    return value >= -EXACT_FLOAT && value <= EXACT_FLOAT ? { kind: 'predicate', op, value: Number(value) } : UNUSABLE;
  }
  return UNUSABLE;
}

export type CoercedList =
  | { readonly kind: 'values'; readonly values: readonly Scalar[] }
  | { readonly kind: 'never' }
  | { readonly kind: 'unusable' };

/** Items of an IN list against a column: the usable values, `never` when none can match, `unusable` when one cannot be expressed. */
export function coerceInList(items: readonly { readonly value: Scalar; readonly type: DataType }[], columnType: DataType): CoercedList {
  const values: Scalar[] = [];
  for (const item of items) {
    const c = coerceComparison('=', item.value, item.type, columnType);
    if (c.kind === 'unusable') return UNUSABLE;
    if (c.kind === 'predicate') values.push(c.value);
  }
  return values.length === 0 ? NEVER : { kind: 'values', values };
}
