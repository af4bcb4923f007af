/**
 * A segment column blob copied into the column heap (see memory/wasm-heap.ts)
 * and decoded in place, with the lifetime rules that make that safe: the blob
 * cache holds one reference while the entry is cached, and every transaction
 * that handed the blob's Arrow views to its caller holds a pin until it ends
 * (snapshot closed, write committed or aborted). The heap block is freed only
 * when the entry has left the cache AND no transaction pins it, so a view a
 * query is still reading is never overwritten by a later load.
 *
 * Pins are kept per transaction object (the KvRead the segment reader reads
 * through); `releasePins(txn)` is called by whoever ends that transaction.
 */
import type { Data } from 'apache-arrow';
import { heapAlloc, heapBytes, heapFree, type HeapBlock } from '../../memory/wasm-heap.js';

export class HeapBlob {
  private pins = 0;
  private cached = true;
  private freed = false;

  constructor(
    readonly block: HeapBlock,
    readonly data: Data,
  ) {}

  /** The cache dropped the entry (or never kept it). */
  evict(): void {
    this.cached = false;
    this.maybeFree();
  }

  pin(): void {
    this.pins++;
  }

  unpin(): void {
    this.pins--;
    this.maybeFree();
  }

  get isFreed(): boolean {
    return this.freed;
  }

  private maybeFree(): void {
    if (!this.cached && this.pins === 0 && !this.freed) {
      this.freed = true;
      heapFree(this.block);
    }
  }
}

/**
 * Copies `bytes` (a transient view, e.g. LMDB's reused read buffer) into a new
 * heap block and decodes it there; null when the heap is full (the caller then
 * decodes an ordinary copy).
 */
export function loadHeapBlob(bytes: Uint8Array, decode: (bytes: Uint8Array) => Data): HeapBlob | null {
  const block = heapAlloc(bytes.length);
  if (block === null) return null;
  const view = heapBytes(block, bytes.length);
  view.set(bytes);
  try {
    return new HeapBlob(block, decode(view));
  } catch (e) {
    heapFree(block);
    throw e;
  }
}

const pinsByTxn = new WeakMap<object, Set<HeapBlob>>();

/** Pins `blob` for the life of `txn` (once per transaction). */
export function pinFor(txn: object, blob: HeapBlob): void {
  let set = pinsByTxn.get(txn);
  if (set === undefined) {
    set = new Set();
    pinsByTxn.set(txn, set);
  }
  if (!set.has(blob)) {
    set.add(blob);
    blob.pin();
  }
}

/** Ends every pin `txn` holds: its views on heap blobs must be dead from now on. */
export function releasePins(txn: object): void {
  const set = pinsByTxn.get(txn);
  if (set === undefined) return;
  pinsByTxn.delete(txn);
  for (const blob of set) blob.unpin();
}

/** Heap blobs pinned by `txn` (for tests). */
export function pinnedCount(txn: object): number {
  return pinsByTxn.get(txn)?.size ?? 0;
}
