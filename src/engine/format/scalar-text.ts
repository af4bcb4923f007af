/**
 * How one value of a result column is shown to users outside JavaScript: as a
 * JSON value (int64 beyond ±2^53 as a string, timestamps as the ISO text they
 * were imported from, binary as hex, NULL as null) or as display text (a
 * text table's float64 rounded to 15 significant digits).
 */
import type { DataType, Interval, Scalar } from '../../types/data-type.js';
import type { Field } from '../../types/schema.js';
import { formatTimestamp, TSFORMAT_METADATA_KEY } from '../../types/timestamp-format.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MS_PER_DAY = 86_400_000;

function isInterval(v: Scalar): v is Interval {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array);
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

function dateText(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

function intervalText(v: Interval): string {
  const parts: string[] = [];
  if (v.months !== 0) parts.push(`${v.months} months`);
  if (v.nanos !== 0n || parts.length === 0) {
    const ms = Number(v.nanos) / 1e6;
    parts.push(`${ms / 1000} seconds`);
  }
  return parts.join(' ');
}

function floatText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return String(n);
}

/**
 * A float64 for people reading a text table: at most 15 significant digits,
 * trailing zeros dropped (as psql and DuckDB print), so arithmetic noise such
 * as 523.0600000000003 or 0.30000000000000004 shows as 523.06 and 0.3; -0
 * keeps its sign. Only the table display rounds: JSON, CSV and Arrow output
 * and stored values keep every digit.
 */
export function floatDisplayText(n: number): string {
  if (!Number.isFinite(n)) return floatText(n);
  if (Object.is(n, -0)) return '-0';
  const digits = n.toPrecision(15);
  const rounded = Number(digits);
  // Next to ±MAX_VALUE the 15 digits round past float64: show them as they are, zeros trimmed.
  return Number.isFinite(rounded) ? String(rounded) : digits.replace(/\.?0+e/, 'e');
}

/** The JSON value of `v` in a column of `field`. */
export function scalarToJson(v: Scalar, field: Field): unknown {
  if (v === null) return null;
  const type: DataType = field.type;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'string':
      return v;
    case 'number':
      if (type === 'date') return dateText(v);
      return Number.isFinite(v) ? v : floatText(v);
    case 'bigint':
      if (type === 'timestamp') return formatTimestamp(v, field.metadata?.[TSFORMAT_METADATA_KEY]);
      return v > MAX_SAFE || v < -MAX_SAFE ? v.toString() : Number(v);
    default:
      if (v instanceof Uint8Array) return hex(v);
      if (isInterval(v)) return intervalText(v);
      return String(v);
  }
}

/** Display text of `v` (tables, CSV): NULL as `nullText`. */
export function scalarToText(v: Scalar, field: Field, nullText = ''): string {
  if (v === null) return nullText;
  if (typeof v === 'number') return field.type === 'date' ? dateText(v) : floatText(v);
  if (typeof v === 'bigint') {
    return field.type === 'timestamp' ? formatTimestamp(v, field.metadata?.[TSFORMAT_METADATA_KEY]) : v.toString();
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return hex(v);
  return isInterval(v) ? intervalText(v) : String(v);
}
