/**
 * A Snapshot: one backend read transaction, so every read through it sees
 * the same committed state while writers continue. Table views (catalog
 * record, segment list) are built once per snapshot and table.
 */
import type { RecordBatch } from 'apache-arrow';
import type { Scalar } from '../types/data-type.js';
import type { KvReader, Row, ScanOptions, Snapshot, TableInfo, TableStats } from './api.js';
import { listRecords, loadRecord } from './catalog/catalog-store.js';
import { tableInfoOf, type TableRecord } from './catalog/table-record.js';
import { storageError } from './errors.js';
import type { KvReadTxn } from './kv/kv-backend.js';
import { namespaceReader } from './kv/namespace.js';
import { readRow } from './read/point-get.js';
import { scanTable, type ScanCounters } from './read/scan.js';
import { TableView } from './read/table-view.js';
import { tableStats } from './read/table-stats.js';
import type { BlobCache } from './segment/blob-cache.js';
import { LAYOUT_GEN, readCounter } from './kv/meta-counters.js';
import type { LayoutCache } from './read/layout-cache.js';
import { releasePins } from './segment/heap-blob.js';

/**
 * TableInfo of a decoded record, made once: records are immutable and shared
 * by snapshots through the layout cache (a DDL change is a new record), so a
 * plan-cache check costs a map lookup, not a rebuild of the field list.
 */
const infoOfRecord = new WeakMap<TableRecord, TableInfo>();

export class SnapshotImpl implements Snapshot {
  private readonly views = new Map<string, TableView>();
  private closed = false;
  /** Segments read and skipped by scans of this snapshot (for tests and EXPLAIN). */
  readonly counters: ScanCounters = { segmentsRead: 0, segmentsSkipped: 0 };

  constructor(
    private readonly txn: KvReadTxn,
    private readonly cache: BlobCache,
    private readonly layouts: LayoutCache,
    private readonly batchSize: number,
    private readonly onClose: (s: SnapshotImpl) => void,
  ) {}

  private check(): void {
    if (this.closed) throw storageError('SNAPSHOT_CLOSED', 'the snapshot is closed');
  }

  private gen: number | undefined;

  view(name: string): TableView {
    this.check();
    let v = this.views.get(name);
    if (v === undefined) {
      const gen = (this.gen ??= readCounter(this.txn, LAYOUT_GEN));
      const known = this.layouts.get(name, gen);
      if (known !== undefined) v = new TableView(this.txn, known.rec, this.cache, known.segments);
      else {
        v = new TableView(this.txn, loadRecord(this.txn, name), this.cache);
        this.layouts.set(name, gen, v.rec, v.segments());
      }
      this.views.set(name, v);
    }
    return v;
  }

  table(name: string): TableInfo {
    const rec = this.view(name).rec;
    let info = infoOfRecord.get(rec);
    if (info === undefined) {
      info = tableInfoOf(rec);
      infoOfRecord.set(rec, info);
    }
    return info;
  }

  tables(): readonly TableInfo[] {
    this.check();
    return listRecords(this.txn).map(tableInfoOf);
  }

  scan(table: string, options: ScanOptions = {}): Iterable<RecordBatch> {
    const view = this.view(table);
    // An arrow over a prototype generator, not a generator method in this literal: a generator
    // function made per call keeps what it captures alive through young-generation GCs (its
    // initial map, in old space, points back at it), so every scan's objects would be promoted.
    return { [Symbol.iterator]: () => this.scanRows(view, options) };
  }

  private *scanRows(view: TableView, options: ScanOptions): Generator<RecordBatch> {
    this.check();
    yield* scanTable(view, options, this.batchSize, this.counters);
  }


  get(table: string, key: readonly Scalar[]): Row | undefined {
    const view = this.view(table);
    return readRow(view, view.encodeFullKey(key));
  }

  stats(table: string): TableStats {
    return tableStats(this.view(table));
  }

  kv(namespace: string): KvReader {
    this.check();
    return namespaceReader(this.txn, namespace);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // Arrow views this snapshot handed out on column-heap memory end here.
    releasePins(this.txn);
    this.txn.close();
    this.onClose(this);
  }
}
