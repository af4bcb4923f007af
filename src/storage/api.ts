/**
 * The narrow interface between storage and everything above it (engine,
 * chain, CLI). Implementations live beside this file; callers depend only on
 * these types. Storage knows nothing of query languages: predicates it is
 * given are simple column-vs-literal comparisons used to skip data.
 */
import type { RecordBatch } from 'apache-arrow';
import type { Scalar } from '../types/data-type.js';
import type { ForeignKeyInfo, ForeignKeySpec } from '../types/foreign-key.js';
import type { Field, Schema } from '../types/schema.js';

export interface OpenOptions {
  /** Flush a table's memtable to a segment once it holds this many bytes (approx.). Default 8 MiB. */
  readonly memtableBytes?: number;
  /** Initial LMDB map size in bytes; grows automatically up to `maxMapSize`. */
  readonly mapSize?: number;
  readonly maxMapSize?: number;
  /** Compact automatically after flushes (default true). */
  readonly autoCompact?: boolean;
  /** Rows per batch produced by scans (default 4096). */
  readonly batchSize?: number;
  readonly readOnly?: boolean;
}

export interface TableDef {
  readonly name: string;
  /** Fields of the table (the hidden row id, when there is no primary key, is not listed). */
  readonly fields: readonly Field[];
  /** Names of the primary-key columns, in key order; empty = hidden row id. */
  readonly primaryKey: readonly string[];
  /** Owned by the system (the chain's tables): users cannot drop, replace, alter or write it through the public API (SYSTEM_TABLE). */
  readonly system?: boolean;
  /** Foreign keys declared with the table (each checked as db.addForeignKey checks it; a key may reference the table itself). */
  readonly foreignKeys?: readonly ForeignKeySpec[];
}

export interface TableInfo extends TableDef {
  readonly id: number;
  /** Current schema version; 1 at creation, +1 per ALTER (adding or dropping a foreign key counts). */
  readonly version: number;
  readonly schema: Schema;
  /** The table's declared foreign keys (it is the referencing table); [] when none. */
  readonly foreignKeys: readonly ForeignKeyInfo[];
}

export interface TableStats {
  readonly rowCount: number;
  readonly segmentCount: number;
  readonly memtableRows: number;
  /** Per column: min / max / null count over all segments and the memtable, when known. */
  readonly columns: Readonly<Record<string, { readonly min: Scalar; readonly max: Scalar; readonly nullCount: number; readonly distinctEstimate?: number }>>;
}

/** A simple predicate storage can evaluate against zone maps and key ranges. */
export interface ZonePredicate {
  readonly column: string;
  readonly op: '=' | '!=' | '<' | '<=' | '>' | '>=' | 'is_null' | 'is_not_null' | 'in';
  readonly value?: Scalar;
  readonly values?: readonly Scalar[];
}

export interface KeyBound {
  /** Values of a prefix of the primary key columns. */
  readonly values: readonly Scalar[];
  readonly inclusive: boolean;
}

export interface ScanOptions {
  /** Columns to produce, in order (default: all, in table order). */
  readonly columns?: readonly string[];
  /** Restrict to a primary-key range. */
  readonly lower?: KeyBound;
  readonly upper?: KeyBound;
  /** Conjunctive predicates used ONLY to skip segments (zone maps); rows are not filtered by them exactly. */
  readonly predicates?: readonly ZonePredicate[];
  readonly batchSize?: number;
  /** Descending key order. */
  readonly reverse?: boolean;
}

/** A row as a plain object keyed by column name; values use the JS scalar types of data-type.ts. */
export type Row = Readonly<Record<string, Scalar>>;

/** A consistent point-in-time view (one LMDB read transaction). Close it when done. */
export interface Snapshot {
  table(name: string): TableInfo;
  tables(): readonly TableInfo[];
  /**
   * Batches in primary-key order, newest version of each key, tombstones hidden.
   * Column buffers are views on the column heap (WebAssembly memory) that stay
   * valid until this snapshot is closed: copy what must outlive it.
   */
  scan(table: string, options?: ScanOptions): Iterable<RecordBatch>;
  /** Point lookup by full primary key. */
  get(table: string, key: readonly Scalar[]): Row | undefined;
  stats(table: string): TableStats;
  kv(namespace: string): KvReader;
  close(): void;
}

export interface KvReader {
  get(key: Uint8Array | string): Uint8Array | undefined;
  /** Keys in byte order within [start, end). */
  range(options?: { start?: Uint8Array | string; end?: Uint8Array | string; reverse?: boolean; limit?: number }): Iterable<{ key: Uint8Array; value: Uint8Array }>;
}

export interface KvWriter extends KvReader {
  put(key: Uint8Array | string, value: Uint8Array | string): void;
  delete(key: Uint8Array | string): void;
}

export interface TableWriter {
  insert(rows: readonly Row[]): void; // error DUPLICATE_KEY if a key exists
  upsert(rows: readonly Row[]): void;
  /** Deletes rows by full primary key; returns how many existed (keys without a live row are no change). */
  delete(keys: readonly (readonly Scalar[])[]): number;
  /** Columnar bulk append (fast path for import); same semantics as upsert. */
  appendBatch(batch: RecordBatch): void;
}

/** One atomic LMDB write transaction over tables and key-value namespaces. */
export interface WriteTxn {
  table(name: string): TableWriter;
  /** Creates a table in this transaction (it exists for later steps of the transaction, and for others once it commits). */
  createTable(def: TableDef): TableInfo;
  /** Drops a table in this transaction (UNKNOWN_TABLE if there is none). */
  dropTable(name: string): void;
  kv(namespace: string): KvWriter;
  /** Reads inside the write transaction see its own writes. */
  get(table: string, key: readonly Scalar[]): Row | undefined;
}
