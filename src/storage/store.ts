/**
 * The Store: opens the backend (LMDB directory or ':memory:'), and runs
 * catalog changes, writes, flushes and compactions as single atomic write
 * transactions; snapshots as read transactions; verify() recomputes every
 * segment checksum and looks for orphaned blobs.
 */
import type { OpenOptions, Snapshot, TableDef, TableInfo, WriteTxn } from './api.js';
import type { AlterChange } from './catalog/alter-change.js';
import { alterTableIn } from './catalog/alter-table.js';
import { findRecord, listRecords, loadRecord } from './catalog/catalog-store.js';
import { tableInfoOf } from './catalog/table-record.js';
import { checksum64 } from './codec/xxhash.js';
import { storageError } from './errors.js';
import { prefixEnd, readU32be } from './kv/bytes.js';
import type { DbName, KvBackend, KvRead, KvWrite } from './kv/kv-backend.js';
import { LmdbBackend } from './kv/lmdb-backend.js';
import { MemoryBackend } from './kv/memory-backend.js';
import { LAYOUT_GEN, NEXT_SEG_ID, readCounter, SEQ, writeCounter } from './kv/meta-counters.js';
import { openFailure, resolveDbPath, undoCreate } from './db-path.js';
import { compactAll } from './lsm/compaction.js';
import { flushMemtable } from './lsm/flush.js';
import type { LsmContext } from './lsm/lsm-context.js';
import { LayoutCache } from './read/layout-cache.js';
import { TableView } from './read/table-view.js';
import { BlobCache } from './segment/blob-cache.js';
import { releasePins } from './segment/heap-blob.js';
import { blobKeysOf, decodeMeta, tablePrefix } from './segment/segment-meta.js';
import { SnapshotImpl } from './snapshot.js';
import { checkNewForeignKey, enforceForeignKeys } from './write/foreign-key-check.js';
import { createTableIn, dropTableIn } from './write/table-ddl.js';
import { columnHeapStats } from '../memory/wasm-heap.js';
import { WriteTxnImpl } from './write/write-txn.js';

/**
 * The decoded-blob cache's default size: half the column heap's cap (the
 * cache's columns live in the heap, and the other half is left to running
 * queries), never under 64 MiB. A 64 MiB cache was smaller than the columns
 * one analytic query over 10M rows reads, so every run decoded most of its
 * segments again (3–4× slower than with the columns cached).
 */
function defaultCacheBytes(): number {
  return Math.max(64 * 1024 * 1024, Math.floor(columnHeapStats().maxBytes / 2));
}

export interface StoreOptions extends OpenOptions {
  /** Fail with DATABASE_NOT_FOUND instead of creating a database where there is none. */
  readonly mustExist?: boolean;
  /** Maximum rows per segment (default 131072). */
  readonly segmentRows?: number;
  /** Bytes of decoded segment blobs kept in memory (default: half the column heap's cap, so 512 MiB with 4 GiB of RAM or more; at least 64 MiB). */
  readonly cacheBytes?: number;
  /** Level-0 segments that trigger a compaction (default 4). */
  readonly level0Trigger?: number;
  /** Rows level 1 may hold before merging into level 2, x10 per deeper level (default 10 segments' worth). */
  readonly level1Rows?: number;
}

export interface Store {
  readonly path: string;
  createTable(def: TableDef): TableInfo;
  dropTable(name: string): void;
  alterTable(name: string, change: AlterChange): TableInfo;
  tableInfo(name: string): TableInfo;
  tables(): readonly TableInfo[];
  hasTable(name: string): boolean;
  write<T>(fn: (tx: WriteTxn) => T): T;
  snapshot(): Snapshot;
  flush(table?: string): void;
  /** Flushes the memtable, then merges every level into the deepest one (tombstones dropped). */
  compact(table?: string): void;
  verify(): { segments: number; errors: string[] };
  close(): void;
}

