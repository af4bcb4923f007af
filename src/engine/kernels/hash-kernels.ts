/**
 * Hashing of int64 key columns for the hash tables: the WebAssembly SIMD
 * kernel (assembly/hash.as) when the keys live in the column heap, else the
 * JS twin here; both compute exactly the JS hash of hash/key-store.ts
 * (x = fmix32(lo ^ imul(hi, 0x9e3779b1)), NULL → 0x5bd1e995, mixed into the
 * row hash as fmix32(imul(h, 31) + x)), so tables built on one path are
 * probed correctly from the other.
 */
import { inColumnHeap } from '../../memory/wasm-heap.js';
import { fmix32 } from '../../util/hash32.js';
import { defaultKernels, type Kernels } from './kernel-module.js';
import { placeCost, scratch } from './kernel-scratch.js';

export const NULL_KEY_HASH = 0x5bd1e995;
const GOLDEN = 0x9e3779b1;

/** The hash of one int64 key given as its (lo, hi) int32 halves. */
export function hashInt64Halves(lo: number, hi: number): number {
  return fmix32(lo ^ Math.imul(hi, GOLDEN));
}

/** Mixes one column's hash `x` into a running row hash. */
export function combineHash(h: number, x: number): number {
  return fmix32(Math.imul(h, 31) + x);
}

export function hashInt64Js(x: BigInt64Array, valid: Uint8Array | null, sel: Int32Array | null, n: number, h: Int32Array, combine: boolean): void {
  const d = new Int32Array(x.buffer, x.byteOffset, x.length * 2);
  for (let k = 0; k < n; k++) {
    const i = sel === null ? k : sel[k]!;
    const v = valid !== null && valid[i] === 0 ? NULL_KEY_HASH : fmix32(d[2 * i]! ^ Math.imul(d[2 * i + 1]!, GOLDEN));
    h[k] = combine ? fmix32(Math.imul(h[k]!, 31) + v) : v;
  }
}

/**
 * h[k] = the hash of visited row k of `x` (combine false), or h[k] mixed
 * with it (combine true), for k < n.
 */
export function hashInt64(x: BigInt64Array, valid: Uint8Array | null, sel: Int32Array | null, n: number, h: Int32Array, combine: boolean, k: Kernels | null = defaultKernels()): void {
  const rows = x.length;
  if (k === null || n === 0 || !inColumnHeap(x) || !scratch.reserve(placeCost(valid, rows) + placeCost(sel, n * 4) + placeCost(h, n * 4) + 16)) {
    hashInt64Js(x, valid, sel, n, h, combine);
    return;
  }
  const vp = valid === null ? 0 : scratch.place(valid, rows);
  const sp = sel === null ? 0 : scratch.place(sel, n * 4);
  const resident = inColumnHeap(h);
  const hp = resident ? h.byteOffset : combine ? scratch.place(h, n * 4) : scratch.take(n * 4);
  k.hash_i64(x.byteOffset, vp, sp, n, hp, combine ? 1 : 0);
  if (!resident) h.set(scratch.i32(hp, n));
}
