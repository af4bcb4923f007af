/**
 * A test double of the Pyralog store for chain tests: tables as maps of rows
 * by primary key, key-value namespaces as maps, and write transactions that
 * stage their changes and apply them only when the callback returns (a throw
 * discards them), like one LMDB write transaction. Scans are not offered;
 * tests read rows by key and count them through `stats`.
 */
import type { KvReader, KvWriter, Row, Snapshot, TableDef, TableInfo, TableStats, TableWriter, WriteTxn } from '../../../storage/api.js';
import type { Scalar } from '../../../types/data-type.js';
import type { ChainStore } from '../chain-store.js';

const hexOf = (k: Uint8Array | string): string => (typeof k === 'string' ? Buffer.from(k, 'utf8') : Buffer.from(k)).toString('hex');
const keyOf = (values: readonly Scalar[]): string => values.map((v) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : String(v))).join('\u0000');

export class MemoryChainStore implements ChainStore {
  readonly tables = new Map<string, { def: TableDef; rows: Map<string, Row> }>();
  readonly kvs = new Map<string, Map<string, Uint8Array>>();
  writes = 0;

  createTable(def: TableDef): void {
    if (this.tables.has(def.name)) throw new Error(`table ${def.name} exists`);
    this.tables.set(def.name, { def, rows: new Map() });
  }

  private info(name: string): TableInfo {
    const t = this.tables.get(name);
    if (t === undefined) throw new Error(`no table ${name}`);
    return { ...t.def, id: 1, version: 1, schema: { fields: t.def.fields }, foreignKeys: [] };
  }

  private kvMap(ns: string): Map<string, Uint8Array> {
    let m = this.kvs.get(ns);
    if (m === undefined) {
      m = new Map();
      this.kvs.set(ns, m);
    }
    return m;
  }

  private reader(ns: string, staged?: Map<string, Uint8Array | null>): KvReader {
    return {
      get: (key) => {
        const h = hexOf(key);
        const s = staged?.get(h);
        if (s !== undefined) return s ?? undefined;
        return this.kvs.get(ns)?.get(h);
      },
      range: (o = {}) => {
        const merged = new Map(this.kvs.get(ns) ?? []);
        for (const [k, v] of staged ?? []) {
          if (v === null) merged.delete(k);
          else merged.set(k, v);
        }
        let keys = [...merged.keys()].sort();
        if (o.start !== undefined) keys = keys.filter((k) => k >= hexOf(o.start!));
        if (o.end !== undefined) keys = keys.filter((k) => k < hexOf(o.end!));
        if (o.reverse) keys.reverse();
        if (o.limit !== undefined) keys = keys.slice(0, o.limit);
        return keys.map((k) => ({ key: new Uint8Array(Buffer.from(k, 'hex')), value: merged.get(k)! }));
      },
    };
  }

  snapshot(): Snapshot {
    return {
      table: (name) => this.info(name),
      tables: () => [...this.tables.keys()].map((n) => this.info(n)),
      scan: () => {
        throw new Error('scan is not offered by the test store');
      },
      get: (table, key) => this.tables.get(table)?.rows.get(keyOf(key)),
      stats: (table): TableStats => ({ rowCount: this.tables.get(table)?.rows.size ?? 0, segmentCount: 0, memtableRows: 0, columns: {} }),
      kv: (ns) => this.reader(ns),
      close: () => undefined,
    };
  }

  write<T>(fn: (txn: WriteTxn) => T): T {
    const stagedKv = new Map<string, Map<string, Uint8Array | null>>();
    const stagedRows = new Map<string, Map<string, Row | null>>();
    const rowsOf = (name: string): Map<string, Row | null> => {
      if (!this.tables.has(name)) throw new Error(`no table ${name}`);
      let m = stagedRows.get(name);
      if (m === undefined) stagedRows.set(name, (m = new Map()));
      return m;
    };
    const pk = (name: string, row: Row): string => keyOf(this.tables.get(name)!.def.primaryKey.map((c) => row[c] ?? null));
    const txn: WriteTxn = {
      table: (name): TableWriter => ({
        insert: (rows) => {
          for (const r of rows) rowsOf(name).set(pk(name, r), r);
        },
        upsert: (rows) => {
          for (const r of rows) rowsOf(name).set(pk(name, r), r);
        },
        delete: (keys) => {
          let n = 0;
          for (const k of keys) {
            const staged = rowsOf(name);
            const key = keyOf(k);
            if (staged.has(key) ? staged.get(key) != null : this.tables.get(name)!.rows.has(key)) n++;
            staged.set(key, null);
          }
          return n;
        },
        appendBatch: () => {
          throw new Error('appendBatch is not offered by the test store');
        },
      }),
      // Tables are created at once, not staged (the chain creates them in a write of their own).
      createTable: (def) => {
        this.createTable(def);
        return this.info(def.name);
      },
      dropTable: () => {
        throw new Error('dropTable inside a write is not offered by the test store');
      },
      kv: (ns): KvWriter => {
        let staged = stagedKv.get(ns);
        if (staged === undefined) stagedKv.set(ns, (staged = new Map()));
        const s = staged;
        return {
          ...this.reader(ns, s),
          put: (key, value) => void s.set(hexOf(key), typeof value === 'string' ? new Uint8Array(Buffer.from(value, 'utf8')) : value.slice()),
          delete: (key) => void s.set(hexOf(key), null),
        };
      },
      get: (table, key) => {
        const s = stagedRows.get(table)?.get(keyOf(key));
        if (s !== undefined) return s ?? undefined;
        return this.tables.get(table)?.rows.get(keyOf(key));
      },
    };
    const result = fn(txn);
    for (const [ns, changes] of stagedKv) {
      const m = this.kvMap(ns);
      for (const [k, v] of changes) {
        if (v === null) m.delete(k);
        else m.set(k, v);
      }
    }
    for (const [name, changes] of stagedRows) {
      const rows = this.tables.get(name)!.rows;
      for (const [k, v] of changes) {
        if (v === null) rows.delete(k);
        else rows.set(k, v);
      }
    }
    this.writes++;
    return result;
  }
}
