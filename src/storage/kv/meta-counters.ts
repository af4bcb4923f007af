/**
 * Persistent counters and sizes in the 'meta' sub-database (sequence number,
 * next table id, next segment id, row-id counters, memtable byte counts),
 * read and written inside the caller's transaction.
 */
import { utf8 } from './bytes.js';
import type { KvRead, KvWrite } from './kv-backend.js';

/** Encoded counter keys by name (a snapshot reads LAYOUT_GEN on every first table access). */
const keyBytes = new Map<string, Uint8Array>();

function counterKey(name: string): Uint8Array {
  let k = keyBytes.get(name);
  if (k === undefined) {
    k = utf8(name);
    if (keyBytes.size < 1024) keyBytes.set(name, k); // row-id and size counters are per table: bounded
  }
  return k;
}

export function readCounter(kv: KvRead, name: string): number {
  // A transient view (no copy): the 8 bytes are read at once.
  const v = kv.view('meta', counterKey(name));
  if (v === undefined || v.length !== 8) return 0;
  return new DataView(v.buffer, v.byteOffset, 8).getFloat64(0);
}

export function writeCounter(w: KvWrite, name: string, value: number): void {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setFloat64(0, value);
  w.put('meta', utf8(name), out);
}

export function deleteCounter(w: KvWrite, name: string): void {
  w.delete('meta', utf8(name));
}

export const SEQ = 'seq';
export const NEXT_TABLE_ID = 'next-table-id';
export const NEXT_SEG_ID = 'next-segment-id';
/** Bumped by every write transaction that changes the catalog or any segment list (lets snapshots reuse decoded ones). */
export const LAYOUT_GEN = 'layout-generation';
export const rowIdCounter = (tableId: number): string => `rowid/${tableId}`;
export const memBytesCounter = (tableId: number): string => `membytes/${tableId}`;
