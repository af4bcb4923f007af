/**
 * The WriteTxn handed to `Store.write`: table writers and key-value
 * namespaces over one backend write transaction, reads of its own writes,
 * and at the end the bookkeeping (counters) plus flushes and compactions the
 * transaction made necessary, all committed atomically with the writes.
 */
import type { RecordBatch } from 'apache-arrow';
import type { Scalar } from '../../types/data-type.js';
import type { KvWriter, Row, TableDef, TableInfo, TableWriter, WriteTxn } from '../api.js';
import { loadRecord } from '../catalog/catalog-store.js';
import type { TableRecord } from '../catalog/table-record.js';
import type { KvWrite } from '../kv/kv-backend.js';
import { namespaceWriter } from '../kv/namespace.js';
import { maybeCompact } from '../lsm/compaction.js';
import { flushMemtable } from '../lsm/flush.js';
import type { LsmContext } from '../lsm/lsm-context.js';
import { readRow } from '../read/point-get.js';
import { TableView } from '../read/table-view.js';
import type { BlobCache } from '../segment/blob-cache.js';
import { appendBatch } from './append-batch.js';
import { bulkPutRows } from './bulk-rows.js';
import { createTableIn, dropTableIn } from './table-ddl.js';
import { TableWriterImpl } from './table-writer.js';
import { TableTxnState } from './txn-state.js';

export interface WriteTxnOptions {
  readonly memtableBytes: number;
  readonly autoCompact: boolean;
}

export class WriteTxnImpl implements WriteTxn {
  private readonly states = new Map<string, TableTxnState>();

  constructor(
    private readonly w: KvWrite,
    private readonly seq: number,
    private readonly cache: BlobCache,
    private readonly ctx: LsmContext,
    private readonly options: WriteTxnOptions,
  ) {}

  private freshView(name: string): TableView {
    return new TableView(this.w, loadRecord(this.w, name), this.cache);
  }

  private state(name: string): TableTxnState {
    let s = this.states.get(name);
    if (s === undefined) {
      s = new TableTxnState(this.freshView(name), this.w, this.seq);
      this.states.set(name, s);
    }
    return s;
  }

  table(name: string): TableWriter {
    const state = this.state(name);
    const append = (st: TableTxnState, batch: RecordBatch): void =>
      appendBatch(
        this.ctx,
        st,
        batch,
        (rows: Row[]) => new TableWriterImpl(st, append).upsert(rows),
        () => {
          st.view = this.freshView(name);
        },
      );
    const bulk = (st: TableTxnState, rows: readonly Row[], mustBeNew: boolean): boolean =>
      bulkPutRows(this.ctx, st, rows, mustBeNew, () => {
        st.view = this.freshView(name);
      });
    return new TableWriterImpl(state, append, bulk);
  }

  createTable(def: TableDef): TableInfo {
    this.states.delete(def.name);
    return createTableIn(this.w, def);
  }

  dropTable(name: string): void {
    this.states.delete(name);
    dropTableIn(this.w, this.cache, name);
  }

  kv(namespace: string): KvWriter {
    return namespaceWriter(this.w, namespace);
  }

  /** The table's catalog record as this transaction sees it (for the foreign-key check). */
  record(name: string): TableRecord {
    return this.state(name).view.rec;
  }

  /** A point reader of `table` over one view that sees this transaction's writes so far (for the foreign-key check). */
  reader(table: string): (key: readonly Scalar[]) => Row | undefined {
    const view = this.states.get(table)?.view ?? this.freshView(table);
    return (key) => readRow(view, view.encodeFullKey(key));
  }

  get(table: string, key: readonly Scalar[]): Row | undefined {
    const view = this.states.get(table)?.view ?? this.freshView(table);
    return readRow(view, view.encodeFullKey(key));
  }

  /** Saves counters, then flushes memtables past their size and compacts when due. */
  finish(): void {
    for (const [name, st] of this.states) {
      st.save();
      if (st.memBytes > this.options.memtableBytes) {
        flushMemtable(this.ctx, st.view);
        st.dirtySegments = true;
        st.view = this.freshView(name);
      }
      if (st.dirtySegments && this.options.autoCompact) maybeCompact(this.ctx, () => this.freshView(name));
    }
  }
}