class StoreImpl implements Store {
  private readonly cache: BlobCache;
  private readonly layouts = new LayoutCache();
  private segIdFloor = 0;
  private readonly snapshots = new Set<SnapshotImpl>();
  private closed = false;

  constructor(
    private readonly backend: KvBackend,
    private readonly options: StoreOptions,
  ) {
    this.cache = new BlobCache(options.cacheBytes ?? defaultCacheBytes());
  }

  get path(): string {
    return this.backend.path;
  }

  private check(): void {
    if (this.closed) throw storageError('STORE_CLOSED', 'the store is closed');
  }

  private read<T>(fn: (kv: KvRead) => T): T {
    this.check();
    const txn = this.backend.beginRead();
    try {
      return fn(txn);
    } finally {
      releasePins(txn);
      txn.close();
    }
  }

  private lsm(w: KvWrite): LsmContext {
    return {
      w,
      segmentRows: this.options.segmentRows ?? 131072,
      level0Trigger: this.options.level0Trigger ?? 4,
      level1Rows: this.options.level1Rows ?? 10 * (this.options.segmentRows ?? 131072),
      nextSegId: () => {
        this.segIdFloor = Math.max(this.segIdFloor, readCounter(w, NEXT_SEG_ID)) + 1;
        writeCounter(w, NEXT_SEG_ID, this.segIdFloor);
        return this.segIdFloor;
      },
    };
  }

  /**
   * One write transaction; column-heap pins taken by its reads end with it,
   * and if it changed the catalog or a segment list it bumps LAYOUT_GEN (in
   * the same transaction), which retires the snapshots' decoded layouts.
   */
  private writeKv<T>(fn: (w: KvWrite) => T): T {
    this.check();
    return this.backend.write((inner) => {
      let touched = false;
      const layoutDb = (db: DbName): void => {
        if (db === 'catalog' || db === 'segments') touched = true;
      };
      const w: KvWrite = {
        get: (db, key) => inner.get(db, key),
        view: (db, key) => inner.view(db, key),
        range: (db, query) => inner.range(db, query),
        put: (db, key, value) => {
          layoutDb(db);
          inner.put(db, key, value);
        },
        delete: (db, key) => {
          layoutDb(db);
          return inner.delete(db, key);
        },
      };
      try {
        const result = fn(w);
        if (touched) writeCounter(inner, LAYOUT_GEN, readCounter(inner, LAYOUT_GEN) + 1);
        return result;
      } finally {
        releasePins(w);
      }
    });
  }

  createTable(def: TableDef): TableInfo {
    return this.writeKv((w) => createTableIn(w, def));
  }

  dropTable(name: string): void {
    this.writeKv((w) => dropTableIn(w, this.cache, name));
  }

  alterTable(name: string, change: AlterChange): TableInfo {
    return this.writeKv((w) => {
      const next = alterTableIn(w, name, change);
      checkNewForeignKey(w, this.cache, next, change);
      return tableInfoOf(next);
    });
  }

  tableInfo(name: string): TableInfo {
    return this.read((kv) => tableInfoOf(loadRecord(kv, name)));
  }

  tables(): readonly TableInfo[] {
    return this.read((kv) => listRecords(kv).map(tableInfoOf));
  }

  hasTable(name: string): boolean {
    return this.read((kv) => findRecord(kv, name) !== undefined);
  }

  write<T>(fn: (tx: WriteTxn) => T): T {
    return this.writeKv((w) => {
      const seq = readCounter(w, SEQ) + 1;
      writeCounter(w, SEQ, seq);
      const tx = new WriteTxnImpl(w, seq, this.cache, this.lsm(w), {
        memtableBytes: this.options.memtableBytes ?? 8 * 1024 * 1024,
        autoCompact: this.options.autoCompact ?? true,
      });
      const result = fn(enforceForeignKeys(tx));
      tx.finish();
      return result;
    });
  }

  snapshot(): Snapshot {
    this.check();
    const snap = new SnapshotImpl(this.backend.beginRead(), this.cache, this.layouts, this.options.batchSize ?? 4096, (s) => this.snapshots.delete(s));
    this.snapshots.add(snap);
    return snap;
  }

