/**
 * Kernels of comparison, NULL-test, three-valued logic and NULL-handling
 * functions: eq ne lt le gt ge, is_null is_not_null, is_distinct_from
 * is_not_distinct_from, and or not, coalesce nullif. int64 and float64
 * column pairs compare through engine/kernels (WebAssembly SIMD on
 * heap-resident columns, a JS twin otherwise); strings compare by code point.
 */
import type { DataType, Scalar } from '../../../types/data-type.js';
import { allocValues, getScalar, makeColumn, nullColumn, type Column } from '../column.js';
import type { Chunk } from '../chunk.js';
import { combineValid, genLoop, mapScalars, selCount, type CompiledExpr } from './kernel-util.js';
import { compareColumnsInto } from '../../kernels/compare-kernels.js';
import { compareCodePoints, compareValues } from '../../../types/value-order.js';
import { asF64 } from './fn-arithmetic.js';
import { allocBytes } from '../buffers.js';

export type CmpFn = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

const JS_OP: Readonly<Record<CmpFn, string>> = { eq: '===', ne: '!==', lt: '<', le: '<=', gt: '>', ge: '>=' };

/** Whether a three-way comparison result satisfies `fn`. */
export function cmpHolds(fn: CmpFn, r: number): boolean {
  switch (fn) {
    case 'eq': return r === 0;
    case 'ne': return r !== 0;
    case 'lt': return r < 0;
    case 'le': return r <= 0;
    case 'gt': return r > 0;
    case 'ge': return r >= 0;
  }
}

const FIXED = new Set<DataType>(['date', 'bool']);
const INT64ISH = new Set<DataType>(['int64', 'timestamp']);

/** Compares two evaluated columns row by row (NULL if either is NULL). */
export function compareColumns(fn: CmpFn, x: Column, y: Column, c: Chunk): Column {
  const valid = combineValid([x, y], c);
  if (x.type === 'null' || y.type === 'null') return nullColumn('bool', c.length);
  const out = allocBytes(c.length);
  const n = selCount(c);
  if (INT64ISH.has(x.type) && INT64ISH.has(y.type)) {
    compareColumnsInto('i64', fn, x.values as BigInt64Array, y.values as BigInt64Array, c.sel, n, out);
  } else if (x.type === 'float64' && y.type === 'float64') {
    // NaN equal to itself and above every number (as compareValues and PostgreSQL)
    compareColumnsInto('f64', fn, x.values as Float64Array, y.values as Float64Array, c.sel, n, out);
  } else if (FIXED.has(x.type) && x.type === y.type) {
    genLoop(`a[i] ${JS_OP[fn]} b[i] ? 1 : 0`)(x.values, y.values, out, c.sel, n);
  } else if ((x.type === 'float64' && y.type === 'int64') || (x.type === 'int64' && y.type === 'float64')) {
    // numeric compare; exact unless the int64 exceeds 2^53, then via compareValues
    const a = asF64(x, c);
    const b = asF64(y, c);
    const sel = c.sel;
    for (let k = 0; k < n; k++) {
      const i = sel === null ? k : (sel[k] as number);
      const p = a[i] as number;
      const q = b[i] as number;
      const big = x.type === 'int64' ? Math.abs(p) >= 2 ** 53 : Math.abs(q) >= 2 ** 53;
      const r = big ? compareValues(getScalar(x, i) ?? 0, getScalar(y, i) ?? 0) : p < q ? -1 : p > q ? 1 : p === q ? 0 : Number.isNaN(p) ? 1 : -1;
      out[i] = cmpHolds(fn, r) ? 1 : 0;
    }
  } else if (x.type === 'utf8' && y.type === 'utf8') {
    const a = x.values as string[];
    const b = y.values as string[];
    const sel = c.sel;
    if (fn === 'eq' || fn === 'ne') {
      const want = fn === 'eq';
      for (let k = 0; k < n; k++) {
        const i = sel === null ? k : (sel[k] as number);
        out[i] = (a[i] === b[i]) === want ? 1 : 0;
      }
    } else {
      for (let k = 0; k < n; k++) {
        const i = sel === null ? k : (sel[k] as number);
        out[i] = cmpHolds(fn, compareCodePoints(a[i] as string, b[i] as string)) ? 1 : 0;
      }
    }
  } else {
    return mapScalars(c, [x, y], 'bool', ([p, q]) => cmpHolds(fn, compareValues(p as Scalar, q as Scalar)));
  }
  return makeColumn('bool', out, valid, c.length);
}

export function comparison(fn: CmpFn) {
  return (args: readonly CompiledExpr[]) => {
    const [ea, eb] = args as [CompiledExpr, CompiledExpr];
    return (c: Chunk): Column => compareColumns(fn, ea.eval(c), eb.eval(c), c);
  };
}

