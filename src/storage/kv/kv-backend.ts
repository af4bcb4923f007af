/**
 * The internal key-value interface every layer above talks to: a handful of
 * named sorted maps (byte keys, byte values) with snapshot read transactions
 * and atomic write transactions. Two implementations sit behind it: LMDB
 * (durable) and an in-memory copy-on-write map (':memory:').
 */
import type { PyralogError } from '../../errors/pyralog-error.js';
import { storageError } from '../errors.js';

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

/**
 * The longest stored key in bytes (LMDB's compiled-in limit, kept by the
 * memory backend too so both agree): a table's encoded primary key with its
 * prefix, or a key-value namespace's name, a 0x00 and the key.
 */
export const MAX_KEY_BYTES = 1978;

/** The longest encoded primary key: a memtable key is the table's 4-byte id and the encoded key. */
export const MAX_PRIMARY_KEY_BYTES = MAX_KEY_BYTES - 4;

/** KEY_TOO_LARGE for row `row` of a write to `table` whose primary key encodes to `bytes` bytes. */
export function primaryKeyTooLarge(table: string, row: number, bytes: number): PyralogError {
  return storageError('KEY_TOO_LARGE', `table ${table}: the primary key of row ${row} encodes to ${bytes} bytes; primary keys are limited to ${MAX_PRIMARY_KEY_BYTES} bytes`, {
    hints: ['use a shorter key: for long text, key by a hash of it and keep the text in a column'],
    details: { row, bytes, limit: MAX_PRIMARY_KEY_BYTES },
  });
}

/** KEY_TOO_LARGE for a key of `bytes` bytes in sub-database `db` (nothing is written: the caller's transaction rolls back). */
export function keyTooLarge(db: DbName, bytes: number): PyralogError {
  const what = db === 'kv' ? 'a key-value key (with its namespace name)' : 'a primary key';
  return storageError('KEY_TOO_LARGE', `${what} encodes to ${bytes} bytes; stored keys are limited to ${MAX_KEY_BYTES} bytes`, {
    hints: ['use a shorter key: for long text, key by a hash of it and keep the text in a column or value'],
    details: { bytes, limit: MAX_KEY_BYTES },
  });
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
