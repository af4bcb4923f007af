/**
 * Typed row comparators for ORDER BY keys: one specialised comparison per key
 * type (numbers, int64 via int32 halves, strings by code point, generic total
 * order otherwise), composed over several keys with direction and NULL
 * placement. Used by sort, top-k and window ordering.
 */
import type { DataType } from '../../../types/data-type.js';
import { getScalar, type Column } from '../column.js';
import { compareCodePoints, compareFloats, compareValues } from '../../../types/value-order.js';
import { normalizeSortKeys } from './normalize-keys.js';

export interface KeySpec {
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

/** Compares row i of column a with row j of column b (both non-null). */
type ValueCmp = (a: Column, i: number, b: Column, j: number) => number;

function valueComparator(type: DataType): ValueCmp {
  switch (type) {
    case 'float64':
      return (a, i, b, j) => {
        const x = (a.values as Float64Array)[i] as number;
        const y = (b.values as Float64Array)[j] as number;
        return x < y ? -1 : x > y ? 1 : compareFloats(x, y); // NaN above every number
      };
    case 'date':
    case 'bool':
      return (a, i, b, j) => {
        const x = (a.values as Int32Array | Uint8Array)[i] as number;
        const y = (b.values as Int32Array | Uint8Array)[j] as number;
        return x < y ? -1 : x > y ? 1 : 0;
      };
    case 'int64':
    case 'timestamp':
      return (a, i, b, j) => {
        const x = (a.values as BigInt64Array)[i] as bigint;
        const y = (b.values as BigInt64Array)[j] as bigint;
        return x < y ? -1 : x > y ? 1 : 0;
      };
    case 'utf8':
      return (a, i, b, j) => compareCodePoints((a.values as string[])[i] as string, (b.values as string[])[j] as string);
    case 'null':
      return () => 0;
    default:
      return (a, i, b, j) => compareValues(getScalar(a, i), getScalar(b, j));
  }
}

export type RowCmp = (a: readonly Column[], i: number, b: readonly Column[], j: number) => number;

/** A comparator over rows described by key columns (column k of `a`/`b` is key k). */
export function rowComparator(types: readonly DataType[], specs: readonly KeySpec[]): RowCmp {
  const cmps = types.map(valueComparator);
  const nk = types.length;
  return (a, i, b, j) => {
    for (let k = 0; k < nk; k++) {
      const ca = a[k] as Column;
      const cb = b[k] as Column;
      const spec = specs[k] as KeySpec;
      const an = ca.valid !== null && ca.valid[i] === 0;
      const bn = cb.valid !== null && cb.valid[j] === 0;
      if (an || bn) {
        if (an && bn) continue;
        return an === spec.nullsFirst ? -1 : 1;
      }
      const r = (cmps[k] as ValueCmp)(ca, i, cb, j);
      if (r !== 0) return spec.descending ? -r : r;
    }
    return 0;
  };
}

/** Stable sorting permutation of rows 0..n-1 of `cols`. */
export function sortPermutation(rawCols: readonly Column[], rawTypes: readonly DataType[], specs: readonly KeySpec[], n: number): Int32Array {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  if (n < 2) return perm;
  const { cols, types } = normalizeSortKeys(rawCols, rawTypes, n);
  if (types.length === 1 && specialSort(perm, cols[0] as Column, types[0] as DataType, specs[0] as KeySpec)) return perm;
  const cmp = rowComparator(types, specs);
  perm.sort((x, y) => cmp(cols, x, cols, y) || x - y);
  return perm;
}

/** Fast path for one non-null numeric key: sort (key, index) pairs in a Float64Array. */
function specialSort(perm: Int32Array, col: Column, type: DataType, spec: KeySpec): boolean {
  if (col.valid !== null || (type !== 'float64' && type !== 'date')) return false;
  const v = col.values as Float64Array | Int32Array;
  const n = perm.length;
  for (let i = 0; i < n; i++) if ((v[i] as number) !== (v[i] as number)) return false;
  const sign = spec.descending ? -1 : 1;
  perm.sort((x, y) => {
    const a = v[x] as number;
    const b = v[y] as number;
    return a === b ? x - y : a < b ? -sign : sign;
  });
  return true;
}
