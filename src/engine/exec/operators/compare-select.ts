/**
 * Fused filter kernels for the most common predicate shapes: a comparison of
 * a column with a constant (`v > 0.5`, `k = 42`, `5 <= x`), and AND / OR of
 * such comparisons. The surviving row numbers go straight into the selection
 * vector, skipping the intermediate boolean column: each comparison runs the
 * WebAssembly SIMD kernel on heap-resident columns (engine/kernels, JS twin
 * otherwise), AND narrows the selection one comparison at a time, OR takes
 * the union of the selections. Only float64, date and int64/timestamp
 * columns against a non-NULL, non-NaN constant of the same type are fused,
 * and text equality / starts_with on scanned utf8 columns (their Arrow
 * bytes, compileTextMatch); anything else returns null and the filter
 * evaluates the predicate generically.
 */
import type { Expr } from '../../../planner/ir/expr.js';
import type { DataType, Scalar } from '../../../types/data-type.js';
import type { Chunk } from '../chunk.js';
import type { Column } from '../column.js';
import { compileExpr } from '../expr/compile-expr.js';
import type { ExecContext } from '../exec-node.js';
import { selectCompare, type CmpOp, type FixedKind, type FixedValues } from '../../kernels/compare-kernels.js';
import { selectionOr } from '../../kernels/selection-kernels.js';
import { utf8Select } from '../../kernels/utf8-kernels.js';
import { Utf8ArrowColumn } from '../utf8-arrow-column.js';

/** Physical rows of `c` (within its selection) where the predicate is TRUE, or null to evaluate generically. */
export type SelectFn = (c: Chunk) => Int32Array | null;

const CMP: ReadonlySet<string> = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);
const FLIP: Readonly<Record<CmpOp, CmpOp>> = { eq: 'eq', ne: 'ne', lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' };
const KIND: Partial<Record<DataType, FixedKind>> = { float64: 'f64', int64: 'i64', timestamp: 'i64', date: 'i32' };

/** The constant as the kernel takes it, or null when this pair is not fused. */
function kernelConstant(kind: FixedKind, value: Scalar): number | bigint | null {
  if (kind === 'i64') return typeof value === 'bigint' ? BigInt.asIntN(64, value) : null;
  if (typeof value !== 'number' || Number.isNaN(value)) return null; // a NaN constant takes the generic path
  if (kind === 'i32' && (!Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31)) return null;
  return value;
}

/**
 * `text_col == 'text'` (either side) and `starts_with(text_col, 'text')`
 * over the Arrow bytes of a scanned column (Utf8ArrowColumn), no string per
 * row. UTF-8 byte equality / prefix is string equality / prefix only for
 * well-formed text, so a needle with a lone surrogate stays generic; a
 * chunk whose column has no Arrow bytes (computed) returns null (generic).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function compileTextMatch(predicate: Expr & { kind: 'call' }, types: readonly DataType[], ctx: ExecContext): SelectFn | null {
  if (predicate.args.length !== 2) return null;
  const [a, b] = predicate.args as [Expr, Expr];
  const prefix = predicate.fn === 'starts_with';
  const colExpr = a.kind === 'column' ? a : !prefix && b.kind === 'column' ? b : null;
  if (colExpr === null) return null;
  const column = compileExpr(colExpr, types, ctx);
  const needle = compileExpr(colExpr === a ? b : a, types, ctx).constant?.value;
  if (column.type !== 'utf8' || typeof needle !== 'string' || LONE_SURROGATE.test(needle)) return null;
  return (chunk: Chunk): Int32Array | null => {
    const col = column.eval(chunk);
    if (!(col instanceof Utf8ArrowColumn)) return null;
    const sel = chunk.sel;
    return utf8Select(col.bytes, col.valid, sel, sel === null ? chunk.length : sel.length, needle, prefix);
  };
}

function compileComparison(predicate: Expr & { kind: 'call' }, types: readonly DataType[], ctx: ExecContext): SelectFn | null {
  if (predicate.args.length !== 2) return null;
  if (predicate.fn === 'eq' && predicate.args.some((x) => compileExpr(x, types, ctx).type === 'utf8')) return compileTextMatch(predicate, types, ctx);
  const [a, b] = predicate.args as [Expr, Expr];
  let op = predicate.fn as CmpOp;
  let colExpr: Expr;
  let constExpr: Expr;
  if (a.kind === 'column') {
    colExpr = a;
    constExpr = b;
  } else if (b.kind === 'column') {
    colExpr = b;
    constExpr = a;
    op = FLIP[op];
  } else return null;
  const column = compileExpr(colExpr, types, ctx);
  const compiledConst = compileExpr(constExpr, types, ctx);
  const constant = compiledConst.constant;
  if (constant === undefined || constant.value === null) return null;
  const type = column.type;
  const kind = KIND[type];
  // same storage type on both sides only (mixed numeric compares keep their generic semantics)
  if (kind === undefined || compiledConst.type !== type) return null;
  const c = kernelConstant(kind, constant.value);
  if (c === null) return null;
  return (chunk: Chunk): Int32Array | null => {
    const col: Column = column.eval(chunk);
    if (col.type !== type) return null;
    const sel = chunk.sel;
    const n = sel === null ? chunk.length : sel.length;
    return selectCompare(kind, op, col.values as FixedValues, col.valid, sel, n, c);
  };
}

/**
 * A fused selection function for `predicate` over rows typed `types`, or null
 * when the predicate is not a comparison (or AND / OR of comparisons) it
 * handles. The function gives the physical rows of a chunk (within its
 * selection) where the predicate is TRUE, or null when a chunk's column is
 * not stored as the declared type (the caller then evaluates generically).
 */
export function compileCompareSelect(predicate: Expr, types: readonly DataType[], ctx: ExecContext): SelectFn | null {
  if (predicate.kind !== 'call') return null;
  if (CMP.has(predicate.fn)) return compileComparison(predicate, types, ctx);
  if (predicate.fn === 'starts_with') return compileTextMatch(predicate, types, ctx);
  if ((predicate.fn !== 'and' && predicate.fn !== 'or') || predicate.args.length < 2) return null;
  const parts: SelectFn[] = [];
  for (const arg of predicate.args) {
    const part = compileCompareSelect(arg, types, ctx);
    if (part === null) return null;
    parts.push(part);
  }
  if (predicate.fn === 'and') {
    // TRUE only where every part is TRUE: each part looks only at the rows the previous ones kept
    return (chunk: Chunk): Int32Array | null => {
      let sel: Int32Array | null = null;
      for (const part of parts) {
        sel = part(sel === null ? chunk : { columns: chunk.columns, length: chunk.length, sel });
        if (sel === null) return null;
        if (sel.length === 0) break;
      }
      return sel;
    };
  }
  // TRUE where any part is TRUE (a NULL part never adds a row)
  return (chunk: Chunk): Int32Array | null => {
    let sel: Int32Array | null = null;
    for (const part of parts) {
      const s = part(chunk);
      if (s === null) return null;
      sel = sel === null ? s : selectionOr(sel, s);
    }
    return sel;
  };
}
