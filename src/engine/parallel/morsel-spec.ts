/**
 * The shapes of a parallel aggregate's morsel work, shared by the calling
 * thread, the workers, the fused WebAssembly kernel and the merge: the
 * filter and aggregate terms (MorselSpec), a morsel's columns, a thread's
 * partial state, and the kernels' interface (implemented in morsel-kernels.ts).
 */
import type { WasmPlan } from './morsel-wasm.js';

/** Comparison ops of the filter, as compare-select names them. */
export type CmpOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

export interface FilterTerm {
  /** Index of the column in the morsel. */
  readonly col: number;
  readonly op: CmpOp;
  readonly int64: boolean;
  /** The constant: a double, or an int64's low and high 32-bit halves. */
  readonly lo: number;
  readonly hi: number;
}

export type AggKind = 'count_rows' | 'count' | 'sum' | 'min' | 'max';

export interface AggTerm {
  readonly kind: AggKind;
  /** Column index (unused for count_rows). */
  readonly col: number;
  readonly int64: boolean;
}

/** What a parallel aggregate computes: plain data, posted to workers as is. */
export interface MorselSpec {
  readonly filter: readonly FilterTerm[];
  /** Column index of the int64 group key, or -1 for one group. */
  readonly key: number;
  readonly aggs: readonly AggTerm[];
  /** The fused WebAssembly kernel's plan (morsel-wasm.ts), or absent/null for the JS twin. */
  readonly wasm?: WasmPlan | null;
}

/** One column of a morsel: values (int64 as int32 halves), and Arrow's validity bitmap with its bit offset. */
export interface MorselColumn {
  readonly values: Float64Array | Int32Array;
  readonly bitmap: Uint8Array | null;
  readonly bit: number;
  /** Whether values and bitmap are in the column heap (absent: when they are views of a SharedArrayBuffer). */
  readonly heap?: boolean;
}

/** Per-aggregate partial state, by group id. */
export interface AggState {
  cnt: Float64Array;
  /** float sum, or the sum of the low unsigned halves of int64 values */
  sum: Float64Array;
  /** sum of the high signed halves of int64 values */
  hi: Float64Array;
  /** flushed exact int64 totals (sparse: only groups that passed 2^20 rows) */
  big: Map<number, bigint>;
  /** min/max: 1 once the group has a value; the value (double, or int64 halves in i64) */
  seen: Uint8Array;
  num: Float64Array;
  i64: Int32Array;
}

export interface PartialState {
  size: number;
  cap: number;
  /** Global row position of each group's first row. */
  pos: Float64Array;
  keyLo: Int32Array;
  keyHi: Int32Array;
  /** 0 for the NULL key group. */
  keyValid: Uint8Array;
  aggs: AggState[];
  /** Hash slots (id + 1, 0 = empty), the direct map of keys in [0, 2^16), the NULL group's id. */
  slots: Int32Array;
  direct: Int32Array;
  nullId: number;
  /** Address of the heap block holding the state while the fused kernel runs it, else -1. */
  wasm: number;
  /** Rows the fused kernel took (the rest ran in JS). */
  kernelRows: number;
}

export interface MorselKernels {
  newState(spec: MorselSpec): PartialState;
  /** Adds rows [0, n) of `cols` (global positions rowBase + i) to `st`. */
  run(spec: MorselSpec, cols: readonly MorselColumn[], n: number, rowBase: number, st: PartialState): void;
  /** Ends a range: the state's groups are in its arrays (copied out of the kernel's block). */
  done(spec: MorselSpec, st: PartialState): void;
}