export function nullTest(wantNull: boolean) {
  return (args: readonly CompiledExpr[]) => {
    const [ea] = args as [CompiledExpr];
    return (c: Chunk): Column => {
      const x = ea.eval(c);
      const out = allocBytes(c.length);
      if (x.valid === null) {
        if (!wantNull) out.fill(1);
      } else {
        const v = x.valid;
        genLoop(wantNull ? '1 - a[i]' : 'a[i]')(v, null, out, c.sel, selCount(c));
      }
      return makeColumn('bool', out, null, c.length);
    };
  };
}

export function distinctFrom(negate: boolean) {
  return (args: readonly CompiledExpr[]) => {
    const [ea, eb] = args as [CompiledExpr, CompiledExpr];
    return (c: Chunk): Column => {
      const x = ea.eval(c);
      const y = eb.eval(c);
      const eq = compareColumns('eq', x, y, c);
      const out = allocBytes(c.length);
      const sel = c.sel;
      const n = selCount(c);
      for (let k = 0; k < n; k++) {
        const i = sel === null ? k : (sel[k] as number);
        const xn = x.valid !== null && x.valid[i] === 0;
        const yn = y.valid !== null && y.valid[i] === 0;
        const same = xn || yn ? xn === yn : (eq.values as Uint8Array)[i] === 1;
        out[i] = same === negate ? 1 : 0;
      }
      return makeColumn('bool', out, null, c.length);
    };
  };
}

/** SQL three-valued AND / OR over any number of arguments. */
export function logic(fn: 'and' | 'or') {
  const dominant = fn === 'and' ? 0 : 1;
  return (args: readonly CompiledExpr[]) => (c: Chunk): Column => {
    const cols = args.map((a) => a.eval(c));
    const out = allocBytes(c.length);
    const valid = allocBytes(c.length);
    const sel = c.sel;
    const n = selCount(c);
    for (let k = 0; k < n; k++) {
      const i = sel === null ? k : (sel[k] as number);
      let sawNull = false;
      let decided = false;
      for (const col of cols) {
        if (col.valid !== null && col.valid[i] === 0) { sawNull = true; continue; }
        if (col.type === 'null') { sawNull = true; continue; }
        if ((col.values as Uint8Array)[i] === dominant) { decided = true; break; }
      }
      if (decided) { out[i] = dominant; valid[i] = 1; }
      else if (!sawNull) { out[i] = 1 - dominant; valid[i] = 1; }
    }
    return makeColumn('bool', out, valid, c.length);
  };
}

export function not(args: readonly CompiledExpr[]) {
  const [ea] = args as [CompiledExpr];
  return (c: Chunk): Column => {
    const x = ea.eval(c);
    if (x.type === 'null') return nullColumn('bool', c.length);
    const out = allocBytes(c.length);
    genLoop('1 - a[i]')(x.values, null, out, c.sel, selCount(c));
    return makeColumn('bool', out, x.valid, c.length);
  };
}

/** A column converted to `type` where the conversion is implicit (null -> any, int64 -> float64). */
export function coerce(col: Column, type: DataType, c: Chunk): Column {
  if (col.type === type) return col;
  if (col.type === 'null') return nullColumn(type, c.length);
  if (type === 'float64' && col.type === 'int64') return makeColumn('float64', asF64(col, c), col.valid, c.length);
  return mapScalars(c, [col], type, ([v]) => v as Scalar);
}

/** Picks, per row, the value of the first column in `cols` whose `pick(i)` holds. */
export function selectRows(out: DataType, cols: readonly Column[], c: Chunk, choose: (i: number) => number): Column {
  const values = allocValues(out, c.length) as unknown as { [k: number]: unknown };
  const valid = allocBytes(c.length);
  const sel = c.sel;
  const n = selCount(c);
  for (let k = 0; k < n; k++) {
    const i = sel === null ? k : (sel[k] as number);
    const j = choose(i);
    if (j < 0) continue;
    const col = cols[j] as Column;
    if (col.valid !== null && col.valid[i] === 0) continue;
    values[i] = (col.values as unknown as { [k: number]: unknown })[i];
    valid[i] = 1;
  }
  return makeColumn(out, values as unknown as Uint8Array, valid, c.length);
}

export function coalesce(args: readonly CompiledExpr[], out: DataType) {
  return (c: Chunk): Column => {
    const cols = args.map((a) => coerce(a.eval(c), out, c));
    return selectRows(out, cols, c, (i) => {
      for (let j = 0; j < cols.length; j++) {
        const v = (cols[j] as Column).valid;
        if (v === null || v[i] === 1) return j;
      }
      return -1;
    });
  };
}

export function nullif(args: readonly CompiledExpr[], out: DataType) {
  const [ea, eb] = args as [CompiledExpr, CompiledExpr];
  return (c: Chunk): Column => {
    const x = coerce(ea.eval(c), out, c);
    const eq = compareColumns('eq', x, eb.eval(c), c);
    return selectRows(out, [x], c, (i) => (eq.valid === null || eq.valid[i] === 1) && (eq.values as Uint8Array)[i] === 1 ? -1 : 0);
  };
}
