/**
 * Writing one immutable segment: each physical column, the encoded keys, the
 * tombstone flags and a bloom filter become separate blobs (so a scan reads
 * only the columns it needs), and the metadata with zone maps and checksums
 * is stored last, all in the caller's write transaction.
 */
import { makeData, Bool } from 'apache-arrow';
import { invariant } from '../../errors/pyralog-error.js';
import type { Column } from '../arrow/column-ops.js';
import { zoneOf } from '../arrow/column-ops.js';
import type { ColumnDef } from '../catalog/table-record.js';
import { scalarToJson } from '../codec/scalar-json.js';
import { checksum64 } from '../codec/xxhash.js';
import { toHex } from '../kv/bytes.js';
import type { KvWrite } from '../kv/kv-backend.js';
import { BloomFilter } from './bloom-filter.js';
import { encodeColumnBlob } from './ipc-blob.js';
import { BLOB_BLOOM, BLOB_COLUMN, BLOB_DELETED, BLOB_KEYS, blobKey, encodeMeta, segmentKey, type BlobRef, type ColumnMeta, type SegmentMeta } from './segment-meta.js';

/** Rows of a segment-to-be, sorted by key with unique keys. */
export interface SegmentRows {
  /** Binary column of encoded primary keys. */
  readonly keys: Column;
  /** Per row: 1 = tombstone. Null when there are none. */
  readonly deleted: Uint8Array | null;
  /** Aligned with the physical columns of the version. Tombstone rows hold NULLs. */
  readonly columns: readonly Column[];
  readonly seqMin: number;
  readonly seqMax: number;
}

export interface SegmentPlacement {
  readonly tableId: number;
  readonly segId: number;
  readonly level: number;
  readonly order: number;
  readonly version: number;
}

function putBlob(w: KvWrite, key: Uint8Array, bytes: Uint8Array): BlobRef {
  w.put('blobs', key, bytes);
  return { bytes: bytes.length, checksum: checksum64(bytes) };
}

function keyAt(keys: Column, i: number): Uint8Array {
  const off = keys.valueOffsets as Int32Array;
  return (keys.values as Uint8Array).subarray(off[i]!, off[i + 1]!);
}

export function writeSegment(w: KvWrite, at: SegmentPlacement, defs: readonly ColumnDef[], rows: SegmentRows): SegmentMeta {
  const n = rows.keys.length;
  invariant(n > 0, 'segments are never empty');
  invariant(rows.columns.length === defs.length, 'one column per physical column');
  const columns: ColumnMeta[] = defs.map((def, j) => {
    const col = rows.columns[j]!;
    invariant(col.length === n, 'columns have the segment length');
    const zone = zoneOf(def.type, col);
    const ref = putBlob(w, blobKey(at.segId, BLOB_COLUMN, def.colId), encodeColumnBlob(col));
    return { colId: def.colId, ...ref, min: scalarToJson(zone.min), max: scalarToJson(zone.max), nullCount: zone.nullCount, order: 1 };
  });
  const keys = putBlob(w, blobKey(at.segId, BLOB_KEYS), encodeColumnBlob(rows.keys));
  const bloom = BloomFilter.forKeys(n);
  const keyOffsets = rows.keys.valueOffsets as Int32Array;
  const keyData = rows.keys.values as Uint8Array;
  for (let i = 0; i < n; i++) bloom.addRange(keyData, keyOffsets[i]!, keyOffsets[i + 1]!);
  const bloomRef = putBlob(w, blobKey(at.segId, BLOB_BLOOM), bloom.bits);
  let tombstones = 0;
  let deleted: BlobRef | undefined;
  if (rows.deleted) {
    const bits = new Uint8Array(((n + 63) >>> 6) << 3);
    for (let i = 0; i < n; i++) {
      if (rows.deleted[i]) {
        tombstones++;
        bits[i >>> 3] = bits[i >>> 3]! | (1 << (i & 7));
      }
    }
    if (tombstones > 0) {
      const data = makeData({ type: new Bool(), length: n, nullCount: 0, data: bits });
      deleted = putBlob(w, blobKey(at.segId, BLOB_DELETED), encodeColumnBlob(data));
    }
  }
  const meta: SegmentMeta = {
    ...at,
    rows: n,
    tombstones,
    minKey: toHex(keyAt(rows.keys, 0)),
    maxKey: toHex(keyAt(rows.keys, n - 1)),
    seqMin: rows.seqMin,
    seqMax: rows.seqMax,
    columns,
    keys,
    bloom: bloomRef,
    ...(deleted ? { deleted } : {}),
  };
  w.put('segments', segmentKey(at.tableId, at.segId), encodeMeta(meta));
  return meta;
}
