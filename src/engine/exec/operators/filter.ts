/**
 * The filter operator: evaluates its compiled predicate over each chunk's
 * selected rows and narrows the selection vector to the rows where it is TRUE
 * (NULL and FALSE drop the row); columns are never copied. Column-versus-
 * constant comparisons use the fused kernel of compare-select.ts.
 */
import type { Expr } from '../../../planner/ir/expr.js';
import type { Column } from '../column.js';
import { rowCount, type Chunk } from '../chunk.js';
import { compileExpr } from '../expr/compile-expr.js';
import type { CompiledExpr } from '../expr/kernel-util.js';
import type { ExecContext, ExecNode } from '../exec-node.js';
import { compileCompareSelect } from './compare-select.js';

/** Physical rows of `c` (within its selection) where `pred` is TRUE. */
export function selectTrue(c: Chunk, pred: Column): Int32Array {
  const sel = c.sel;
  const n = sel === null ? c.length : sel.length;
  const out = new Int32Array(n);
  let m = 0;
  if (pred.type === 'null') return out.subarray(0, 0);
  const v = pred.values as Uint8Array;
  const valid = pred.valid;
  if (valid === null) {
    if (sel === null) for (let i = 0; i < n; i++) { if (v[i] === 1) out[m++] = i; }
    else for (let k = 0; k < n; k++) { const i = sel[k] as number; if (v[i] === 1) out[m++] = i; }
  } else {
    if (sel === null) for (let i = 0; i < n; i++) { if ((v[i] as number) & (valid[i] as number)) out[m++] = i; }
    else for (let k = 0; k < n; k++) { const i = sel[k] as number; if ((v[i] as number) & (valid[i] as number)) out[m++] = i; }
  }
  return out.subarray(0, m);
}

export function applyFilter(pred: CompiledExpr, c: Chunk): Chunk {
  const sel = selectTrue(c, pred.eval(c));
  return { columns: c.columns, length: c.length, sel };
}

export function filterNode(input: ExecNode, predicate: Expr, ctx: ExecContext): ExecNode {
  const pred = compileExpr(predicate, input.types, ctx);
  const fused = compileCompareSelect(predicate, input.types, ctx);
  return {
    types: input.types,
    open: () => filterRows(input, fused, pred),
  };
}

function* filterRows(input: ExecNode, fused: ReturnType<typeof compileCompareSelect>, pred: CompiledExpr): Generator<Chunk> {
  for (const c of input.open()) {
    if (rowCount(c) === 0) continue;
    const sel = fused === null ? null : fused(c);
    const out = sel === null ? applyFilter(pred, c) : { columns: c.columns, length: c.length, sel };
    if (rowCount(out) > 0) yield out;
  }
}
