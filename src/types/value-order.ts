/**
 * The one value order of the whole system (docs/storage-format.md, "Value
 * order"): how two non-NULL scalars compare. Storage (zone maps, pruning,
 * table statistics), the planner (constant folding) and the executor (filters,
 * sort, joins, group keys, min/max, windows) all import it; nothing else
 * decides an order.
 *
 * - NULL is not a value here: callers place it (NULL first in keys, last in an
 *   ascending sort, never equal in `=`).
 * - Numbers: int64 exactly (bigint, never through a double); float64 with
 *   −0 = +0 and NaN equal to itself and above every number, +Infinity included
 *   (as PostgreSQL); int64 against float64 compares the exact values (an int64
 *   beyond 2^53 is not rounded; a float that is not an integer never equals an
 *   int64). Dates (int32 days) and timestamps (int64 ns) compare as numbers.
 * - Text by Unicode code point (not UTF-16 code unit, not locale) — the order
 *   of its UTF-8 bytes; bytes unsigned lexicographically; false < true;
 *   intervals by (months, nanos).
 */
import { compareBytes } from '../util/bytes.js';
import type { Interval, Scalar } from './data-type.js';

/**
 * Compares two JS strings by code point. JS `<` compares UTF-16 code units,
 * which puts astral characters (surrogates D800–DFFF) below U+E000–U+FFFF;
 * fixed here by shifting surrogates above that block at the first difference.
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

export { compareBytes };

export function compareIntervals(a: Interval, b: Interval): number {
  if (a.months !== b.months) return a.months < b.months ? -1 : 1;
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

/** float64 order: −0 = +0; NaN equal to itself and above every number. */
export function compareFloats(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const an = a !== a;
  const bn = b !== b;
  return an && bn ? 0 : an ? 1 : -1;
}

/** int64 vs float64 without rounding the int64 through a double. */
export function compareIntFloat(a: bigint, b: number): number {
  if (b !== b) return -1; // NaN is above every number
  if (b === Infinity) return -1;
  if (b === -Infinity) return 1;
  const fb = Math.floor(b);
  const bi = BigInt(fb);
  if (a < bi) return -1;
  if (a > bi) return 1;
  return fb < b ? -1 : 0;
}

const TWO63 = 2 ** 63;

/**
 * The int64 exactly equal to a float64, or null when there is none (NaN,
 * ±Infinity, a fraction, or outside the int64 range). −0 gives 0n. An int64
 * and a float64 are equal exactly when this returns the int64, so mixed keys
 * hash and compare as this int64.
 */
export function exactInt64OfFloat(f: number): bigint | null {
  if (!Number.isInteger(f) || f < -TWO63 || f >= TWO63) return null;
  return BigInt(f);
}

/** Compares two non-NULL scalars of the same type, or of int64/float64 mixed. */
export function compareValues(a: Scalar, b: Scalar): number {
  if (typeof a === 'bigint') {
    if (typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
    if (typeof b === 'number') return compareIntFloat(a, b);
  }
  if (typeof a === 'number') {
    if (typeof b === 'number') return compareFloats(a, b);
    if (typeof b === 'bigint') return -compareIntFloat(b, a);
  }
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b);
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    return compareIntervals(a as Interval, b as Interval);
  }
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** Equality of two non-NULL scalars in the value order (NaN = NaN, −0 = +0, 2^53 + 1 ≠ 2^53 as a float). */
export function valuesEqual(a: Scalar, b: Scalar): boolean {
  if (a === b) return true;
  return compareValues(a, b) === 0;
}

/** Whether both are comparable in this order: same JS kind, or int64/float64 mixed. */
export function comparableValues(a: Scalar, b: Scalar): boolean {
  const num = (x: Scalar): boolean => typeof x === 'bigint' || typeof x === 'number';
  if (num(a) && num(b)) return true;
  if (a instanceof Uint8Array || b instanceof Uint8Array) return a instanceof Uint8Array && b instanceof Uint8Array;
  return typeof a === typeof b && a !== null && b !== null;
}
