/**
 * JSON encoding of scalars for metadata (catalog defaults, zone maps):
 * bigint, bytes and non-finite floats get tagged objects so they round-trip.
 */
import type { Scalar } from '../../types/data-type.js';
import { fromHex, toHex } from '../kv/bytes.js';

export type JsonScalar = null | boolean | number | string | { $b: string } | { $x: string } | { $f: string };

export function scalarToJson(v: Scalar): JsonScalar {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return { $b: v.toString() };
  if (typeof v === 'number') return Number.isFinite(v) ? v : { $f: String(v) };
  if (v instanceof Uint8Array) return { $x: toHex(v) };
  return { $b: `${v.months}:${v.nanos}` };
}

export function scalarFromJson(j: JsonScalar): Scalar {
  if (j === null || typeof j !== 'object') return j;
  if ('$b' in j) return BigInt(j.$b);
  if ('$x' in j) return fromHex(j.$x);
  return Number(j.$f);
}
