/**
 * A fused filter kernel for the most common predicate shape, a comparison of
 * a column with a constant (`v > 0.5`, `k = 42`, `5 <= x`): it writes the
 * surviving row numbers straight into the selection vector, skipping the
 * intermediate boolean column. Only float64, date and int64/timestamp columns
 * against a non-NULL constant of the same type are fused; anything else
 * returns null and the filter evaluates the predicate generically.
 */
import type { Expr } from '../../../planner/ir/expr.js';
import type { DataType, Scalar } from '../../../types/data-type.js';
import type { Chunk } from '../chunk.js';
import type { Column } from '../column.js';
import { compileExpr } from '../expr/compile-expr.js';
import type { ExecContext } from '../exec-node.js';

type CmpFn = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

const CMP: ReadonlySet<string> = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);
const FLIP: Readonly<Record<CmpFn, CmpFn>> = { eq: 'eq', ne: 'ne', lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' };
const JS_OP: Readonly<Record<CmpFn, string>> = { eq: '===', ne: '!==', lt: '<', le: '<=', gt: '>', ge: '>=' };

/** Writes selected physical rows into `out`, returns their count. */
type SelectLoop = (v: unknown, valid: Uint8Array | null, sel: Int32Array | null, n: number, out: Int32Array, lo: number, hi: number) => number;

const loops = new Map<string, SelectLoop>();

/** The condition on row `i` as JS source; `lo`/`hi` hold the constant (hi unused for doubles). */
function condition(fn: CmpFn, int64: boolean): string {
  // A NaN value is above every number (the constant is never NaN here): > and >= hold for it.
  if (!int64) return fn === 'gt' || fn === 'ge' ? `(v[i] ${JS_OP[fn]} lo || v[i] !== v[i])` : `v[i] ${JS_OP[fn]} lo`;
  // int64 as (lo, hi) int32 halves: compare hi signed, then lo unsigned
  const eq = '(v[2*i] === lo && v[2*i+1] === hi)';
  const lt = '(v[2*i+1] < hi || (v[2*i+1] === hi && (v[2*i]>>>0) < (lo>>>0)))';
  const gt = '(v[2*i+1] > hi || (v[2*i+1] === hi && (v[2*i]>>>0) > (lo>>>0)))';
  return { eq, ne: `!${eq}`, lt, le: `!${gt}`, gt, ge: `!${lt}` }[fn];
}

function selectLoop(fn: CmpFn, int64: boolean): SelectLoop {
  const key = `${fn}|${int64}`;
  let f = loops.get(key);
  if (f === undefined) {
    const cond = condition(fn, int64);
    f = new Function(
      'v',
      'valid',
      'sel',
      'n',
      'out',
      'lo',
      'hi',
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
    loops.set(key, f);
  }
  return f;
}

/** The constant's (lo, hi) halves for the generated loop. */
function constantHalves(type: DataType, value: Scalar): [number, number] | null {
  if (type === 'int64' || type === 'timestamp') {
    if (typeof value !== 'bigint') return null;
    const u = BigInt.asUintN(64, value);
    return [Number(u & 0xffffffffn) | 0, Number(u >> 32n) | 0];
  }
  if ((type === 'float64' || type === 'date') && typeof value === 'number') return [value, 0];
  return null;
}

/**
 * A fused selection function for `predicate` over rows typed `types`, or null
 * when the predicate is not a column-versus-constant comparison it handles.
 * The returned function gives the physical rows of `c` (within its
 * selection) where the predicate is TRUE, or null when a chunk's column is
 * not stored as the declared type (the caller then evaluates generically).
 */
export function compileCompareSelect(predicate: Expr, types: readonly DataType[], ctx: ExecContext): ((c: Chunk) => Int32Array | null) | null {
  if (predicate.kind !== 'call' || !CMP.has(predicate.fn) || predicate.args.length !== 2) return null;
  const [a, b] = predicate.args as [Expr, Expr];
  let fn = predicate.fn as CmpFn;
  let colExpr: Expr;
  let constExpr: Expr;
  if (a.kind === 'column') {
    colExpr = a;
    constExpr = b;
  } else if (b.kind === 'column') {
    colExpr = b;
    constExpr = a;
    fn = FLIP[fn];
  } else return null;
  const column = compileExpr(colExpr, types, ctx);
  const compiledConst = compileExpr(constExpr, types, ctx);
  const constant = compiledConst.constant;
  if (constant === undefined || constant.value === null) return null;
  const type = column.type;
  if (type !== 'float64' && type !== 'date' && type !== 'int64' && type !== 'timestamp') return null;
  // same storage type on both sides only (mixed numeric compares keep their generic semantics)
  if (compiledConst.type !== type) return null;
  const halves = constantHalves(type, constant.value);
  // A NaN constant takes the generic path (NaN equals only NaN there).
  if (halves === null || Number.isNaN(halves[0])) return null;
  const [lo, hi] = halves;
  const int64 = type === 'int64' || type === 'timestamp';
  const loop = selectLoop(fn, int64);
  let scratch = new Int32Array(0);
  return (c: Chunk): Int32Array | null => {
    const col: Column = column.eval(c);
    if (col.type !== type) return null;
    const sel = c.sel;
    const n = sel === null ? c.length : sel.length;
    if (scratch.length < n) scratch = new Int32Array(n);
    const v = int64 ? i32(col.values as BigInt64Array) : col.values;
    const m = loop(v, col.valid, sel, n, scratch, lo, hi);
    // an exact-size copy: the chunk may outlive this call, the scratch buffer is reused
    return scratch.slice(0, m);
  };
}

function i32(a: BigInt64Array): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, a.length * 2);
}
