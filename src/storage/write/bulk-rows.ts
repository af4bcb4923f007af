/**
 * The bulk path of insert/upsert for a large call of row objects: the rows
 * become typed columns (row-columns.ts), their keys one binary column, sorted
 * and checked as a whole, and the batch is written straight as level-0
 * segment(s) after the memtable is flushed, so the new segment is the newest
 * data, as a later memtable write of the same transaction would be. The LSM
 * semantics are those of the row path: the newest write of a key wins
 * (within the call, the last row of a key for upsert), insert refuses a key
 * that has a live row (a tombstone does not count) or repeats within the
 * call, and everything happens in the caller's one write transaction.
 *
 * Whenever the fast checks find something to report (a bad value, a
 * duplicate key), this path writes nothing and answers false: the caller then
 * runs the row-at-a-time path, whose errors name the exact row.
 */
import type { Row } from '../api.js';
import { takeRows, type Column } from '../arrow/column-ops.js';
import { columnFromBuffers } from '../arrow/column-ops.js';
import { compareByteRanges, compareBytes } from '../kv/bytes.js';
import { flushMemtable, writeRowsSegment } from '../lsm/flush.js';
import type { LsmContext } from '../lsm/lsm-context.js';
import { locate } from '../read/point-get.js';
import { encodeKeys } from './append-batch.js';
import { rowsToColumns } from './row-columns.js';
import type { TableTxnState } from './txn-state.js';

/** Calls with at least this many rows take the bulk path. */
export const BULK_ROWS = 1024;

function keyCmp(keys: Column, i: number, j: number): number {
  const off = keys.valueOffsets as Int32Array;
  const d = keys.values as Uint8Array;
  return compareByteRanges(d, off[i]!, off[i + 1]!, d, off[j]!, off[j + 1]!);
}

/** Indexes of the rows to keep in key order, the last of equal keys (stable sort); null if a key repeats and `unique` is asked. */
function sortedKeep(keys: Column, n: number, unique: boolean): Int32Array | null | 'sorted' {
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) if (keyCmp(keys, i - 1, i) >= 0) sorted = false;
  if (sorted) return 'sorted';
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const idx = Array.from(order).sort((a, b) => keyCmp(keys, a, b) || a - b);
  const kept: number[] = [];
  for (let k = 0; k < n; k++) {
    if (k + 1 < n && keyCmp(keys, idx[k]!, idx[k + 1]!) === 0) {
      if (unique) return null;
      continue; // a later row has the same key
    }
    kept.push(idx[k]!);
  }
  return Int32Array.from(kept);
}

/** Whether any of the (sorted) keys has a live row in the memtable or a segment. */
function anyLive(state: TableTxnState, keys: Column, n: number): boolean {
  const { view } = state;
  const off = keys.valueOffsets as Int32Array;
  const d = keys.values as Uint8Array;
  const first = d.subarray(off[0]!, off[1]!);
  const last = d.subarray(off[n - 1]!, off[n]!);
  const segs = view.segments().filter((s) => compareBytes(last, s.minKey) >= 0 && compareBytes(first, s.maxKey) <= 0);
  if (segs.length === 0 && view.memtableEmpty()) return false;
  for (let i = 0; i < n; i++) {
    const where = locate(view, d.subarray(off[i]!, off[i + 1]!)).kind;
    if (where === 'memtable' || where === 'segment') return true;
  }
  return false;
}

/**
 * Writes `rows` as segment(s) if the bulk path applies and finds nothing to
 * report; false (nothing written) sends the caller to the row path.
 */
export function bulkPutRows(ctx: LsmContext, state: TableTxnState, rows: readonly Row[], mustBeNew: boolean, refresh: () => void): boolean {
  const n = rows.length;
  if (n < BULK_ROWS) return false;
  const { view } = state;
  const rec = view.rec;
  const conv = rowsToColumns(rec, rows);
  if (conv === null) return false;
  const cols = conv.data;
  if (rec.hiddenRowId) {
    // Row ids are new, so no key can repeat or exist: nothing can fail past this point.
    const first = state.takeRowIds(n);
    const ids = new BigInt64Array(n);
    for (let i = 0; i < n; i++) ids[i] = BigInt(first + i);
    cols[0] = columnFromBuffers('int64', n, ids);
  }
  let columns = cols as Column[];
  const keyCols = rec.keyColIds.map((id) => columns[view.physical.findIndex((c) => c.colId === id)]!);
  let keys = encodeKeys(state, keyCols, n);
  let count = n;
  const keep = sortedKeep(keys, n, mustBeNew && !rec.hiddenRowId);
  if (keep === null) return false;
  if (keep !== 'sorted') {
    keys = takeRows('binary', keys, keep);
    columns = view.physical.map((c, j) => takeRows(c.type, columns[j]!, keep));
    count = keep.length;
  }
  if (mustBeNew && !rec.hiddenRowId && anyLive(state, keys, count)) return false;
  if (!view.memtableEmpty()) {
    flushMemtable(ctx, view);
    state.memBytes = 0;
  }
  for (let start = 0; start < count; start += ctx.segmentRows) {
    writeRowsSegment(ctx, view, 0, keys, columns, null, start, Math.min(count, start + ctx.segmentRows), { seqMin: state.seq, seqMax: state.seq });
  }
  state.dirtySegments = true;
  refresh();
  return true;
}
