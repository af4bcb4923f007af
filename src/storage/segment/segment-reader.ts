/**
 * Reading one segment inside a read (or write) transaction: its columns
 * migrated to the current schema version, its encoded keys, tombstone flags
 * and bloom filter, all through the store's blob cache; and key search
 * (binary search over the sorted encoded keys).
 */
import type { Data } from 'apache-arrow';
import { storageError } from '../errors.js';
import type { KvRead } from '../kv/kv-backend.js';
import { constantColumn, type Column } from '../arrow/column-ops.js';
import { castColumn, migrationFrom } from '../catalog/migration.js';
import { versionOf, type ColumnDef, type TableRecord } from '../catalog/table-record.js';
import type { BlobCache } from './blob-cache.js';
import { BloomFilter } from './bloom-filter.js';
import { HeapBlob, loadHeapBlob, pinFor } from './heap-blob.js';
import { decodeColumnBlob } from './ipc-blob.js';
import { KeyIndex } from './key-index.js';
import { BLOB_BLOOM, BLOB_COLUMN, BLOB_DELETED, BLOB_KEYS, blobKey, type SegmentMeta } from './segment-meta.js';

export class SegmentReader {
  /** Blobs fetched from the KV store (cache misses), for tests and stats. */
  blobReads = 0;
  /** Per-reader memo of decoded blobs by segment id * 2^16 + column id (skips cache keys and migration planning). */
  private readonly columnsMemo = new Map<number, Column>();
  private readonly keysMemo = new Map<number, Column>();
  private readonly bloomMemo = new Map<number, BloomFilter>();
  private readonly indexMemo = new Map<number, KeyIndex>();

  constructor(
    private readonly kv: KvRead,
    private readonly cache: BlobCache,
  ) {}

  private raw(meta: SegmentMeta, kind: number, colId = 0): Uint8Array {
    const bytes = this.kv.get('blobs', blobKey(meta.segId, kind, colId));
    this.blobReads++;
    if (bytes === undefined) throw storageError('CORRUPT_SEGMENT', `segment ${meta.segId} is missing blob ${kind}/${colId}`);
    return bytes;
  }

  private blob(meta: SegmentMeta, kind: number, colId = 0, scan = false): Data {
    return this.cache.get(
      `${meta.segId}:${kind}:${colId}`,
      () => {
        const bytes = this.raw(meta, kind, colId);
        return { value: decodeColumnBlob(bytes), bytes: bytes.length };
      },
      scan,
    );
  }

  keys(meta: SegmentMeta): Column {
    let k = this.keysMemo.get(meta.segId);
    if (k === undefined) {
      k = this.blob(meta, BLOB_KEYS);
      this.keysMemo.set(meta.segId, k);
    }
    return k;
  }

  deleted(meta: SegmentMeta): Column | null {
    return meta.deleted ? this.blob(meta, BLOB_DELETED) : null;
  }

  isDeleted(meta: SegmentMeta, row: number): boolean {
    const d = this.deleted(meta);
    if (d === null) return false;
    return ((d.values as Uint8Array)[row >>> 3]! >>> (row & 7)) & 1 ? true : false;
  }

  bloom(meta: SegmentMeta): BloomFilter {
    let b = this.bloomMemo.get(meta.segId);
    if (b === undefined) {
      b = this.loadBloom(meta);
      this.bloomMemo.set(meta.segId, b);
    }
    return b;
  }

  private loadBloom(meta: SegmentMeta): BloomFilter {
    return this.cache.get(`${meta.segId}:${BLOB_BLOOM}`, () => {
      const bytes = this.raw(meta, BLOB_BLOOM);
      return { value: new BloomFilter(bytes), bytes: bytes.length };
    });
  }

  /**
   * A column blob, copied out of the store straight into the column heap and
   * decoded there (Arrow views on WebAssembly memory), pinned for this
   * reader's transaction; an ordinary buffer when the heap is full. Keys,
   * tombstone flags and blooms stay ordinary buffers: indexes built from them
   * outlive any one transaction.
   */
  private columnBlob(meta: SegmentMeta, colId: number, scan: boolean): Data {
    const kv = this.kv;
    const value = this.cache.get<HeapBlob | Data>(
      `${meta.segId}:${BLOB_COLUMN}:${colId}`,
      () => {
        const key = blobKey(meta.segId, BLOB_COLUMN, colId);
        const view = kv.view('blobs', key);
        this.blobReads++;
        if (view === undefined) throw storageError('CORRUPT_SEGMENT', `segment ${meta.segId} is missing blob ${BLOB_COLUMN}/${colId}`);
        const bytes = view.length;
        const blob = loadHeapBlob(view, decodeColumnBlob);
        // A copy: the view is the backend's reused buffer (and Buffer#slice would not copy).
        if (blob === null) return { value: decodeColumnBlob(new Uint8Array(view)), bytes };
        pinFor(kv, blob);
        return { value: blob, bytes, onEvict: () => blob.evict() };
      },
      scan,
    );
    if (value instanceof HeapBlob) {
      pinFor(kv, value);
      return value.data;
    }
    return value;
  }

  /** The column `target` of the current schema, read through the migration from the segment's version. */
  column(rec: TableRecord, meta: SegmentMeta, target: ColumnDef, memo = true): Column {
    const memoKey = meta.segId * 65536 + target.colId;
    let col = this.columnsMemo.get(memoKey);
    if (col === undefined) {
      // Scans pass memo=false so a long scan does not pin every column it has read
      // (and their blobs enter the cache's scan tier, which a long scan cannot flush).
      col = this.loadColumn(rec, meta, target, !memo);
      if (memo) this.columnsMemo.set(memoKey, col);
    }
    return col;
  }

  private loadColumn(rec: TableRecord, meta: SegmentMeta, target: ColumnDef, scan: boolean): Column {
    const [source] = migrationFrom(rec, versionOf(rec, meta.version), [target]);
    if (source!.kind === 'default') {
      const value = source!.value;
      return this.cache.get(`${meta.segId}:default:${target.colId}:${target.type}`, () => ({ value: constantColumn(target.type, value, meta.rows), bytes: meta.rows * 8 }));
    }
    const { colId, from, to } = source!;
    if (from === to) return this.columnBlob(meta, colId, scan);
    return this.cache.get(
      `${meta.segId}:cast:${colId}:${to}`,
      () => ({ value: castColumn(this.columnBlob(meta, colId, scan), from, to), bytes: meta.rows * 8 }),
      scan,
    );
  }

  /** The numeric search index over the segment's keys. */
  keyIndex(meta: SegmentMeta): KeyIndex {
    let k = this.indexMemo.get(meta.segId);
    if (k === undefined) {
      k = this.cache.get(`${meta.segId}:index`, () => {
        const index = KeyIndex.build(this.keys(meta));
        return { value: index, bytes: index.bytes };
      });
      this.indexMemo.set(meta.segId, k);
    }
    return k;
  }

  /** First row whose key is >= key (or > key when `after`). */
  lowerBound(meta: SegmentMeta, key: Uint8Array, after = false): number {
    return this.keyIndex(meta).lowerBound(key, after);
  }

  /** Row of an exact key, or -1. */
  find(meta: SegmentMeta, key: Uint8Array): number {
    return this.keyIndex(meta).find(key);
  }
}
