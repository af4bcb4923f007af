/**
 * Flush: a table's memtable becomes immutable level-0 segment(s) in the
 * caller's write transaction, and the memtable entries are removed in the
 * same transaction (so a crash leaves either the memtable or the segment).
 * Tombstones are kept unless the table has no segments they could hide.
 */
import { gatherRuns, type Column, type Run } from '../arrow/column-ops.js';
import { currentVersion } from '../catalog/table-record.js';
import { memBytesCounter, writeCounter } from '../kv/meta-counters.js';
import { prefixEnd } from '../kv/bytes.js';
import { readMemtable } from '../read/memtable-rows.js';
import type { TableView } from '../read/table-view.js';
import { writeSegment } from '../segment/segment-writer.js';
import type { LsmContext } from './lsm-context.js';

/** Writes rows [start, end) of columnar rows as one segment at the given level. */
export function writeRowsSegment(
  ctx: LsmContext,
  view: TableView,
  level: number,
  keys: Column,
  columns: readonly Column[],
  deleted: Uint8Array | null,
  start: number,
  end: number,
  seq: { seqMin: number; seqMax: number },
): void {
  const run = [{ source: 0, start, length: end - start }];
  const whole = start === 0 && end === keys.length;
  const segId = ctx.nextSegId();
  writeSegment(
    ctx.w,
    { tableId: view.rec.id, segId, level, order: segId, version: currentVersion(view.rec).version },
    view.physical,
    {
      keys: whole ? keys : gatherRuns('binary', [keys], run),
      columns: view.physical.map((c, j) => (whole ? columns[j]! : gatherRuns(c.type, [columns[j]!], run))),
      deleted: deleted ? deleted.subarray(start, end) : null,
      seqMin: seq.seqMin,
      seqMax: seq.seqMax,
    },
  );
}

/** Moves the memtable into level-0 segments; returns the number of rows flushed. */
export function flushMemtable(ctx: LsmContext, view: TableView): number {
  const mem = readMemtable(view, view.physical);
  if (mem.rows === 0) return 0;
  const noOlderData = view.segments().length === 0;
  let keys = mem.keys;
  let columns = mem.columns;
  let deleted = mem.deleted;
  let rows = mem.rows;
  if (deleted && noOlderData) {
    const runs: Run[] = [];
    for (let i = 0; i < rows; i++) if (!deleted[i]) runs.push({ source: 0, start: i, length: 1 });
    keys = gatherRuns('binary', [keys], runs);
    columns = view.physical.map((c, j) => gatherRuns(c.type, [columns[j]!], runs));
    deleted = null;
    rows = runs.length;
  }
  for (let start = 0; start < rows; start += ctx.segmentRows) {
    writeRowsSegment(ctx, view, 0, keys, columns, deleted, start, Math.min(rows, start + ctx.segmentRows), { seqMin: mem.seqMin, seqMax: mem.seqMax });
  }
  const doomed: Uint8Array[] = [];
  for (const { key } of ctx.w.range('memtable', { start: view.memPrefix, end: prefixEnd(view.memPrefix)! })) doomed.push(key);
  for (const key of doomed) ctx.w.delete('memtable', key);
  writeCounter(ctx.w, memBytesCounter(view.rec.id), 0);
  return mem.rows;
}
