/**
 * Loads the WebAssembly SIMD kernel module (built from assembly/*.as by
 * scripts/build-kernels.mjs) over the column heap's shared memory, once per
 * process, and says whether it may be used. The kernels read and write the
 * heap in place: an address is a view's byteOffset.
 *
 * The kernels are off — every caller takes its JS twin, which gives the same
 * results — when WebAssembly SIMD is missing (feature-detected by validating
 * a tiny SIMD module), the heap is unavailable, the module was not built, or
 * the environment variable PYRALOG_SIMD is `0` / `off` (read, never written).
 * Callers take the kernel set as a parameter, so a test can force the JS path
 * by passing null without touching any process-wide state.
 */
import { readFileSync } from 'node:fs';
import { columnHeapMemory, type WasmMemory } from '../../memory/wasm-heap.js';

/** The module's exports (addresses are byte offsets in the heap; 0 = absent). */
export interface Kernels {
  select_f64(op: number, vals: number, valid: number, sel: number, n: number, out: number, c: number): number;
  select_i64(op: number, vals: number, valid: number, sel: number, n: number, out: number, c: bigint): number;
  select_i32(op: number, vals: number, valid: number, sel: number, n: number, out: number, c: number): number;
  compare_f64(op: number, a: number, b: number, sel: number, n: number, out: number): void;
  compare_i64(op: number, a: number, b: number, sel: number, n: number, out: number): void;
  sel_and(a: number, na: number, b: number, nb: number, out: number): number;
  sel_or(a: number, na: number, b: number, nb: number, out: number): number;
  gather_64(src: number, idx: number, n: number, dst: number): void;
  gather_32(src: number, idx: number, n: number, dst: number): void;
  sum_f64(vals: number, valid: number, sel: number, n: number): number;
  count_valid(valid: number, sel: number, n: number): number;
  sum_i64(vals: number, valid: number, sel: number, n: number, out: number): void;
  minmax_f64(isMax: number, vals: number, valid: number, sel: number, n: number, out: number): number;
  minmax_i64(isMax: number, vals: number, valid: number, sel: number, n: number, out: number): number;
  hash_i64(vals: number, valid: number, sel: number, n: number, h: number, combine: number): void;
  utf8_select(offsets: number, data: number, valid: number, sel: number, n: number, needle: number, needleLen: number, prefix: number, out: number): number;
  /** The top-k threshold skip over a float64 key (assembly/top-k.as; caller parallel/top-k-kernels.ts). */
  topk_skip_f64(vals: number, i: number, n: number, s: number, t: number): number;
  /** The fused grouped aggregate of a morsel chunk (assembly/group-agg.as; block layout in parallel/morsel-kernels.ts). */
  group_agg(st: number, r0: number, n: number, rowBase: number): number;
}

interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/**
 * `(module (func (result v128) (v128.const i64x2 0 0)))`: valid exactly when
 * the engine has fixed-width SIMD (the usual probe, as in wasm-feature-detect).
 */
const SIMD_PROBE = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, ...new Array<number>(16).fill(0), 0x0b, // code: v128.const 0, end
]);

const wasm = (): WasmApi | undefined => (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** True when this engine validates WebAssembly SIMD. */
export function simdSupported(): boolean {
  try {
    return wasm()?.validate(SIMD_PROBE) === true;
  } catch {
    return false;
  }
}

/** Where the built module lives, beside this file (src/ or dist/src/). */
export const KERNEL_WASM_URL = new URL('./wasm/kernels.wasm', import.meta.url);

export type KernelStatus = 'on' | 'disabled' | 'no-simd' | 'no-heap' | 'not-built' | 'failed';

/**
 * Instantiates the kernels over `memory` (default: this thread's column
 * heap), or says why not. A worker thread handed the heap's memory can
 * instantiate its own copy; the entry points (*-kernels.ts) still take the
 * JS twin there unless the worker's own column heap is that memory, since
 * they only trust views they know to be in it and allocate scratch from it.
 */
export function loadKernels(disabled: boolean, memory: WasmMemory | null = columnHeapMemory()): { readonly kernels: Kernels | null; readonly status: KernelStatus; readonly module?: object } {
  if (disabled) return { kernels: null, status: 'disabled' };
  const api = wasm();
  if (api === undefined || !simdSupported()) return { kernels: null, status: 'no-simd' };
  if (memory === null) return { kernels: null, status: 'no-heap' };
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(KERNEL_WASM_URL);
  } catch {
    return { kernels: null, status: 'not-built' };
  }
  try {
    const module = new api.Module(bytes);
    const instance = new api.Instance(module, { env: { memory } });
    return { kernels: instance.exports as unknown as Kernels, status: 'on', module };
  } catch {
    return { kernels: null, status: 'failed' };
  }
}

/** PYRALOG_SIMD=0 or =off turns the kernels off for this process (read once, never written). */
function disabledByEnv(): boolean {
  const v = process.env['PYRALOG_SIMD'];
  return v !== undefined && /^(0|off|false|no)$/i.test(v.trim());
}

let loaded: { readonly kernels: Kernels | null; readonly status: KernelStatus; readonly module?: object } | undefined;

/**
 * The process's kernel set (null = use the JS twins). A cache of a compiled
 * module over the one process-wide column heap — the same for every database
 * and never changed after the first call.
 */
export function defaultKernels(): Kernels | null {
  if (loaded === undefined) loaded = loadKernels(disabledByEnv());
  return loaded.kernels;
}

/**
 * The compiled module behind `defaultKernels()` (null when they are off): a
 * worker thread given it (a WebAssembly.Module crosses postMessage) and the
 * heap's memory instantiates the same kernels over the same heap.
 */
export function kernelModule(): object | null {
  defaultKernels();
  return loaded?.module ?? null;
}

/** Why the kernels are on or off in this process. */
export function kernelStatus(): KernelStatus {
  defaultKernels();
  return (loaded as { status: KernelStatus }).status;
}
