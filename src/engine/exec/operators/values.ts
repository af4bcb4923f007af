/**
 * The values operator: literal rows (from a ValuesRel) turned into columns
 * once, then emitted as chunks of at most `batchSize` rows.
 */
import type { ValuesRel } from '../../../planner/ir/rel.js';
import { columnFromScalars } from '../column.js';
import { sliceChunk, type Chunk } from '../chunk.js';
import { normalizeScalar } from '../expr/compile-expr.js';
import { typesOf, type ExecContext, type ExecNode } from '../exec-node.js';

export function valuesNode(rel: ValuesRel, ctx: ExecContext): ExecNode {
  const types = typesOf(rel.schema);
  const n = rel.rows.length;
  const columns = types.map((t, j) => columnFromScalars(t, rel.rows.map((r) => normalizeScalar(r[j] ?? null, t))));
  const all: Chunk = { columns, length: n, sel: null };
  return {
    types,
    open: () => valuesRows(all, n, ctx),
  };
}

function* valuesRows(all: Chunk, n: number, ctx: ExecContext): Generator<Chunk> {
  for (let start = 0; start < n; start += ctx.batchSize) yield sliceChunk(all, start, Math.min(n, start + ctx.batchSize));
}
