/**
 * The part of Pyralog's Store the chain uses: creating its tables, one
 * atomic write transaction over tables and key-value namespaces, and
 * consistent read snapshots. Declared structurally so the chain depends only
 * on storage/api.ts; `openStore()` from storage/index.ts satisfies it.
 */
import type { Snapshot, TableDef, WriteTxn } from '../../storage/api.js';
import type { AlterChange } from '../../storage/index.js';

export interface ChainStore {
  createTable(def: TableDef): unknown;
  /** Used once to mark the chain tables of a store made before the system flag (absent in test stores). */
  alterTable?(name: string, change: AlterChange): unknown;
  /** Runs `fn` inside one atomic (synchronous) write transaction; a throw inside aborts all of it. */
  write<T>(fn: (txn: WriteTxn) => T): T;
  snapshot(): Snapshot;
}

/** Runs `fn` over a snapshot and closes it. */
export function withSnapshot<T>(store: ChainStore, fn: (snap: Snapshot) => T): T {
  const snap = store.snapshot();
  try {
    return fn(snap);
  } finally {
    snap.close();
  }
}
