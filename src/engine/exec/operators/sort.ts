/**
 * The sort operator: drains its input, evaluates the sort keys once over the
 * concatenated rows, computes a stable permutation with typed comparators and
 * emits the permuted rows in batches.
 */
import type { SortKey } from '../../../planner/ir/expr.js';
import { gather, retype } from '../column.js';
import { concatChunks, rowCount, type Chunk } from '../chunk.js';
import { compileExpr } from '../expr/compile-expr.js';
import type { CompiledExpr } from '../expr/kernel-util.js';
import { sortPermutation } from '../sort/row-comparator.js';
import type { ExecContext, ExecNode } from '../exec-node.js';

export function sortNode(input: ExecNode, keys: readonly SortKey[], ctx: ExecContext): ExecNode {
  const compiled = keys.map((k) => compileExpr(k.expr, input.types, ctx));
  return {
    types: input.types,
    open: () => sortRows(input, compiled, keys, ctx),
  };
}

function* sortRows(input: ExecNode, compiled: readonly CompiledExpr[], keys: readonly SortKey[], ctx: ExecContext): Generator<Chunk> {
  const chunks: Chunk[] = [];
  for (const c of input.open()) if (rowCount(c) > 0) chunks.push(c);
  const all = concatChunks(input.types, chunks);
  const n = all.length;
  if (n === 0) return;
  const keyCols = compiled.map((k) => retype(k.eval(all), k.type));
  const perm = sortPermutation(keyCols, compiled.map((k) => k.type), keys, n);
  for (let start = 0; start < n; start += ctx.batchSize) {
    const idx = perm.subarray(start, Math.min(n, start + ctx.batchSize));
    yield { columns: all.columns.map((col) => gather(col, idx)), length: idx.length, sel: null };
  }
}
