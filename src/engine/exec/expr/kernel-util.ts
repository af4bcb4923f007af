/**
 * Building blocks shared by the compiled expression kernels: the compiled
 * expression shape, validity combination under a selection, a generic
 * row-mapping loop for the less hot functions, and a cache of generated
 * tight loops (one `new Function` per operator/type pair, made once).
 */
import type { DataType, Scalar } from '../../../types/data-type.js';
import { allocValues, getScalar, makeColumn, setValue, type Column } from '../column.js';
import type { Chunk } from '../chunk.js';
import { allocBytes } from '../buffers.js';

/** An expression compiled once per query: evaluates over the selected rows of a chunk. */
export interface CompiledExpr {
  readonly type: DataType;
  /** A column aligned to the chunk's physical rows; only selected rows are meaningful. */
  readonly eval: (chunk: Chunk) => Column;
  /** Set when the expression is a constant (literal/param folded): its value. */
  readonly constant?: { readonly value: Scalar };
}

/** AND of the validity maps of `cols` over the selected rows (null = all valid). */
export function combineValid(cols: readonly Column[], c: Chunk): Uint8Array | null {
  const withNulls = cols.filter((col) => col.valid !== null);
  if (withNulls.length === 0) return null;
  const out = allocBytes(c.length);
  const sel = c.sel;
  if (withNulls.length === 1) {
    const v = (withNulls[0] as Column).valid as Uint8Array;
    if (sel === null) out.set(v.subarray(0, c.length));
    else for (let k = 0; k < sel.length; k++) { const i = sel[k] as number; out[i] = v[i] as number; }
    return out;
  }
  const n = sel === null ? c.length : sel.length;
  for (let k = 0; k < n; k++) {
    const i = sel === null ? k : (sel[k] as number);
    let ok = 1;
    for (const col of withNulls) if ((col.valid as Uint8Array)[i] === 0) { ok = 0; break; }
    out[i] = ok;
  }
  return out;
}

/**
 * Generic kernel: for each selected row where every argument is present (when
 * `strict`), calls `f` with the argument scalars; `f` returning null yields NULL.
 */
export function mapScalars(
  c: Chunk,
  args: readonly Column[],
  outType: DataType,
  f: (vals: Scalar[]) => Scalar,
  strict = true,
): Column {
  const len = c.length;
  const values = allocValues(outType, len);
  const valid = new Uint8Array(len);
  const sel = c.sel;
  const n = sel === null ? len : sel.length;
  const vals: Scalar[] = new Array<Scalar>(args.length).fill(null);
  outer: for (let k = 0; k < n; k++) {
    const i = sel === null ? k : (sel[k] as number);
    for (let j = 0; j < args.length; j++) {
      const v = getScalar(args[j] as Column, i);
      if (v === null && strict) continue outer;
      vals[j] = v;
    }
    const r = f(vals);
    if (r !== null) {
      setValue(outType, values, i, r);
      valid[i] = 1;
    }
  }
  return makeColumn(outType, values, valid, len);
}

type LoopFn = (a: unknown, b: unknown, out: unknown, sel: Int32Array | null, n: number) => void;
const loopCache = new Map<string, LoopFn>();

/**
 * A generated tight loop `out[i] = BODY` over the selected rows, where BODY may
 * use `a`, `b` (the argument arrays) and `i`. Cached by body text, so each
 * distinct kernel is compiled by the JS engine once and stays monomorphic.
 */
export function genLoop(body: string, prelude = ''): LoopFn {
  let fn = loopCache.get(prelude + '|' + body);
  if (fn === undefined) {
    fn = new Function(
      'a',
      'b',
      'out',
      'sel',
      'n',
      `${prelude}
      if (sel === null) { for (let i = 0; i < n; i++) { out[i] = ${body}; } }
      else { for (let k = 0; k < n; k++) { const i = sel[k]; out[i] = ${body}; } }`,
    ) as LoopFn;
    loopCache.set(prelude + '|' + body, fn);
  }
  return fn;
}

/** Number of selected rows. */
export function selCount(c: Chunk): number {
  return c.sel === null ? c.length : c.sel.length;
}

/** Int32 view (lo, hi pairs) of an int64 array. */
export function i32view(a: BigInt64Array): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, a.length * 2);
}
