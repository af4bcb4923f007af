/**
 * Mixed int64/float64 keys compared exactly (types/value-order.ts): a float64
 * key column seen as int64, each value replaced by the int64 exactly equal to
 * it, or NULL (matches nothing) when there is none — a fraction, NaN,
 * ±Infinity or a value outside the int64 range. So an int64 and a float64 that
 * are equal hash and compare equal, and 2^53 + 1 never meets the float 2^53.
 */
import { exactInt64OfFloat } from '../../../types/value-order.js';
import { makeColumn, type Column } from '../column.js';

export function exactInt64Column(col: Column): Column {
  const n = col.length;
  const src = col.values as Float64Array;
  const out = new BigInt64Array(n);
  const valid = new Uint8Array(n);
  const inValid = col.valid;
  for (let i = 0; i < n; i++) {
    if (inValid !== null && inValid[i] === 0) continue;
    const f = src[i] as number;
    // the common case: a safe integer converts without BigInt(number) rounding concerns
    const v = Number.isSafeInteger(f) ? BigInt(f) : exactInt64OfFloat(f);
    if (v === null) continue;
    out[i] = v;
    valid[i] = 1;
  }
  return makeColumn('int64', out, valid, n);
}
