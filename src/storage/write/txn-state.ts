/**
 * The per-transaction state of writes to one table: its view, the write's
 * sequence number, and counters (row ids, memtable bytes) that are read once
 * and written back when the transaction finishes.
 */
import type { KvWrite } from '../kv/kv-backend.js';
import { memBytesCounter, readCounter, rowIdCounter, writeCounter } from '../kv/meta-counters.js';
import type { TableView } from '../read/table-view.js';

export class TableTxnState {
  private rowId: number | undefined;
  memBytes: number;
  /** Set when the table's segments changed inside the transaction (views must be rebuilt). */
  dirtySegments = false;

  constructor(
    public view: TableView,
    readonly w: KvWrite,
    readonly seq: number,
  ) {
    this.memBytes = readCounter(w, memBytesCounter(view.rec.id));
  }

  /** Reserves `count` consecutive hidden row ids and returns the first. */
  takeRowIds(count: number): number {
    if (this.rowId === undefined) this.rowId = readCounter(this.w, rowIdCounter(this.view.rec.id));
    const first = this.rowId + 1;
    this.rowId += count;
    return first;
  }

  save(): void {
    if (this.rowId !== undefined) writeCounter(this.w, rowIdCounter(this.view.rec.id), this.rowId);
    writeCounter(this.w, memBytesCounter(this.view.rec.id), this.memBytes);
  }
}
