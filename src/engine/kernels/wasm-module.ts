/**
 * A minimal WebAssembly binary writer for hand-written kernels: LEB128
 * numbers, sections, and a module shape that imports the column heap's
 * shared memory (`env.memory`) and exports functions. Kernels are small
 * enough that writing their bytes here beats a build-time toolchain.
 */
import { columnHeapMemory, type WasmMemory } from '../../memory/wasm-heap.js';

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const name = (s: string): number[] => [...uleb(s.length), ...Buffer.from(s, 'utf8')];
const section = (id: number, body: readonly number[]): number[] => [id, ...uleb(body.length), ...body];
const vec = (items: readonly (readonly number[])[]): number[] => [...uleb(items.length), ...items.flat()];

export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

export interface KernelFunction {
  readonly name: string;
  readonly params: readonly number[];
  readonly results: readonly number[];
  /** Local declarations after the params: [count, type] pairs. */
  readonly locals: readonly (readonly [number, number])[];
  /** The body's instructions, without the final `end`. */
  readonly code: readonly number[];
}

/** The bytes of a module importing `env.memory` (shared, up to 4 GiB) and exporting `fns`. */
export function kernelModule(fns: readonly KernelFunction[]): Uint8Array {
  const types = fns.map((f) => [0x60, ...vec(f.params.map((p) => [p])), ...vec(f.results.map((r) => [r]))]);
  const memoryImport = [...name('env'), ...name('memory'), 0x02, 0x03, ...uleb(1), ...uleb(65536)];
  const bodies = fns.map((f) => {
    const body = [...vec(f.locals.map(([count, type]) => [...uleb(count), type])), ...f.code, 0x0b];
    return [...uleb(body.length), ...body];
  });
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec([memoryImport])),
    ...section(3, vec(fns.map((_, i) => uleb(i)))),
    ...section(7, vec(fns.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(bodies)),
  ]);
}

interface WasmInstanceApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/**
 * Instantiates a kernel module over the column heap's memory; null when the
 * heap or WebAssembly SIMD is unavailable (callers use their JS fallback).
 */
export function instantiateKernels(bytes: Uint8Array): Record<string, unknown> | null {
  const memory: WasmMemory | null = columnHeapMemory();
  if (memory === null) return null;
  try {
    const Wasm = (globalThis as unknown as { WebAssembly: WasmInstanceApi }).WebAssembly;
    return new Wasm.Instance(new Wasm.Module(bytes), { env: { memory } }).exports;
  } catch {
    return null;
  }
}
