/**
 * Aggregate kernels over one column as the executor calls them: float64 sum,
 * exact int64 sum (as halves), count of present values, float64 and int64
 * min/max — each over the rows of an optional selection, skipping NULLs of
 * an optional validity byte map. The WebAssembly SIMD kernel
 * (assembly/aggregate.as) runs when the values live in the column heap, the
 * JS twin here otherwise; both give bit-identical results:
 *
 * - float64 sum: the k-th visited row goes to lane k % 4, the result is
 *   (lane0 + lane2) + (lane1 + lane3), then the last n % 4 rows in order.
 *   Both paths add in exactly this order, so the sum does not depend on
 *   which one ran (it may differ, within ordinary rounding, from a plain
 *   left-to-right sum: at most (n − 1)·ε·Σ|x| apart, ε = 2^−53).
 * - min/max in the value order (NaN above every number, −0 = +0), the first
 *   visited of equal values winning (so min of [0, −0] is 0, of [−0, 0] −0).
 */
import { inColumnHeap } from '../../memory/wasm-heap.js';
import { defaultKernels, type Kernels } from './kernel-module.js';
import { placeCost, scratch } from './kernel-scratch.js';

/** Reserves and places the optional inputs; null when the kernel cannot run. */
function placeInputs(k: Kernels | null, values: ArrayBufferView, valid: Uint8Array | null, sel: Int32Array | null, n: number, rows: number, outBytes: number): { vp: number; sp: number; out: number } | null {
  if (k === null || n === 0 || !inColumnHeap(values)) return null;
  if (!scratch.reserve(placeCost(valid, rows) + placeCost(sel, n * 4) + outBytes + 16)) return null;
  const vp = valid === null ? 0 : scratch.place(valid, rows);
  const sp = sel === null ? 0 : scratch.place(sel, n * 4);
  return { vp, sp, out: outBytes > 0 ? scratch.take(outBytes) : 0 };
}

// ---- float64 sum ------------------------------------------------------------------

/** The JS twin of sum_f64 (same lanes, same order). */
export function sumF64Js(x: Float64Array, valid: Uint8Array | null, sel: Int32Array | null, n: number): number {
  const n4 = n & ~3;
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  if (sel === null && valid === null) {
    for (let i = 0; i < n4; i += 4) {
      a0 += x[i]!;
      a1 += x[i + 1]!;
      a2 += x[i + 2]!;
      a3 += x[i + 3]!;
    }
  } else {
    for (let k = 0; k < n4; k += 4) {
      const i0 = sel === null ? k : sel[k]!;
      const i1 = sel === null ? k + 1 : sel[k + 1]!;
      const i2 = sel === null ? k + 2 : sel[k + 2]!;
      const i3 = sel === null ? k + 3 : sel[k + 3]!;
      a0 += valid === null || valid[i0] !== 0 ? x[i0]! : 0;
      a1 += valid === null || valid[i1] !== 0 ? x[i1]! : 0;
      a2 += valid === null || valid[i2] !== 0 ? x[i2]! : 0;
      a3 += valid === null || valid[i3] !== 0 ? x[i3]! : 0;
    }
  }
  let r = a0 + a2 + (a1 + a3);
  for (let k = n4; k < n; k++) {
    const i = sel === null ? k : sel[k]!;
    if (valid === null || valid[i] !== 0) r += x[i]!;
  }
  return r;
}

/** Sum of the visited present rows of a float64 column (+0 when there is none). */
export function sumF64(x: Float64Array, valid: Uint8Array | null, sel: Int32Array | null, n: number, k: Kernels | null = defaultKernels()): number {
  const p = placeInputs(k, x, valid, sel, n, x.length, 0);
  return p === null ? sumF64Js(x, valid, sel, n) : (k as Kernels).sum_f64(x.byteOffset, p.vp, p.sp, n);
}

// ---- count --------------------------------------------------------------------------

export function countValidJs(valid: Uint8Array, sel: Int32Array | null, n: number): number {
  let c = 0;
  if (sel === null) for (let i = 0; i < n; i++) c += valid[i]!;
  else for (let k = 0; k < n; k++) c += valid[sel[k]!]!;
  return c;
}

/** How many visited rows are present in `valid` (bytes 0/1). */
export function countValid(valid: Uint8Array, sel: Int32Array | null, n: number, k: Kernels | null = defaultKernels()): number {
  const p = placeInputs(k, valid, null, sel, n, valid.length, 0);
  return p === null ? countValidJs(valid, sel, n) : (k as Kernels).count_valid(valid.byteOffset, p.sp, n);
}

