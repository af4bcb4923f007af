/**
 * The limit/offset operator: skips `offset` rows, passes at most `limit`, and
 * stops pulling from its input as soon as the limit is reached.
 */
import { rowCount, sliceChunk, type Chunk } from '../chunk.js';
import type { ExecNode } from '../exec-node.js';

export function limitNode(input: ExecNode, offset: number, limit: number | null): ExecNode {
  return {
    types: input.types,
    open: () => limitRows(input, offset, limit),
  };
}

function* limitRows(input: ExecNode, offset: number, limit: number | null): Generator<Chunk> {
  if (limit !== null && limit <= 0) return;
  let skip = offset;
  let left = limit ?? Infinity;
  for (const c of input.open()) {
    const n = rowCount(c);
    if (skip >= n) { skip -= n; continue; }
    const end = Math.min(n, skip + left);
    const out = sliceChunk(c, skip, end);
    left -= end - skip;
    skip = 0;
    yield out;
    if (left <= 0) return;
  }
}
