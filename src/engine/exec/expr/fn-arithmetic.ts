/**
 * Kernels of the arithmetic functions add, sub, mul, div, div_int, mod:
 * float64 loops generated once per operator, exact int64 with overflow checks
 * (NUMERIC_OVERFLOW), division/modulo by zero -> NULL, and date/timestamp
 * arithmetic (date ± days, date - date, timestamp - timestamp, ± interval).
 */
import type { DataType, Interval, Scalar } from '../../../types/data-type.js';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { allocValues, makeColumn, nullColumn, type Column } from '../column.js';
import type { Chunk } from '../chunk.js';
import { combineValid, genLoop, mapScalars, selCount, type CompiledExpr } from './kernel-util.js';
import { addInterval } from './datetime-util.js';
import { allocBytes, allocF64, allocI64 } from '../buffers.js';

export const INT64_MAX = 9223372036854775807n;
export const INT64_MIN = -9223372036854775808n;

export function checkInt64(v: bigint): bigint {
  if (v > INT64_MAX || v < INT64_MIN) {
    throw new PyralogError('NUMERIC_OVERFLOW', `int64 overflow: ${v} is out of range`, { phase: 'execute' });
  }
  return v;
}

/** The selected rows of a numeric column as float64 (int64 converted). */
export function asF64(col: Column, c: Chunk): Float64Array {
  if (col.type === 'float64') return col.values as Float64Array;
  const out = allocF64(c.length);
  if (col.type === 'null') return out;
  const src = col.values as unknown as ArrayLike<number | bigint>;
  const sel = c.sel;
  const n = selCount(c);
  for (let k = 0; k < n; k++) {
    const i = sel === null ? k : (sel[k] as number);
    out[i] = Number(src[i]);
  }
  return out;
}

const F64_OPS: Readonly<Record<string, string>> = { add: 'a[i] + b[i]', sub: 'a[i] - b[i]', mul: 'a[i] * b[i]' };

function floatBinary(fn: string, x: Column, y: Column, c: Chunk): Column {
  const a = asF64(x, c);
  const b = asF64(y, c);
  const valid = combineValid([x, y], c);
  const out = allocF64(c.length);
  genLoop(F64_OPS[fn] as string)(a, b, out, c.sel, selCount(c));
  return makeColumn('float64', out, valid, c.length);
}

function intBinary(fn: 'add' | 'sub' | 'mul', x: Column, y: Column, c: Chunk): Column {
  const a = x.values as BigInt64Array;
  const b = y.values as BigInt64Array;
  const valid = combineValid([x, y], c);
  const out = allocI64(c.length);
  const sel = c.sel;
  const n = selCount(c);
  for (let k = 0; k < n; k++) {
    const i = sel === null ? k : (sel[k] as number);
    if (valid !== null && valid[i] === 0) continue;
    const p = a[i] as bigint;
    const q = b[i] as bigint;
    const r = fn === 'add' ? p + q : fn === 'sub' ? p - q : p * q;
    out[i] = r > INT64_MAX || r < INT64_MIN ? checkInt64(r) : r;
  }
  return makeColumn('int64', out, valid, c.length);
}

const NS_PER_DAY = 86_400_000_000_000n;

/** Scalar temporal arithmetic for add/sub when a date, timestamp or interval is involved. */
function temporal(fn: string, a: Scalar, b: Scalar, out: DataType): Scalar {
  if (fn === 'add') {
    if (typeof b === 'object' && b !== null && !(b instanceof Uint8Array)) return addInterval(a, b, 1, out);
    if (typeof a === 'object' && a !== null && !(a instanceof Uint8Array)) return addInterval(b, a, 1, out);
    if (out === 'date') return Number(a) + Number(b);
    if (out === 'timestamp') return BigInt(a as bigint) + BigInt(b as bigint);
  }
  if (fn === 'sub') {
    if (typeof b === 'object' && b !== null && !(b instanceof Uint8Array)) {
      if (typeof a === 'object' && a !== null && !(a instanceof Uint8Array)) {
        const x = a as Interval;
        const y = b as Interval;
        return { months: x.months - y.months, nanos: x.nanos - y.nanos };
      }
      return addInterval(a, b, -1, out);
    }
    if (out === 'interval') return { months: 0, nanos: (a as bigint) - (b as bigint) };
    if (out === 'int64') return BigInt(Number(a) - Number(b));
    if (out === 'date') return Number(a) - Number(b);
    if (out === 'timestamp') return (a as bigint) - BigInt(b as bigint);
  }
  if (fn === 'add' && out === 'interval') {
    const x = a as Interval;
    const y = b as Interval;
    return { months: x.months + y.months, nanos: x.nanos + y.nanos };
  }
  throw new PyralogError('TYPE_MISMATCH', `cannot ${fn} these temporal values`, { phase: 'execute' });
}

