/**
 * The first batches of a parallel node's scan: read until `minRows` rows (or
 * the end), so a node can see whether its input is small enough to go to the
 * serial operator as it is before it wakes any worker. Empty batches are
 * skipped; `done` says the scan ended within the head.
 */
import type { Data, RecordBatch } from 'apache-arrow';

export interface ScanHead {
  readonly head: Data[][];
  readonly rows: number;
  readonly done: boolean;
}

export function readScanHead(it: Iterator<RecordBatch>, minRows: number): ScanHead {
  const head: Data[][] = [];
  let rows = 0;
  while (rows < minRows) {
    const r = it.next();
    if (r.done === true) return { head, rows, done: true };
    if (r.value.numRows === 0) continue;
    head.push(r.value.data.children as Data[]);
    rows += r.value.numRows;
  }
  return { head, rows, done: false };
}