// ---- int64 sum ------------------------------------------------------------------------

/**
 * The exact int64 sum as halves: total = hi · 2^32 + lo, lo the sum of the
 * unsigned low words, hi of the signed high words (both exact doubles for
 * fewer than 2^21 rows); `count` = rows summed.
 */
export interface Int64SumParts {
  readonly lo: number;
  readonly hi: number;
  readonly count: number;
}

/** Most rows one int64 sum call takes (keeps lo below 2^53). */
export const SUM_I64_MAX_ROWS = 1 << 20;

export function sumI64Js(x: BigInt64Array, valid: Uint8Array | null, sel: Int32Array | null, n: number): Int64SumParts {
  const d = new Int32Array(x.buffer, x.byteOffset, x.length * 2);
  let lo = 0;
  let hi = 0;
  let count = 0;
  for (let k = 0; k < n; k++) {
    const i = sel === null ? k : sel[k]!;
    if (valid !== null && valid[i] === 0) continue;
    lo += d[2 * i]! >>> 0;
    hi += d[2 * i + 1]!;
    count++;
  }
  return { lo, hi, count };
}

/** Exact sum of at most SUM_I64_MAX_ROWS visited present rows of an int64 column. */
export function sumI64(x: BigInt64Array, valid: Uint8Array | null, sel: Int32Array | null, n: number, k: Kernels | null = defaultKernels()): Int64SumParts {
  const p = n > SUM_I64_MAX_ROWS ? null : placeInputs(k, x, valid, sel, n, x.length, 16);
  if (p === null) return sumI64Js(x, valid, sel, n);
  (k as Kernels).sum_i64(x.byteOffset, p.vp, p.sp, n, p.out);
  const r = scratch.i64(p.out, 2);
  const lo = Number(r[0]!);
  const hi = Number(r[1]!);
  return { lo, hi, count: valid === null ? n : countValid(valid, sel, n, k) };
}

// ---- min / max -----------------------------------------------------------------------

/** The JS twin of minmax_f64: null when no row is present. */
export function minMaxF64Js(isMax: boolean, x: Float64Array, valid: Uint8Array | null, sel: Int32Array | null, n: number): number | null {
  let seen = false;
  let cur = 0;
  for (let k = 0; k < n; k++) {
    const i = sel === null ? k : sel[k]!;
    if (valid !== null && valid[i] === 0) continue;
    const v = x[i]!;
    if (!seen) { seen = true; cur = v; continue; }
    if (isMax ? v > cur || (v !== v && cur === cur) : v < cur || (cur !== cur && v === v)) cur = v;
  }
  return seen ? cur : null;
}

/** float64 min (isMax false) or max of the visited present rows, null when none. */
export function minMaxF64(isMax: boolean, x: Float64Array, valid: Uint8Array | null, sel: Int32Array | null, n: number, k: Kernels | null = defaultKernels()): number | null {
  const p = placeInputs(k, x, valid, sel, n, x.length, 8);
  if (p === null) return minMaxF64Js(isMax, x, valid, sel, n);
  return (k as Kernels).minmax_f64(isMax ? 1 : 0, x.byteOffset, p.vp, p.sp, n, p.out) === 0 ? null : scratch.f64(p.out, 1)[0]!;
}

export function minMaxI64Js(isMax: boolean, x: BigInt64Array, valid: Uint8Array | null, sel: Int32Array | null, n: number): bigint | null {
  let cur: bigint | null = null;
  for (let k = 0; k < n; k++) {
    const i = sel === null ? k : sel[k]!;
    if (valid !== null && valid[i] === 0) continue;
    const v = x[i]!;
    if (cur === null || (isMax ? v > cur : v < cur)) cur = v;
  }
  return cur;
}

/** int64 min or max of the visited present rows, null when none. */
export function minMaxI64(isMax: boolean, x: BigInt64Array, valid: Uint8Array | null, sel: Int32Array | null, n: number, k: Kernels | null = defaultKernels()): bigint | null {
  const p = placeInputs(k, x, valid, sel, n, x.length, 8);
  if (p === null) return minMaxI64Js(isMax, x, valid, sel, n);
  return (k as Kernels).minmax_i64(isMax ? 1 : 0, x.byteOffset, p.vp, p.sp, n, p.out) === 0 ? null : scratch.i64(p.out, 1)[0]!;
}
