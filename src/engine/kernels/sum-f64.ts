/**
 * Sum of a float64 column: a WebAssembly SIMD kernel that reads the column
 * in place when it lives in the column heap (two f64x2 accumulators, i.e.
 * four lanes, then the tail), and a JS loop with exactly the same order of
 * additions for buffers elsewhere, so both give bit-identical results.
 * NULL slots must be masked out by the caller (this sums every slot).
 */
import { inColumnHeap } from '../../memory/wasm-heap.js';
import { F64, I32, V128, instantiateKernels, kernelModule, sleb } from './wasm-module.js';

const get = (i: number): number[] => [0x20, i];
const set = (i: number): number[] => [0x21, i];
const i32 = (n: number): number[] => [0x41, ...sleb(n)];
const v128Load = (offset: number): number[] => [0xfd, 0x00, 0x03, offset];
const F64X2_ADD = [0xfd, 0xf0, 0x01];
const lane = (l: number): number[] => [0xfd, 0x21, l];
const F64_ADD = 0xa0;

// params: 0 = address, 1 = count; locals: 2, 3 = v128 accumulators, 4 = end of the SIMD part, 5 = end, 6 = f64 result.
const SUM_F64 = [
  ...get(0), ...get(1), ...i32(-4), 0x71, ...i32(3), 0x74, 0x6a, ...set(4),
  0x02, 0x40, 0x03, 0x40,
  ...get(0), ...get(4), 0x4f, 0x0d, 0x01,
  ...get(2), ...get(0), ...v128Load(0), ...F64X2_ADD, ...set(2),
  ...get(3), ...get(0), ...v128Load(16), ...F64X2_ADD, ...set(3),
  ...get(0), ...i32(32), 0x6a, ...set(0),
  0x0c, 0x00, 0x0b, 0x0b,
  ...get(2), ...get(3), ...F64X2_ADD, ...set(2),
  ...get(2), ...lane(0), ...get(2), ...lane(1), F64_ADD, ...set(6),
  ...get(4), ...get(1), ...i32(3), 0x71, ...i32(3), 0x74, 0x6a, ...set(5),
  0x02, 0x40, 0x03, 0x40,
  ...get(0), ...get(5), 0x4f, 0x0d, 0x01,
  ...get(6), ...get(0), 0x2b, 0x03, 0x00, F64_ADD, ...set(6),
  ...get(0), ...i32(8), 0x6a, ...set(0),
  0x0c, 0x00, 0x0b, 0x0b,
  ...get(6),
];

type SumFn = (address: number, count: number) => number;
let kernel: SumFn | null | undefined;

function wasmSum(): SumFn | null {
  if (kernel === undefined) {
    const exports = instantiateKernels(
      kernelModule([{ name: 'sum_f64', params: [I32, I32], results: [F64], locals: [[2, V128], [2, I32], [1, F64]], code: SUM_F64 }]),
    );
    kernel = (exports?.['sum_f64'] as SumFn | undefined) ?? null;
  }
  return kernel;
}

/** The JS version, same order of additions as the kernel. */
export function sumFloat64Js(x: Float64Array): number {
  const n = x.length;
  const m = n & ~3;
  let a0 = 0;
  let a1 = 0;
  let b0 = 0;
  let b1 = 0;
  for (let i = 0; i < m; i += 4) {
    a0 += x[i]!;
    a1 += x[i + 1]!;
    b0 += x[i + 2]!;
    b1 += x[i + 3]!;
  }
  let r = a0 + b0 + (a1 + b1);
  for (let i = m; i < n; i++) r += x[i]!;
  return r;
}

/** Sum of every slot of `x`: in place with SIMD when `x` is in the column heap, else the JS loop. */
export function sumFloat64(x: Float64Array): number {
  const f = inColumnHeap(x) ? wasmSum() : null;
  return f === null ? sumFloat64Js(x) : f(x.byteOffset, x.length);
}

/** True when the SIMD kernel could be instantiated here. */
export function simdSumAvailable(): boolean {
  return wasmSum() !== null;
}
