/**
 * Comparison kernels as the executor calls them: a fixed-width column
 * against a constant into a selection vector, and two columns row by row
 * into a byte map. Each runs the WebAssembly SIMD kernel (assembly/compare.as,
 * compare-columns.as) when the column values live in the column heap, else
 * its JS twin here; both give identical results (the property tests check).
 *
 * Value order (types/value-order.ts): −0 = +0; NaN equals NaN and is above
 * every number. The constant of `selectCompare` is never NaN (callers take
 * their generic path for a NaN constant).
 */
import { inColumnHeap } from '../../memory/wasm-heap.js';
import { defaultKernels, type Kernels } from './kernel-module.js';
import { placeCost, scratch } from './kernel-scratch.js';

export type CmpOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
/** Physical layouts: float64, int64 (and timestamp), int32 (date). */
export type FixedKind = 'f64' | 'i64' | 'i32';
export type FixedValues = Float64Array | BigInt64Array | Int32Array;

export const OP_CODE: Readonly<Record<CmpOp, number>> = { eq: 0, ne: 1, lt: 2, le: 3, gt: 4, ge: 5 };
const JS_OP: Readonly<Record<CmpOp, string>> = { eq: '===', ne: '!==', lt: '<', le: '<=', gt: '>', ge: '>=' };

// ---- the JS twins -----------------------------------------------------------

/** Writes selected physical rows into `out`, returns their count. */
type SelectLoop = (v: ArrayLike<number>, valid: Uint8Array | null, sel: Int32Array | null, n: number, out: Int32Array, lo: number, hi: number) => number;

const selectLoops = new Map<string, SelectLoop>();

/** The condition on row `i` as JS source; `lo`/`hi` hold the constant (hi only for int64 halves). */
function constCondition(op: CmpOp, kind: FixedKind): string {
  if (kind === 'i32') return `v[i] ${JS_OP[op]} lo`;
  // A NaN value is above every number (the constant is never NaN here): > and >= hold for it.
  if (kind === 'f64') return op === 'gt' || op === 'ge' ? `(v[i] ${JS_OP[op]} lo || v[i] !== v[i])` : `v[i] ${JS_OP[op]} lo`;
  // int64 as (lo, hi) int32 halves: compare hi signed, then lo unsigned
  const eq = '(v[2*i] === lo && v[2*i+1] === hi)';
  const lt = '(v[2*i+1] < hi || (v[2*i+1] === hi && (v[2*i]>>>0) < (lo>>>0)))';
  const gt = '(v[2*i+1] > hi || (v[2*i+1] === hi && (v[2*i]>>>0) > (lo>>>0)))';
  return { eq, ne: `!${eq}`, lt, le: `!${gt}`, gt, ge: `!${lt}` }[op];
}

function selectLoop(op: CmpOp, kind: FixedKind): SelectLoop {
  const key = `${op}|${kind}`;
  let f = selectLoops.get(key);
  if (f === undefined) {
    const cond = constCondition(op, kind);
    // generated from the fixed texts above (never from user input): one monomorphic loop per operator
    f = new Function(
      'v', 'valid', 'sel', 'n', 'out', 'lo', 'hi',
      `let m = 0;
      if (valid === null) {
        if (sel === null) { for (let i = 0; i < n; i++) { if (${cond}) out[m++] = i; } }
        else { for (let k = 0; k < n; k++) { const i = sel[k]; if (${cond}) out[m++] = i; } }
      } else {
        if (sel === null) { for (let i = 0; i < n; i++) { if (valid[i] === 1 && (${cond})) out[m++] = i; } }
        else { for (let k = 0; k < n; k++) { const i = sel[k]; if (valid[i] === 1 && (${cond})) out[m++] = i; } }
      }
      return m;`,
    ) as SelectLoop;
    selectLoops.set(key, f);
  }
  return f;
}

function halves(c: bigint): [number, number] {
  const u = BigInt.asUintN(64, c);
  return [Number(u & 0xffffffffn) | 0, Number(u >> 32n) | 0];
}

let jsScratch = new Int32Array(0);

function selectCompareJs(kind: FixedKind, op: CmpOp, values: FixedValues, valid: Uint8Array | null, sel: Int32Array | null, n: number, c: number | bigint): Int32Array {
  if (jsScratch.length < n) jsScratch = new Int32Array(Math.max(n, 1024));
  let m: number;
  if (kind === 'i64') {
    const b = values as BigInt64Array;
    const [lo, hi] = halves(c as bigint);
    m = selectLoop(op, kind)(new Int32Array(b.buffer, b.byteOffset, b.length * 2), valid, sel, n, jsScratch, lo, hi);
  } else m = selectLoop(op, kind)(values as Float64Array | Int32Array, valid, sel, n, jsScratch, c as number, 0);
  return jsScratch.slice(0, m);
}

// ---- the entry points ---------------------------------------------------------

/**
 * Physical rows of `values` (within `sel`, or rows 0..n-1) that are present
 * in `valid` and satisfy `value op c`, as a fresh exact-size array in
 * ordinary memory. `c` is a bigint for 'i64', a number otherwise, never NaN.
 */
