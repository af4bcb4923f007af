/**
 * Sum of every slot of a float64 column (no NULL mask): the float64 sum
 * kernel of aggregate-kernels.ts, in place with WebAssembly SIMD when the
 * column lives in the column heap, else its same-order JS twin (so both are
 * bit-identical). Kept as the column heap benchmark's entry (bench/heap.ts).
 */
import { defaultKernels } from './kernel-module.js';
import { sumF64, sumF64Js } from './aggregate-kernels.js';

/** The JS version, same order of additions as the kernel. */
export function sumFloat64Js(x: Float64Array): number {
  return sumF64Js(x, null, null, x.length);
}

/** Sum of every slot of `x`: in place with SIMD when `x` is in the column heap, else the JS loop. */
export function sumFloat64(x: Float64Array): number {
  return sumF64(x, null, null, x.length);
}

/** True when the SIMD kernels could be instantiated here. */
export function simdSumAvailable(): boolean {
  return defaultKernels() !== null;
}
