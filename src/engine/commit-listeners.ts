/**
 * Commit listeners: who wants to hear, after the fact, that a write
 * transaction committed, and which tables and key-value namespaces it
 * touched. `wrapStore` puts the registry in front of a Store: every
 * `write(fn)` hands `fn` a recording WriteTxn, and once the write has
 * committed (returned without throwing) the listeners run with the names
 * written. Listeners run synchronously on the write path and must be cheap
 * (the server only marks subscriptions dirty and schedules their re-run).
 * A listener that throws is isolated: the write has committed already, the
 * other listeners still run, and the error is reported to `onListenerError`.
 */
import type { KvWriter, TableDef, TableInfo, TableWriter, WriteTxn } from '../storage/api.js';
import type { Store } from '../storage/index.js';

/** What one committed write transaction touched. */
export interface CommitInfo {
  /** Commit number within this Database object: 1, 2, 3, … in commit order (not persisted). */
  readonly sequence: number;
  readonly tables: ReadonlySet<string>;
  readonly namespaces: ReadonlySet<string>;
}

export type CommitListener = (tables: ReadonlySet<string>, info: CommitInfo) => void;

export class CommitListeners {
  private readonly listeners = new Set<CommitListener>();
  private seq = 0;

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  /** Number of write transactions committed through the wrapped store so far. */
  get sequence(): number {
    return this.seq;
  }

  get size(): number {
    return this.listeners.size;
  }

  /** Adds a listener; the returned function removes it. */
  add(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private fire(tables: Set<string>, namespaces: Set<string>): void {
    this.seq++;
    if (this.listeners.size === 0) return;
    const info: CommitInfo = { sequence: this.seq, tables, namespaces };
    for (const listener of [...this.listeners]) {
      try {
        listener(tables, info);
      } catch (e) {
        this.onListenerError(e);
      }
    }
  }

  /** `store` with every committed write (and DDL) reported to the listeners. */
  wrapStore(store: Store): Store {
    const ddl = <T>(table: string, result: T): T => {
      this.fire(new Set([table]), new Set());
      return result;
    };
    return {
      get path() {
        return store.path;
      },
      createTable: (def) => ddl(def.name, store.createTable(def)),
      dropTable: (name) => ddl(name, store.dropTable(name)),
      alterTable: (name, change) => ddl(name, store.alterTable(name, change)),
      tableInfo: (name) => store.tableInfo(name),
      tables: () => store.tables(),
      hasTable: (name) => store.hasTable(name),
      write: (fn) => {
        const tables = new Set<string>();
        const namespaces = new Set<string>();
        const result = store.write((tx) => fn(recordingTxn(tx, tables, namespaces)));
        this.fire(tables, namespaces);
        return result;
      },
      snapshot: () => store.snapshot(),
      flush: (table) => store.flush(table),
      compact: (table) => store.compact(table),
      verify: () => store.verify(),
      close: () => store.close(),
    };
  }
}

function recordingTxn(tx: WriteTxn, tables: Set<string>, namespaces: Set<string>): WriteTxn {
  return {
    table(name: string): TableWriter {
      const writer = tx.table(name);
      tables.add(name);
      return writer;
    },
    createTable(def: TableDef): TableInfo {
      const info = tx.createTable(def);
      tables.add(def.name);
      return info;
    },
    dropTable(name: string): void {
      tx.dropTable(name);
      tables.add(name);
    },
    kv(namespace: string): KvWriter {
      const writer = tx.kv(namespace);
      namespaces.add(namespace);
      return writer;
    },
    get: (table, key) => tx.get(table, key),
  };
}