export function selectCompare(
  kind: FixedKind,
  op: CmpOp,
  values: FixedValues,
  valid: Uint8Array | null,
  sel: Int32Array | null,
  n: number,
  c: number | bigint,
  k: Kernels | null = defaultKernels(),
): Int32Array {
  if (k === null || n === 0 || !inColumnHeap(values)) return selectCompareJs(kind, op, values, valid, sel, n, c);
  const rows = values.length;
  if (!scratch.reserve(placeCost(valid, rows) + placeCost(sel, n * 4) + n * 4 + 16)) return selectCompareJs(kind, op, values, valid, sel, n, c);
  const vp = valid === null ? 0 : scratch.place(valid, rows);
  const sp = sel === null ? 0 : scratch.place(sel, n * 4);
  const out = scratch.take(n * 4);
  const code = OP_CODE[op];
  const m =
    kind === 'f64' ? k.select_f64(code, values.byteOffset, vp, sp, n, out, c as number)
    : kind === 'i64' ? k.select_i64(code, values.byteOffset, vp, sp, n, out, c as bigint)
    : k.select_i32(code, values.byteOffset, vp, sp, n, out, c as number);
  return scratch.i32(out, m).slice();
}

/** Column-versus-column byte-map loops: out[i] = 1 where a[i] op b[i]. */
type CompareLoop = (a: ArrayLike<number>, b: ArrayLike<number>, out: Uint8Array, sel: Int32Array | null, n: number) => void;
const compareLoops = new Map<string, CompareLoop>();

function columnCondition(op: CmpOp, kind: 'f64' | 'i64'): string {
  if (kind === 'i64') {
    const ah = 'a[2*i+1]';
    const bh = 'b[2*i+1]';
    const al = '(a[2*i]>>>0)';
    const bl = '(b[2*i]>>>0)';
    const eq = `(a[2*i] === b[2*i] && ${ah} === ${bh})`;
    const lt = `(${ah} < ${bh} || (${ah} === ${bh} && ${al} < ${bl}))`;
    const gt = `(${ah} > ${bh} || (${ah} === ${bh} && ${al} > ${bl}))`;
    return { eq, ne: `!${eq}`, lt, le: `!${gt}`, gt, ge: `!${lt}` }[op];
  }
  // float64 with NaN equal to itself and above every number: the plain comparison decides unless a NaN is involved
  const eq = '(a[i] === b[i] || (a[i] !== a[i] && b[i] !== b[i]))';
  const lt = '(a[i] < b[i] || (b[i] !== b[i] && a[i] === a[i]))';
  const gt = '(a[i] > b[i] || (a[i] !== a[i] && b[i] === b[i]))';
  return { eq, ne: `!${eq}`, lt, le: `!${gt}`, gt, ge: `!${lt}` }[op];
}

function compareLoop(op: CmpOp, kind: 'f64' | 'i64'): CompareLoop {
  const key = `${op}|${kind}`;
  let f = compareLoops.get(key);
  if (f === undefined) {
    const body = `(${columnCondition(op, kind)}) ? 1 : 0`;
    // generated from the fixed texts above (never from user input)
    f = new Function(
      'a', 'b', 'out', 'sel', 'n',
      `if (sel === null) { for (let i = 0; i < n; i++) { out[i] = ${body}; } }
      else { for (let k = 0; k < n; k++) { const i = sel[k]; out[i] = ${body}; } }`,
    ) as CompareLoop;
    compareLoops.set(key, f);
  }
  return f;
}

const i32view = (a: BigInt64Array): Int32Array => new Int32Array(a.buffer, a.byteOffset, a.length * 2);

/**
 * out[i] = 1 where `a[i] op b[i]`, else 0, for the physical rows in `sel`
 * (or rows 0..n-1); other bytes of `out` are left as they are. NULLs are the
 * caller's (it combines both validities).
 */
export function compareColumnsInto(
  kind: 'f64' | 'i64',
  op: CmpOp,
  a: Float64Array | BigInt64Array,
  b: Float64Array | BigInt64Array,
  sel: Int32Array | null,
  n: number,
  out: Uint8Array,
  k: Kernels | null = defaultKernels(),
): void {
  const rows = out.length;
  if (k !== null && n > 0 && inColumnHeap(a) && inColumnHeap(b) && scratch.reserve(placeCost(sel, n * 4) + rows + 16)) {
    const sp = sel === null ? 0 : scratch.place(sel, n * 4);
    const at = scratch.take(rows);
    const o = scratch.u8(at, rows);
    if (sel !== null) o.set(out);
    if (kind === 'f64') k.compare_f64(OP_CODE[op], a.byteOffset, b.byteOffset, sp, n, at);
    else k.compare_i64(OP_CODE[op], a.byteOffset, b.byteOffset, sp, n, at);
    out.set(sel === null ? o.subarray(0, n) : o);
    return;
  }
  if (kind === 'i64') compareLoop(op, kind)(i32view(a as BigInt64Array), i32view(b as BigInt64Array), out, sel, n);
  else compareLoop(op, kind)(a as Float64Array, b as Float64Array, out, sel, n);
}
