/**
 * The internal key-value interface every layer above talks to: a handful of
 * named sorted maps (byte keys, byte values) with snapshot read transactions
 * and atomic write transactions. Two implementations sit behind it: LMDB
 * (durable) and an in-memory copy-on-write map (':memory:').
 */

/** The fixed sub-databases of a store. */
export type DbName = 'meta' | 'catalog' | 'memtable' | 'segments' | 'blobs' | 'kv';

export const DB_NAMES: readonly DbName[] = ['meta', 'catalog', 'memtable', 'segments', 'blobs', 'kv'];

export interface RangeQuery {
  /** Inclusive lower bound (upper bound when reverse). */
  readonly start?: Uint8Array;
  /** Exclusive upper bound (lower bound when reverse). */
  readonly end?: Uint8Array;
  readonly reverse?: boolean;
  readonly limit?: number;
}

export interface KvEntry {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

export interface KvRead {
  /** The value at key, as a buffer owned by the caller (never reused). */
  get(db: DbName, key: Uint8Array): Uint8Array | undefined;
  /**
   * The value at key as a transient view, valid only until the next call on
   * this backend: no copy where the backend allows (LMDB's reused read
   * buffer). For callers that copy the bytes elsewhere at once.
   */
  view(db: DbName, key: Uint8Array): Uint8Array | undefined;
  /** Entries in key order within the query's bounds; keys and values are owned by the caller. */
  range(db: DbName, query?: RangeQuery): Iterable<KvEntry>;
}

export interface KvReadTxn extends KvRead {
  close(): void;
}

export interface KvWrite extends KvRead {
  put(db: DbName, key: Uint8Array, value: Uint8Array): void;
  /** True when the key existed. */
  delete(db: DbName, key: Uint8Array): boolean;
}

export interface KvBackend {
  readonly path: string;
  readonly readOnly: boolean;
  /** A consistent read view that stays valid while writers commit. */
  beginRead(): KvReadTxn;
  /** Runs fn in one atomic write transaction; nothing is applied if fn throws. Durable when it returns. */
  write<T>(fn: (w: KvWrite) => T): T;
  /** Approximate bytes of storage in use (file high-water mark for LMDB). */
  usedBytes(): number;
  close(): void;
}
