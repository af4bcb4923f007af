/**
 * The public entry of Pyralog's storage engine: open a store, and the types
 * callers code against. Everything else in src/storage is internal.
 */
export { openStore, type Store, type StoreOptions } from './store.js';
export type { AlterChange } from './catalog/alter-change.js';
export { systemTableError } from './catalog/system-table.js';
export type {
  KeyBound,
  KvReader,
  KvWriter,
  OpenOptions,
  Row,
  ScanOptions,
  Snapshot,
  TableDef,
  TableInfo,
  TableStats,
  TableWriter,
  WriteTxn,
  ZonePredicate,
} from './api.js';
