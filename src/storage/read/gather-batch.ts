/**
 * Gathering one scan batch of a column from the runs the LSM merge produced,
 * with the runs held in typed arrays (no object per run). Fixed-width columns
 * without NULLs copy short runs value by value, which beats a typed-array
 * `set` per run when overlapping sources interleave row by row; every other
 * case goes through the general `gatherRuns`.
 */
import { columnFromBuffers, gatherRuns, type Column, type Run } from '../arrow/column-ops.js';
import type { StoredType } from '../arrow/arrow-types.js';

/** Runs of one batch: run i is rows [start[i], start[i] + length[i]) of batch-local source source[i]. */
export interface RunList {
  count: number;
  readonly source: Int32Array;
  readonly start: Int32Array;
  readonly length: Int32Array;
}

export function runList(capacity: number): RunList {
  return { count: 0, source: new Int32Array(capacity), start: new Int32Array(capacity), length: new Int32Array(capacity) };
}

type Fixed = BigInt64Array | Float64Array | Int32Array;

function gatherFixed<T extends Fixed>(out: T, sources: readonly Column[], runs: RunList): T {
  const values = sources.map((s) => s.values as T);
  let at = 0;
  for (let r = 0; r < runs.count; r++) {
    const src = values[runs.source[r]!]!;
    const start = runs.start[r]!;
    const len = runs.length[r]!;
    if (len < 16) {
      for (let i = 0; i < len; i++) out[at + i] = src[start + i]!;
    } else out.set(src.subarray(start, start + len) as never, at);
    at += len;
  }
  return out;
}

/** The column of `rows` rows made of the runs, taken from `sources` (unsliced columns of `type`). */
export function gatherBatch(type: StoredType, sources: readonly Column[], runs: RunList, rows: number): Column {
  const plain = sources.every((s) => s.nullCount === 0 && s.offset === 0);
  if (plain) {
    switch (type) {
      case 'int64':
      case 'timestamp':
        return columnFromBuffers(type, rows, gatherFixed(new BigInt64Array(rows), sources, runs));
      case 'float64':
        return columnFromBuffers(type, rows, gatherFixed(new Float64Array(rows), sources, runs));
      case 'date':
        return columnFromBuffers(type, rows, gatherFixed(new Int32Array(rows), sources, runs));
      default:
        break;
    }
  }
  const list: Run[] = new Array(runs.count);
  for (let r = 0; r < runs.count; r++) list[r] = { source: runs.source[r]!, start: runs.start[r]!, length: runs.length[r]! };
  return gatherRuns(type, sources, list);
}
