/**
 * Selection-vector kernels: AND (intersection) and OR (union) of two
 * ascending row lists, and gather of fixed-width values by a row list. The
 * WebAssembly kernel (assembly/selection.as) runs on heap-resident inputs,
 * the JS twin otherwise; results are identical and in ordinary memory.
 */
import { inColumnHeap } from '../../memory/wasm-heap.js';
import { defaultKernels, type Kernels } from './kernel-module.js';
import { placeCost, scratch } from './kernel-scratch.js';

export function selectionAndJs(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length));
  let i = 0;
  let j = 0;
  let m = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) out[m++] = x;
    if (x <= y) i++;
    if (y <= x) j++;
  }
  return out.slice(0, m);
}

export function selectionOrJs(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let m = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    out[m++] = x < y ? x : y;
    if (x <= y) i++;
    if (y <= x) j++;
  }
  while (i < a.length) out[m++] = a[i++]!;
  while (j < b.length) out[m++] = b[j++]!;
  return out.slice(0, m);
}

function merge(and: boolean, a: Int32Array, b: Int32Array, k: Kernels | null): Int32Array {
  const outLen = and ? Math.min(a.length, b.length) : a.length + b.length;
  // worth it only when one side is already in the heap (else the copies cost as much as the merge)
  if (k === null || outLen === 0 || !(inColumnHeap(a) || inColumnHeap(b)) || !scratch.reserve(placeCost(a, a.length * 4) + placeCost(b, b.length * 4) + outLen * 4 + 16)) {
    return and ? selectionAndJs(a, b) : selectionOrJs(a, b);
  }
  const ap = scratch.place(a, a.length * 4);
  const bp = scratch.place(b, b.length * 4);
  const out = scratch.take(outLen * 4);
  const m = and ? k.sel_and(ap, a.length, bp, b.length, out) : k.sel_or(ap, a.length, bp, b.length, out);
  return scratch.i32(out, m).slice();
}

/** Rows in both ascending lists. */
export function selectionAnd(a: Int32Array, b: Int32Array, k: Kernels | null = defaultKernels()): Int32Array {
  return merge(true, a, b, k);
}

/** Rows in either ascending list, without repeats. */
export function selectionOr(a: Int32Array, b: Int32Array, k: Kernels | null = defaultKernels()): Int32Array {
  return merge(false, a, b, k);
}

export function gatherJs<T extends Float64Array | BigInt64Array | Int32Array>(src: T, idx: Int32Array, n: number, dst: T): void {
  if (src instanceof Int32Array) {
    for (let k = 0; k < n; k++) (dst as Int32Array)[k] = src[idx[k]!]!;
    return;
  }
  // 8-byte values as int32 halves: no BigInt per row
  const s = new Int32Array(src.buffer, src.byteOffset, src.length * 2);
  const d = new Int32Array(dst.buffer, dst.byteOffset, n * 2);
  for (let k = 0; k < n; k++) {
    const i = idx[k]! * 2;
    d[2 * k] = s[i]!;
    d[2 * k + 1] = s[i + 1]!;
  }
}

/** dst[k] = src[idx[k]] for k < n (indices must be valid rows of src). */
export function gatherFixed<T extends Float64Array | BigInt64Array | Int32Array>(src: T, idx: Int32Array, n: number, dst: T, k: Kernels | null = defaultKernels()): void {
  const width = src instanceof Int32Array ? 4 : 8;
  if (k === null || n === 0 || !inColumnHeap(src) || !scratch.reserve(placeCost(idx, n * 4) + placeCost(dst, n * width) + 16)) {
    gatherJs(src, idx, n, dst);
    return;
  }
  const ip = scratch.place(idx, n * 4);
  const resident = inColumnHeap(dst);
  const dp = resident ? dst.byteOffset : scratch.take(n * width);
  if (width === 4) k.gather_32(src.byteOffset, ip, n, dp);
  else k.gather_64(src.byteOffset, ip, n, dp);
  if (!resident) new Uint8Array(dst.buffer, dst.byteOffset, n * width).set(scratch.u8(dp, n * width));
}
