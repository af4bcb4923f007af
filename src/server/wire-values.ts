/**
 * Values on the wire: how JSON request values become Pyralog scalars, and
 * key-value bytes become JSON. int64 is exact both ways:
 * - a JSON integer within ±(2^53−1) is an int64 (bigint); an integer outside
 *   that range is refused (JSON.parse has already rounded it), so larger values
 *   travel as `{"$bigint":"123…"}` or, in an int64 column, a decimal string;
 * - a JSON number with a fraction is a float64; `{"$float": 2}` forces float64
 *   for an integral value (`"NaN"`, `"Infinity"`, `"-Infinity"` are accepted);
 * - `{"$bytes":"00ff…"}` (hex) is binary; in a binary column a hex string is too.
 * Rows for a table are converted column by column with the table's types
 * (timestamps and dates also accept ISO text). Results use the CLI's JSON,
 * where int64 beyond 2^53 is emitted as a decimal string.
 */
import { PyralogError } from '../errors/pyralog-error.js';
import type { Row, TableInfo } from '../index.js';
import type { DataType, Scalar } from '../types/data-type.js';
import { isoDateDays, isoTimestampNs } from '../types/timestamp-format.js';
import { RPC_INVALID_PARAMS, RpcError } from './json-rpc.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function bad(where: string, why: string): RpcError {
  return new RpcError(RPC_INVALID_PARAMS, `invalid params: ${where}: ${why}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseBigint(text: string, where: string): bigint {
  if (!/^[+-]?\d+$/.test(text)) throw bad(where, `${JSON.stringify(text.slice(0, 40))} is not a decimal integer`);
  const digits = text.replace(/^[+-]?0*/, '');
  const v = digits.length > 20 ? undefined : BigInt(text);
  if (v === undefined || v < INT64_MIN || v > INT64_MAX) {
    throw bad(where, `${text.length > 40 ? `${text.slice(0, 40)}…` : text} is out of int64 range (-9223372036854775808 … 9223372036854775807)`);
  }
  return v;
}

/** A JSON number must be finite: JSON.parse turns a literal like 1e400 into Infinity. */
function finite(n: number, where: string): number {
  if (!Number.isFinite(n)) throw bad(where, 'the number is beyond float64 (JSON read it as Infinity); send {"$float":"Infinity"} if that is meant');
  return n;
}

function parseHex(text: string, where: string): Uint8Array {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) throw bad(where, 'bytes must be an even-length hex string');
  return Uint8Array.from(Buffer.from(text, 'hex'));
}

function parseFloatTag(v: unknown, where: string): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  throw bad(where, '$float wants a number or "NaN", "Infinity", "-Infinity"');
}

function integerNumber(n: number, where: string): bigint {
  if (!Number.isSafeInteger(n)) throw bad(where, `the integer ${n} is beyond 2^53 and was rounded by JSON; send {"$bigint":"…"} or a decimal string`);
  return BigInt(n);
}

/** A tagged value (`$bigint`, `$float`, `$bytes`) or undefined if `v` is not one. */
function tagged(v: Record<string, unknown>, where: string): Scalar | undefined {
  const keys = Object.keys(v);
  if (keys.length !== 1) return undefined;
  if (Object.hasOwn(v, '$bigint')) {
    const t = v['$bigint'];
    if (typeof t !== 'string') throw bad(where, '$bigint wants a decimal string');
    return parseBigint(t, where);
  }
  if (Object.hasOwn(v, '$float')) return parseFloatTag(v['$float'], where);
  if (Object.hasOwn(v, '$bytes')) {
    const t = v['$bytes'];
    if (typeof t !== 'string') throw bad(where, '$bytes wants a hex string');
    return parseHex(t, where);
  }
  return undefined;
}

/** A query parameter from JSON (no column type known). */
export function paramFromJson(v: unknown, where: string): Scalar {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(finite(v, where)) ? integerNumber(v, where) : v;
  if (isObject(v)) {
    const t = tagged(v, where);
    if (t !== undefined) return t;
  }
  throw bad(where, 'a value must be null, a boolean, a number, a string, or {"$bigint"|"$float"|"$bytes": …}');
}

/** Query parameters from JSON: an array (`$1…`) or an object (`$name`). */
export function paramsFromJson(v: unknown): Scalar[] | Record<string, Scalar> | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.map((x, i) => paramFromJson(x, `params[${i}]`));
  if (isObject(v)) {
    const out: Record<string, Scalar> = {};
    for (const [k, x] of Object.entries(v)) out[k] = paramFromJson(x, `params.${k}`);
    return out;
  }
  throw bad('params', 'query parameters must be an array or an object');
}

/** A JSON value for a column of type `type`. */
export function columnValueFromJson(v: unknown, type: DataType, where: string): Scalar {
  if (v === null) return null;
  if (typeof v === 'number') finite(v, where);
  if (isObject(v)) {
    const t = tagged(v, where);
    if (t === undefined) throw bad(where, 'an object value must be {"$bigint"|"$float"|"$bytes": …}');
    return type === 'float64' && typeof t === 'bigint' ? Number(t) : t;
  }
  switch (type) {
    case 'int64':
    case 'timestamp':
      if (typeof v === 'number') {
        if (!Number.isInteger(v)) throw bad(where, `${v} is not an integer`);
        return integerNumber(v, where);
      }
      if (typeof v === 'string') {
        if (type === 'timestamp' && !/^[+-]?\d+$/.test(v)) {
          const ns = isoTimestampNs(v);
          if (ns === undefined) throw bad(where, `${JSON.stringify(v)} is not an ISO timestamp or nanoseconds`);
          return ns;
        }
        return parseBigint(v, where);
      }
      break;
    case 'float64':
      if (typeof v === 'number') return v;
      break;
    case 'date':
      if (typeof v === 'number' && Number.isInteger(v)) return v;
      if (typeof v === 'string') {
        const days = isoDateDays(v);
        if (days === undefined) throw bad(where, `${JSON.stringify(v)} is not a YYYY-MM-DD date`);
        return days;
      }
      break;
    case 'binary':
      if (typeof v === 'string') return parseHex(v, where);
      break;
    default:
      if (typeof v === 'boolean' || typeof v === 'string') return v;
      if (typeof v === 'number') return Number.isInteger(v) ? integerNumber(v, where) : v;
  }
  // A value of the wrong JSON type is passed on as is, so storage reports TYPE_MISMATCH with its column.
  return paramFromJson(v, where);
}

/** Rows for `table` from JSON objects, converted by column type (unknown columns pass through for storage to reject). */
export function rowsFromJson(rows: unknown, info: TableInfo): Row[] {
  if (!Array.isArray(rows)) throw bad('rows', 'must be an array of objects');
  const types = new Map(info.fields.map((f) => [f.name, f.type] as const));
  return rows.map((r, i) => {
    if (!isObject(r)) throw bad(`rows[${i}]`, 'must be an object keyed by column name');
    const out: Record<string, Scalar> = {};
    for (const [k, v] of Object.entries(r)) {
      const type = types.get(k);
      out[k] = type === undefined ? paramFromJson(v, `rows[${i}].${k}`) : columnValueFromJson(v, type, `rows[${i}].${k}`);
    }
    return out;
  });
}

/** Primary-key tuples for `table` from JSON arrays. */
export function keysFromJson(keys: unknown, info: TableInfo): Scalar[][] {
  if (!Array.isArray(keys)) throw bad('keys', 'must be an array of key tuples (arrays)');
  const types = info.primaryKey.map((k) => info.fields.find((f) => f.name === k)?.type ?? 'int64');
  return keys.map((k, i) => {
    if (!Array.isArray(k)) throw bad(`keys[${i}]`, 'must be an array of key values');
    if (k.length !== types.length) {
      throw new PyralogError('MISSING_KEY', `key ${i} has ${k.length} values; table ${info.name} has ${types.length} key columns (${info.primaryKey.join(', ')})`, {
        phase: 'server',
      });
    }
    return k.map((v, j) => columnValueFromJson(v, types[j] as DataType, `keys[${i}][${j}]`));
  });
}

/** A key-value key or value from JSON: a string (UTF-8) or `{"$bytes":"hex"}`. */
export function bytesFromJson(v: unknown, where: string): Uint8Array | string {
  if (typeof v === 'string') return v;
  if (isObject(v) && typeof v['$bytes'] === 'string' && Object.keys(v).length === 1) return parseHex(v['$bytes'], where);
  throw bad(where, 'must be a string or {"$bytes":"hex"}');
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Stored bytes as JSON: the UTF-8 text when they are valid UTF-8, else `{"$bytes":"hex"}`. */
export function bytesToJson(b: Uint8Array): string | { $bytes: string } {
  try {
    return utf8.decode(b);
  } catch {
    return { $bytes: Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex') };
  }
}
