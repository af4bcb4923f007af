/**
 * The Store a Database hands to subsystems that write through storage
 * directly (CSV import, the chain): the same store, but every catalog change,
 * write, flush and compaction bumps the database's data generation, so
 * cached physical plans are re-planned against fresh statistics. Closing it
 * closes the database.
 */
import type { Store } from '../storage/index.js';

export function trackedStore(store: Store, onChange: () => void, onClose: () => void): Store {
  const changed = <T>(result: T): T => {
    onChange();
    return result;
  };
  return {
    get path() {
      return store.path;
    },
    createTable: (def) => changed(store.createTable(def)),
    dropTable: (name) => changed(store.dropTable(name)),
    alterTable: (name, change) => changed(store.alterTable(name, change)),
    tableInfo: (name) => store.tableInfo(name),
    tables: () => store.tables(),
    hasTable: (name) => store.hasTable(name),
    write: (fn) => {
      try {
        return store.write(fn);
      } finally {
        onChange();
      }
    },
    snapshot: () => store.snapshot(),
    flush: (table) => changed(store.flush(table)),
    compact: (table) => changed(store.compact(table)),
    verify: () => store.verify(),
    close: () => onClose(),
  };
}
