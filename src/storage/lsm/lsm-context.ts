/**
 * What flush and compaction need from the store inside a write transaction:
 * the transaction, fresh segment ids (never reused, even after an aborted
 * transaction), the size of output segments and the dropping of a segment.
 */
import type { KvWrite } from '../kv/kv-backend.js';
import { blobKeysOf, segmentKey, type SegmentMeta } from '../segment/segment-meta.js';

export interface LsmContext {
  readonly w: KvWrite;
  /** A new segment id; ids grow with time, so they also order level-0 segments. */
  nextSegId(): number;
  /** Maximum rows per output segment. */
  readonly segmentRows: number;
  /** Level-0 segment count that triggers a compaction into level 1. */
  readonly level0Trigger: number;
  /** Rows level 1 may hold before it merges into level 2; each deeper level holds 10x more. */
  readonly level1Rows: number;
}

/** Deletes a segment's metadata and blobs. */
export function dropSegment(w: KvWrite, meta: SegmentMeta): void {
  for (const { key } of blobKeysOf(meta)) w.delete('blobs', key);
  w.delete('segments', segmentKey(meta.tableId, meta.segId));
}
