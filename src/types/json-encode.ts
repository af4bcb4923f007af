/**
 * The one JSON encoding of IR values, shared by the executor's JSON-building
 * functions (`json_object`, `json_agg`) and by front ends that turn result rows
 * into JSON (GraphQL): int64 is a JSON number up to 2^53 in magnitude and a
 * string beyond (exact either way), float64 a number (NaN and ±Infinity as the
 * strings "NaN", "Infinity", "-Infinity", as PostgreSQL's to_json), timestamp
 * ISO text without a zone (`2009-01-01T00:00:00`, fraction only when non-zero),
 * date `YYYY-MM-DD`, binary `\x…` hex text, interval its months and nanoseconds.
 */
import type { DataType, Interval, Scalar } from './data-type.js';
import { formatTimestamp } from './timestamp-format.js';

const MAX_SAFE = 9_007_199_254_740_992n; // 2^53

/** The JS value JSON.stringify turns into `v`'s JSON text (bigint only as a string). */
export function jsonValue(v: Scalar, type: DataType): unknown {
  if (v === null) return null;
  switch (type) {
    case 'int64': {
      const n = v as bigint;
      return n <= MAX_SAFE && n >= -MAX_SAFE ? Number(n) : n.toString();
    }
    case 'float64': {
      const f = v as number;
      return Number.isFinite(f) ? f : Number.isNaN(f) ? 'NaN' : f > 0 ? 'Infinity' : '-Infinity';
    }
    case 'timestamp':
      return isoTimestamp(v as bigint);
    case 'date':
      return formatTimestamp(BigInt(v as number) * 86_400_000_000_000n, 'YYYY-MM-DD');
    case 'binary':
      return '\\x' + Array.from(v as Uint8Array, (b) => b.toString(16).padStart(2, '0')).join('');
    case 'interval': {
      const iv = v as Interval;
      return { months: iv.months, nanos: iv.nanos.toString() };
    }
    case 'null':
      return null;
    case 'bool':
    case 'utf8':
      return v;
  }
}

/** `v` as JSON text. */
export function jsonText(v: Scalar, type: DataType): string {
  if (v === null) return 'null';
  if (type === 'utf8') return JSON.stringify(v);
  if (type === 'int64') {
    const n = v as bigint;
    return n <= MAX_SAFE && n >= -MAX_SAFE ? n.toString() : `"${n.toString()}"`;
  }
  return JSON.stringify(jsonValue(v, type));
}

/** A timestamp as `YYYY-MM-DDTHH:mm:ss` plus `.fraction` when it has one (trailing zeros dropped). */
export function isoTimestamp(ns: bigint): string {
  const text = formatTimestamp(ns, 'YYYY-MM-DDTHH:mm:ss.fffffffff');
  const dot = text.lastIndexOf('.');
  const fraction = text.slice(dot + 1).replace(/0+$/, '');
  return fraction === '' ? text.slice(0, dot) : `${text.slice(0, dot)}.${fraction}`;
}