  private names(kv: KvRead, table: string | undefined): string[] {
    return table === undefined ? listRecords(kv).map((r) => r.name) : [loadRecord(kv, table).name];
  }

  flush(table?: string): void {
    this.writeKv((w) => {
      const ctx = this.lsm(w);
      for (const name of this.names(w, table)) flushMemtable(ctx, new TableView(w, loadRecord(w, name), this.cache));
    });
  }

  compact(table?: string): void {
    this.writeKv((w) => {
      const ctx = this.lsm(w);
      for (const name of this.names(w, table)) {
        const fresh = (): TableView => new TableView(w, loadRecord(w, name), this.cache);
        flushMemtable(ctx, fresh());
        compactAll(ctx, fresh);
      }
    });
  }

  verify(): { segments: number; errors: string[] } {
    return this.read((kv) => {
      const errors: string[] = [];
      const known = new Set<number>();
      let segments = 0;
      for (const rec of listRecords(kv)) {
        const prefix = tablePrefix(rec.id);
        const deep: { level: number; segId: number; min: string; max: string }[] = [];
        for (const { value } of kv.range('segments', { start: prefix, end: prefixEnd(prefix)! })) {
          const meta = decodeMeta(value);
          segments++;
          if (meta.level >= 1) deep.push({ level: meta.level, segId: meta.segId, min: meta.minKey, max: meta.maxKey });
          known.add(meta.segId);
          for (const { key, ref, what } of blobKeysOf(meta)) {
            const bytes = kv.get('blobs', key);
            if (bytes === undefined) errors.push(`table ${rec.name} segment ${meta.segId}: ${what} blob is missing`);
            else if (bytes.length !== ref.bytes || checksum64(bytes) !== ref.checksum) {
              errors.push(`table ${rec.name} segment ${meta.segId}: ${what} checksum mismatch`);
            }
          }
        }
        // Every level >= 1 is one sorted run: its segments' key ranges do not overlap.
        // (Hex of the order-preserving key encoding sorts like the keys.)
        deep.sort((a, b) => a.level - b.level || (a.min < b.min ? -1 : a.min > b.min ? 1 : 0));
        for (let i = 1; i < deep.length; i++) {
          const a = deep[i - 1]!;
          const b = deep[i]!;
          if (a.level === b.level && a.max >= b.min) errors.push(`table ${rec.name} level ${a.level}: segments ${a.segId} and ${b.segId} overlap`);
        }
      }
      for (const { key } of kv.range('blobs')) {
        const segId = readU32be(key, 0);
        if (!known.has(segId)) errors.push(`orphaned blob of segment ${segId}`);
      }
      return { segments, errors };
    });
  }

  close(): void {
    if (this.closed) return;
    for (const s of [...this.snapshots]) s.close();
    this.closed = true;
    this.cache.clear();
    this.layouts.clear();
    this.backend.close();
  }
}

/** Opens (creating if needed) the store at a directory (see db-path.ts), or a memory-only store for ':memory:'. */
export function openStore(path: string, options: StoreOptions = {}): Store {
  const layout = resolveDbPath(path, options);
  let backend: KvBackend;
  try {
    backend =
      layout.kind === 'memory'
        ? new MemoryBackend(options.maxMapSize !== undefined ? { maxMapSize: options.maxMapSize } : {})
        : new LmdbBackend(layout.path, {
            ...(options.mapSize !== undefined ? { mapSize: options.mapSize } : {}),
            ...(options.maxMapSize !== undefined ? { maxMapSize: options.maxMapSize } : {}),
            ...(options.readOnly !== undefined ? { readOnly: options.readOnly } : {}),
            singleFile: layout.kind === 'file',
          });
  } catch (e) {
    undoCreate(layout);
    throw openFailure(layout, e);
  }
  return new StoreImpl(backend, options);
}
