/**
 * The metadata of one immutable segment, as stored in the 'segments'
 * sub-database: level and recency, schema version, row count, key range,
 * per-column zone maps (min/max/null count), blob sizes and checksums. Also
 * the KV keys under which a segment's metadata and blobs live.
 */
import { concatBytes, u32be, readU32be } from '../kv/bytes.js';
import type { JsonScalar } from '../codec/scalar-json.js';

export interface BlobRef {
  readonly bytes: number;
  readonly checksum: string;
}

export interface ColumnMeta extends BlobRef {
  readonly colId: number;
  readonly min: JsonScalar;
  readonly max: JsonScalar;
  readonly nullCount: number;
  /**
   * 1: min/max follow the value order of types/value-order.ts (a float64
   * NaN counts, as the max). Absent in segments written before it: their
   * float64 zones may leave NaN out, so they are not used for pruning.
   */
  readonly order?: 1;
}

export interface SegmentMeta {
  readonly segId: number;
  readonly tableId: number;
  /** 0 = freshly flushed (segments may overlap); >= 1 = one sorted run per level. */
  readonly level: number;
  /** Recency within level 0: larger is newer. */
  readonly order: number;
  /** Schema version the columns were written under. */
  readonly version: number;
  readonly rows: number;
  /** Rows that are tombstones (deletes). */
  readonly tombstones: number;
  /** Encoded primary keys of the first and last row, hex. */
  readonly minKey: string;
  readonly maxKey: string;
  readonly seqMin: number;
  readonly seqMax: number;
  readonly columns: readonly ColumnMeta[];
  readonly keys: BlobRef;
  readonly deleted?: BlobRef;
  readonly bloom: BlobRef;
}

export const BLOB_COLUMN = 1;
export const BLOB_KEYS = 2;
export const BLOB_DELETED = 3;
export const BLOB_BLOOM = 4;

export function segmentKey(tableId: number, segId: number): Uint8Array {
  return concatBytes([u32be(tableId), u32be(segId)]);
}

export function tablePrefix(tableId: number): Uint8Array {
  return u32be(tableId);
}

export function segIdOfKey(key: Uint8Array): number {
  return readU32be(key, 4);
}

export function blobKey(segId: number, kind: number, colId = 0): Uint8Array {
  return concatBytes([u32be(segId), Uint8Array.of(kind), u32be(colId)]);
}

/** All blob keys of a segment. */
export function blobKeysOf(meta: SegmentMeta): { key: Uint8Array; ref: BlobRef; what: string }[] {
  const out = meta.columns.map((c) => ({ key: blobKey(meta.segId, BLOB_COLUMN, c.colId), ref: c as BlobRef, what: `column ${c.colId}` }));
  out.push({ key: blobKey(meta.segId, BLOB_KEYS), ref: meta.keys, what: 'keys' });
  out.push({ key: blobKey(meta.segId, BLOB_BLOOM), ref: meta.bloom, what: 'bloom' });
  if (meta.deleted) out.push({ key: blobKey(meta.segId, BLOB_DELETED), ref: meta.deleted, what: 'tombstones' });
  return out;
}

export function encodeMeta(meta: SegmentMeta): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(meta));
}

export function decodeMeta(bytes: Uint8Array): SegmentMeta {
  return JSON.parse(new TextDecoder().decode(bytes)) as SegmentMeta;
}