export function arith(fn: 'add' | 'sub' | 'mul') {
  return (args: readonly CompiledExpr[], outType: DataType) => {
    const [ea, eb] = args as [CompiledExpr, CompiledExpr];
    const temporalArgs = [ea.type, eb.type].some((t) => t === 'date' || t === 'timestamp' || t === 'interval');
    return (c: Chunk): Column => {
      const x = ea.eval(c);
      const y = eb.eval(c);
      if (outType === 'float64') return floatBinary(fn, x, y, c);
      if (outType === 'null') return makeColumn('null', allocBytes(c.length), allocBytes(c.length), c.length);
      if (temporalArgs) return mapScalars(c, [x, y], outType, ([p, q]) => temporal(fn, p as Scalar, q as Scalar, outType));
      return intBinary(fn, x, y, c);
    };
  };
}

/** div: true division, always float64; x / 0 -> NULL. */
export function divFloat(args: readonly CompiledExpr[]) {
  const [ea, eb] = args as [CompiledExpr, CompiledExpr];
  return (c: Chunk): Column => {
    const x = ea.eval(c);
    const y = eb.eval(c);
    const a = asF64(x, c);
    const b = asF64(y, c);
    const valid = combineValid([x, y], c) ?? allocBytes(c.length).fill(1);
    const out = allocF64(c.length);
    const sel = c.sel;
    const n = selCount(c);
    for (let k = 0; k < n; k++) {
      const i = sel === null ? k : (sel[k] as number);
      const d = b[i] as number;
      if (d === 0) valid[i] = 0;
      else out[i] = (a[i] as number) / d;
    }
    return makeColumn('float64', out, valid, c.length);
  };
}

/** div_int (truncating) and mod (sign of the dividend); by zero -> NULL. */
export function intDivMod(fn: 'div_int' | 'mod') {
  return (args: readonly CompiledExpr[], outType: DataType) => {
    const [ea, eb] = args as [CompiledExpr, CompiledExpr];
    return (c: Chunk): Column => {
      const x = ea.eval(c);
      const y = eb.eval(c);
      const valid = combineValid([x, y], c) ?? allocBytes(c.length).fill(1);
      const out = allocValues(outType, c.length);
      const sel = c.sel;
      const n = selCount(c);
      const bothInt = x.type !== 'float64' && y.type !== 'float64';
      if (bothInt && x.type !== 'null' && y.type !== 'null') {
        const a = x.values as BigInt64Array;
        const b = y.values as BigInt64Array;
        const o = out as BigInt64Array;
        for (let k = 0; k < n; k++) {
          const i = sel === null ? k : (sel[k] as number);
          if (valid[i] === 0) continue;
          const d = b[i] as bigint;
          if (d === 0n) { valid[i] = 0; continue; }
          o[i] = fn === 'mod' ? (a[i] as bigint) % d : checkInt64((a[i] as bigint) / d);
        }
      } else {
        const a = asF64(x, c);
        const b = asF64(y, c);
        for (let k = 0; k < n; k++) {
          const i = sel === null ? k : (sel[k] as number);
          if (valid[i] === 0) continue;
          const d = b[i] as number;
          if (d === 0) { valid[i] = 0; continue; }
          const r = fn === 'mod' ? (a[i] as number) % d : Math.trunc((a[i] as number) / d);
          if (outType === 'int64') {
            if (!Number.isFinite(r)) { valid[i] = 0; continue; }
            (out as BigInt64Array)[i] = checkInt64(BigInt(r));
          } else (out as Float64Array)[i] = r;
        }
      }
      return makeColumn(outType, out, valid, c.length);
    };
  };
}

export { NS_PER_DAY };
