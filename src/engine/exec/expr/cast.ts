/**
 * The `cast` node: conversions between the IR's types (numeric widening and
 * truncation toward zero, bool <-> numbers, text parsing with CAST_FAILED,
 * date <-> timestamp, anything -> text as SQL prints it; timestamps and
 * dates to text per batch), plus the scalar `toText` used by to_text, concat
 * and string_agg.
 */
import type { DataType, Interval, Scalar } from '../../../types/data-type.js';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { allocValues, makeColumn, nullColumn, type Column } from '../column.js';
import type { Chunk } from '../chunk.js';
import { mapScalars, type CompiledExpr } from './kernel-util.js';
import { asF64, checkInt64 } from './fn-arithmetic.js';
import { formatDate, formatTimestamp, NS_PER_DAY_BIG, parseTimestamp, splitTimestamp } from './datetime-util.js';

function formatInterval(iv: Interval): string {
  const parts: string[] = [];
  const years = Math.trunc(iv.months / 12);
  const months = iv.months % 12;
  if (years !== 0) parts.push(`${years} year${Math.abs(years) === 1 ? '' : 's'}`);
  if (months !== 0) parts.push(`${months} mon${Math.abs(months) === 1 ? '' : 's'}`);
  let ns = iv.nanos;
  const neg = ns < 0n;
  if (neg) ns = -ns;
  const days = ns / NS_PER_DAY_BIG;
  ns %= NS_PER_DAY_BIG;
  if (days !== 0n) parts.push(`${neg ? '-' : ''}${days} day${days === 1n ? '' : 's'}`);
  if (ns !== 0n || parts.length === 0) {
    const secs = Number(ns / 1_000_000_000n);
    const frac = ns % 1_000_000_000n;
    const hh = String(Math.floor(secs / 3600)).padStart(2, '0');
    const mm = String(Math.floor((secs % 3600) / 60)).padStart(2, '0');
    const ss = String(secs % 60).padStart(2, '0');
    const f = frac === 0n ? '' : '.' + String(frac).padStart(9, '0').replace(/0+$/, '');
    parts.push(`${neg ? '-' : ''}${hh}:${mm}:${ss}${f}`);
  }
  return parts.join(' ');
}

/** A non-null scalar of `type` as SQL text. */
export function toText(v: Scalar, type: DataType): string {
  switch (type) {
    case 'date':
      return formatDate(v as number);
    case 'timestamp':
      return formatTimestamp(v as bigint);
    case 'interval':
      return formatInterval(v as Interval);
    case 'binary':
      return '\\x' + Array.from(v as Uint8Array, (b) => b.toString(16).padStart(2, '0')).join('');
    case 'float64': {
      const n = v as number;
      if (Number.isNaN(n)) return 'NaN';
      if (n === Infinity) return 'Infinity';
      if (n === -Infinity) return '-Infinity';
      return String(n);
    }
    default:
      return String(v);
  }
}

function failed(v: Scalar, to: DataType): never {
  throw new PyralogError('CAST_FAILED', `cannot cast '${String(v)}' to ${to}`, { phase: 'execute' });
}

const TRUE_TEXT = new Set(['true', 't', 'yes', 'y', 'on', '1']);
const FALSE_TEXT = new Set(['false', 'f', 'no', 'n', 'off', '0']);
const INT_RE = /^\s*[+-]?\d+\s*$/;

function floatToInt(n: number, v: Scalar): bigint {
  if (!Number.isFinite(n)) return failed(v, 'int64');
  return checkInt64(BigInt(Math.trunc(n)));
}

