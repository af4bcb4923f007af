/**
 * Total orders on non-NULL values of each type: strings by Unicode code point
 * (not UTF-16 code unit, not locale), bytes lexicographically, int64 exactly,
 * int64 vs float64 numerically, intervals by (months, nanos). Used by sort,
 * min/max, comparisons and windows.
 */
import type { DataType, Interval, Scalar } from '../../../types/data-type.js';

/**
 * Compares two JS strings by code point. JS `<` compares UTF-16 code units, which
 * puts astral characters (surrogates D800–DFFF) below U+E000–U+FFFF; fixed here
 * by shifting surrogates above that block at the first difference.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x < y ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

export function compareIntervals(a: Interval, b: Interval): number {
  if (a.months !== b.months) return a.months < b.months ? -1 : 1;
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

/** int64 vs float64 without rounding the int64 through a double. */
export function compareBigNumber(a: bigint, b: number): number {
  if (Number.isNaN(b)) return -1;
  if (b === Infinity) return -1;
  if (b === -Infinity) return 1;
  const fb = Math.floor(b);
  const bi = BigInt(fb);
  if (a < bi) return -1;
  if (a > bi) return 1;
  return fb < b ? -1 : 0;
}

function compareNumbers(a: number, b: number): number {
  // NaN sorts above every number (as PostgreSQL), equal to itself
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  return an && bn ? 0 : an ? 1 : -1;
}

/** Compares two non-null scalars of (compatible) types. */
export function compareScalars(a: Scalar, b: Scalar): number {
  if (typeof a === 'bigint') {
    if (typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
    if (typeof b === 'number') return compareBigNumber(a, b);
  }
  if (typeof a === 'number') {
    if (typeof b === 'number') return compareNumbers(a, b);
    if (typeof b === 'bigint') return -compareBigNumber(b, a);
  }
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b);
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    return compareIntervals(a as Interval, b as Interval);
  }
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** Equality of two non-null scalars (the `=` of SQL for the types at hand; NaN = NaN as in PostgreSQL). */
export function scalarsEqual(a: Scalar, b: Scalar): boolean {
  if (a === b) return true;
  return compareScalars(a, b) === 0;
}

/** Whether values of this type have an order usable by min/max/sort. */
export function isOrdered(t: DataType): boolean {
  return t !== 'null';
}