/** Casts one non-null scalar of type `from` to `to`. */
export function castScalar(v: Scalar, from: DataType, to: DataType): Scalar {
  if (from === to) return v;
  if (to === 'utf8') return from === 'binary' ? new TextDecoder().decode(v as Uint8Array) : toText(v, from);
  switch (from) {
    case 'utf8': {
      const s = v as string;
      switch (to) {
        case 'int64':
          if (INT_RE.test(s)) return checkInt64(BigInt(s.trim()));
          if (/^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(s)) return floatToInt(Number(s), v);
          return failed(v, to);
        case 'float64': {
          const t = s.trim().toLowerCase();
          if (t === 'nan') return NaN;
          if (t === 'infinity' || t === 'inf' || t === '+infinity') return Infinity;
          if (t === '-infinity' || t === '-inf') return -Infinity;
          const n = t === '' ? NaN : Number(t);
          return Number.isNaN(n) ? failed(v, to) : n;
        }
        case 'bool': {
          const t = s.trim().toLowerCase();
          if (TRUE_TEXT.has(t)) return true;
          if (FALSE_TEXT.has(t)) return false;
          return failed(v, to);
        }
        case 'timestamp': {
          const ns = parseTimestamp(s);
          return ns === null ? failed(v, to) : ns;
        }
        case 'date': {
          const ns = parseTimestamp(s);
          return ns === null ? failed(v, to) : splitTimestamp(ns).days;
        }
        case 'binary':
          return new TextEncoder().encode(s);
        default:
          return failed(v, to);
      }
    }
    case 'int64':
      if (to === 'float64') return Number(v as bigint);
      if (to === 'bool') return (v as bigint) !== 0n;
      if (to === 'timestamp') return v;
      if (to === 'date') return Number(v as bigint);
      return failed(v, to);
    case 'float64':
      if (to === 'int64') return floatToInt(v as number, v);
      if (to === 'bool') return (v as number) !== 0;
      return failed(v, to);
    case 'bool':
      if (to === 'int64') return v === true ? 1n : 0n;
      if (to === 'float64') return v === true ? 1 : 0;
      return failed(v, to);
    case 'date':
      if (to === 'timestamp') return BigInt(v as number) * NS_PER_DAY_BIG;
      if (to === 'int64') return BigInt(v as number);
      return failed(v, to);
    case 'timestamp':
      if (to === 'date') return splitTimestamp(v as bigint).days;
      if (to === 'int64') return v;
      return failed(v, to);
    default:
      return failed(v, to);
  }
}

export function compileCast(inner: CompiledExpr, to: DataType): (c: Chunk) => Column {
  const from = inner.type;
  return (c: Chunk): Column => {
    const col = inner.eval(c);
    if (from === to) return col;
    if (from === 'null' || to === 'null') return nullColumn(to, c.length); // the target type's own storage (an int64 key is hashed as a BigInt64Array)
    if (from === 'int64' && to === 'float64') return makeColumn('float64', asF64(col, c), col.valid, c.length);
    if ((from === 'int64' && to === 'timestamp') || (from === 'timestamp' && to === 'int64')) {
      return makeColumn(to, col.values, col.valid, c.length);
    }
    if (to === 'utf8' && (from === 'timestamp' || from === 'date')) return temporalText(c, col, from);
    return mapScalars(c, [col], to, ([v]) => castScalar(v as Scalar, from, to));
  };
}

/**
 * A timestamp or date column as text, one typed loop per batch: the values
 * are read straight from the typed array and printed by the Number-only
 * formatters (dates from a cache), no scalar boxing per row.
 */
function temporalText(c: Chunk, col: Column, from: 'timestamp' | 'date'): Column {
  const len = c.length;
  const out = allocValues('utf8', len) as string[];
  const valid = new Uint8Array(len);
  const sel = c.sel;
  const n = sel === null ? len : sel.length;
  const present = col.valid;
  if (from === 'timestamp') {
    const v = col.values as BigInt64Array;
    for (let k = 0; k < n; k++) {
      const i = sel === null ? k : sel[k]!;
      if (present !== null && present[i] === 0) continue;
      out[i] = formatTimestamp(v[i]!);
      valid[i] = 1;
    }
  } else {
    const v = col.values as Int32Array;
    for (let k = 0; k < n; k++) {
      const i = sel === null ? k : sel[k]!;
      if (present !== null && present[i] === 0) continue;
      out[i] = formatDate(v[i]!);
      valid[i] = 1;
    }
  }
  return makeColumn('utf8', out, valid, len);
}
