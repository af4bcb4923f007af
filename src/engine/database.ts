/**
 * The embedded database: the one object users hold. It opens the storage,
 * runs queries in any registered language (compiled plans cached and checked
 * against the catalog, see query-compiler.ts), executes DDL/DML statements,
 * and gives direct access to tables, key-value namespaces and atomic write
 * transactions.
 */
import type { RecordBatch } from 'apache-arrow';
import { PyralogError } from '../errors/pyralog-error.js';
import type { KvWriter, Row, Snapshot, TableInfo, WriteTxn } from '../storage/api.js';
import { openStore, systemTableError, type AlterChange, type Store, type StoreOptions } from '../storage/index.js';
import type { Scalar } from '../types/data-type.js';
import type { Field } from '../types/schema.js';
import type { Explain } from './explain-query.js';
import { registerBuiltinLanguages } from './languages.js';
import type { Params } from './params.js';
import { PreparedQueryImpl, type PreparedQuery, type QueryEngine } from './prepared-query.js';
import { QueryCompiler, type CompilerStats } from './query-compiler.js';
import type { QueryResult, ResultRow } from './query-result.js';
import { addForeignKeyChange, type ColumnDef, type ExecOutcome, type Statement } from './statement.js';
import type { ForeignKeyInfo, ForeignKeySpec, TableForeignKey } from '../types/foreign-key.js';
import { trackedStore } from './tracked-store.js';
import * as check from './check-args.js';
import { guardSystemTables } from './guard-system-tables.js';
import { Sequences } from './sequences.js';
import { CommitListeners, type CommitListener } from './commit-listeners.js';
import type { Obelisk } from '../storage/sequencer/obelisk.js';
import type { Scarab, ScarabOptions } from '../storage/sequencer/scarab.js';

export interface DatabaseOptions extends StoreOptions {
  /** Compiled plans kept for reuse (default 256). */
  readonly planCacheSize?: number;
}

/** Direct writes and point reads on one table; each call is its own atomic, durable transaction. */
export interface TableHandle {
  readonly name: string;
  info(): TableInfo;
  /** Adds rows; DUPLICATE_KEY (and nothing written) if a key exists. Returns the number of rows. */
  insert(rows: readonly Row[]): number;
  /** Adds or replaces rows by primary key. */
  upsert(rows: readonly Row[]): number;
  /** Deletes rows by full primary key; returns how many existed (absent keys are no change). */
  delete(keys: readonly (readonly Scalar[])[]): number;
  /** The row with this full primary key, or undefined. */
  get(key: readonly Scalar[]): Row | undefined;
}

/** One key-value namespace; keys and values are bytes (strings are stored as UTF-8). */
export interface KvHandle {
  readonly namespace: string;
  get(key: Uint8Array | string): Uint8Array | undefined;
  put(key: Uint8Array | string, value: Uint8Array | string): void;
  delete(key: Uint8Array | string): void;
  /** Entries in key byte order within [start, end). */
  range(options?: { start?: Uint8Array | string; end?: Uint8Array | string; reverse?: boolean; limit?: number }): { key: Uint8Array; value: Uint8Array }[];
}

function isThenable(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

export class Database {
  private readonly compiler: QueryCompiler;
  private readonly engine: QueryEngine;
  private generation = 0;
  private closed = false;
  private tracked: Store | undefined;
  private readonly sequences: Sequences;
  private readonly commits: CommitListeners;
  private readonly store: Store;

  private constructor(store: Store, options: DatabaseOptions) {
    this.commits = new CommitListeners();
    this.store = this.commits.wrapStore(store);
    this.compiler = new QueryCompiler(options.planCacheSize ?? 256);
    this.sequences = new Sequences(store.path, options.readOnly === true);
    this.engine = {
      compiler: this.compiler,
      generation: () => this.generation,
      snapshot: () => this.snapshot(),
      checkOpen: () => this.check(),
      batchSize: options.batchSize,
    };
  }

  /** Opens (creating if needed) the database in directory `path`, or a memory-only one for ':memory:'. */
  static open(path: string, options: DatabaseOptions = {}): Database {
    check.checkOpenArgs(path, options);
    registerBuiltinLanguages();
    return new Database(openStore(path, options), options);
  }

  /** The directory (or ':memory:'). */
  get path(): string {
    return this.store.path;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private check(): void {
    if (this.closed) throw new PyralogError('DATABASE_CLOSED', 'the database is closed', { phase: 'execute' });
  }

  private changed(): void {
    this.generation++;
  }

  // ---- queries ------------------------------------------------------------

  /** Compiles `text` once (checked now against the current catalog); run it many times with new parameters. */
  prepare<R extends object = ResultRow>(lang: string, text: string, sampleParams?: Params): PreparedQuery<R> {
    this.check();
    check.checkQuery('prepare', lang, text, sampleParams);
    const prepared = new PreparedQueryImpl<R>(this.engine, lang, text);
    prepared.check(sampleParams);
    return prepared;
  }

  /** Runs `text` in language `lang` and returns the whole result. */
  querySync<R extends object = ResultRow>(lang: string, text: string, params?: Params): QueryResult<R> {
    this.check();
    check.checkQuery('querySync', lang, text, params);
    return new PreparedQueryImpl<R>(this.engine, lang, text).runSync(params);
  }

  /** Runs `text` in language `lang`; the promise settles with the whole result. */
  async query<R extends object = ResultRow>(lang: string, text: string, params?: Params): Promise<QueryResult<R>> {
    check.checkQuery('query', lang, text, params);
    return this.querySync<R>(lang, text, params);
  }

  /** Streams the result as Arrow record batches; the snapshot stays open until the iteration ends. */
  stream(lang: string, text: string, params?: Params): AsyncIterableIterator<RecordBatch> {
    this.check();
    check.checkQuery('stream', lang, text, params);
    return new PreparedQueryImpl(this.engine, lang, text).stream(params);
  }

  /** The logical plan before and after the rewrite rules (with the rule trace) and the physical plan. */
  explain(lang: string, text: string, params?: Params): Explain {
    this.check();
    check.checkQuery('explain', lang, text, params);
    return new PreparedQueryImpl(this.engine, lang, text).explain(params);
  }

  /** How often queries were compiled and physically planned (cache behaviour, for tests and tuning). */
  planStats(): Readonly<CompilerStats> & { readonly cached: number } {
    return { ...this.compiler.stats, cached: this.compiler.size };
  }

  // ---- DDL / DML -------------------------------------------------------------

  /** Runs one DDL or DML statement atomically. */
  exec(statement: Statement): ExecOutcome {
    this.check();
    check.checkStatement('exec', statement);
    return this.execChecked(statement);
  }

  /** exec() of a statement whose arguments the caller has checked already (rows are checked once, not twice). */
  private execChecked(statement: Statement): ExecOutcome {
    try {
      return this.execStatement(statement);
    } finally {
      this.changed();
    }
  }

  private execStatement(statement: Statement): ExecOutcome {
    guardSystemTables(this.store, statement);
    switch (statement.kind) {
      case 'create_table': {
        if (statement.ifNotExists === true && this.store.hasTable(statement.name)) return { changes: 0 };
        const pk = statement.primaryKey ?? [];
        const fields: Field[] = statement.columns.map((c) => ({
          name: c.name,
          type: c.type,
          nullable: c.nullable ?? !pk.includes(c.name),
          ...(c.metadata !== undefined ? { metadata: c.metadata } : {}),
        }));
        this.store.createTable({ name: statement.name, fields, primaryKey: pk, ...(statement.foreignKeys !== undefined ? { foreignKeys: statement.foreignKeys } : {}) });
        return { changes: 0 };
      }
      case 'drop_table':
        if (statement.ifExists === true && !this.store.hasTable(statement.name)) return { changes: 0 };
        this.store.dropTable(statement.name);
        return { changes: 0 };
      case 'alter_table':
        this.store.alterTable(statement.name, statement.change);
        return { changes: 0 };
      case 'insert':
        return { changes: this.store.write((tx) => (tx.table(statement.table).insert(statement.rows), statement.rows.length)) };
      case 'upsert':
        return { changes: this.store.write((tx) => (tx.table(statement.table).upsert(statement.rows), statement.rows.length)) };
      case 'delete':
        return { changes: this.store.write((tx) => tx.table(statement.table).delete(statement.keys)) };
      case 'add_foreign_key':
        this.store.alterTable(statement.table, addForeignKeyChange(statement));
        return { changes: 0 };
      case 'drop_foreign_key':
        this.store.alterTable(statement.table, { kind: 'drop_foreign_key', name: statement.name });
        return { changes: 0 };
    }
  }

  /** Creates a table; columns are nullable unless in the primary key (empty key = hidden row id); `options.foreignKeys` are declared with it. */
  createTable(name: string, columns: readonly ColumnDef[], primaryKey: readonly string[] = [], options: { readonly foreignKeys?: readonly ForeignKeySpec[] } = {}): TableInfo {
    check.checkString('createTable', 'the name', name);
    check.checkColumns('createTable', columns, primaryKey);
    check.checkOptionalObject('createTable', 'options', options);
    this.exec({ kind: 'create_table', name, columns, primaryKey, ...(options.foreignKeys !== undefined ? { foreignKeys: options.foreignKeys } : {}) });
    return this.store.tableInfo(name);
  }

  /**
   * Declares a foreign key on `table`: its `columns` reference the primary key
   * of `references.table` (see "Foreign keys" in docs/api.md). Informational
   * unless `enforced: true`. Returns the key as stored (name defaulted, columns
   * in key order).
   */
  addForeignKey(table: string, spec: ForeignKeySpec): ForeignKeyInfo {
    check.checkString('addForeignKey', 'the table', table);
    check.checkOptionalObject('addForeignKey', 'the foreign key', spec);
    this.exec({ ...spec, kind: 'add_foreign_key', table });
    const fks = this.store.tableInfo(table).foreignKeys;
    return fks[fks.length - 1]!;
  }

  /** Drops the foreign key `name` of `table` (UNKNOWN_FOREIGN_KEY when it has none by that name). */
  dropForeignKey(table: string, name: string): void {
    check.checkString('dropForeignKey', 'the table', table);
    check.checkString('dropForeignKey', 'the name', name);
    this.exec({ kind: 'drop_foreign_key', table, name });
  }

  /** The foreign keys of `table`, or of every table (by table id, then declaration order), each with its table's name. */
  foreignKeys(table?: string): readonly TableForeignKey[] {
    this.check();
    check.checkOptionalString('foreignKeys', 'the table', table);
    const infos = table === undefined ? this.store.tables() : [this.store.tableInfo(table)];
    return infos.flatMap((t) => t.foreignKeys.map((fk) => ({ table: t.name, ...fk })));
  }

  alterTable(name: string, change: AlterChange): TableInfo {
    check.checkString('alterTable', 'the name', name);
    check.checkChange('alterTable', change);
    this.exec({ kind: 'alter_table', name, change });
    return this.store.tableInfo(name);
  }

  dropTable(name: string): void {
    check.checkString('dropTable', 'the name', name);
    this.exec({ kind: 'drop_table', name });
  }

  tables(): readonly TableInfo[] {
    this.check();
    return this.store.tables();
  }

  /** Direct writes and point reads on one table (UNKNOWN_TABLE now if there is none). */
  table(name: string): TableHandle {
    this.check();
    check.checkString('table', 'the name', name);
    this.store.tableInfo(name);
    return {
      name,
      // Through a snapshot: its catalog view decodes the record once per catalog change, not per call.
      info: () => (this.check(), this.read((s) => s.table(name))),
      insert: (rows) => (this.check(), check.checkRows('insert', rows), this.execChecked({ kind: 'insert', table: name, rows }).changes),
      upsert: (rows) => (this.check(), check.checkRows('upsert', rows), this.execChecked({ kind: 'upsert', table: name, rows }).changes),
      delete: (keys) => (check.checkKeys('delete', keys), this.exec({ kind: 'delete', table: name, keys }).changes),
      get: (key) => (check.checkKey('get', 'the key', key), this.read((s) => s.get(name, key))),
    };
  }

  /** A key-value namespace; each put/delete is its own atomic transaction (use transaction() to group). */
  kv(namespace: string): KvHandle {
    this.check();
    check.checkString('kv', 'the namespace', namespace);
    return {
      namespace,
      get: (key) => (check.checkBytes('get', 'the key', key), this.read((s) => s.kv(namespace).get(key))),
      put: (key, value) => (check.checkBytes('put', 'the key', key), check.checkBytes('put', 'the value', value), this.transaction((tx) => tx.kv(namespace).put(key, value))),
      delete: (key) => (check.checkBytes('delete', 'the key', key), this.transaction((tx) => tx.kv(namespace).delete(key))),
      range: (options) => (check.checkRangeOptions('range', options), this.read((s) => [...s.kv(namespace).range(options)])),
    };
  }

  private read<T>(fn: (snapshot: Snapshot) => T): T {
    const snapshot = this.snapshot();
    try {
      return fn(snapshot);
    } finally {
      snapshot.close();
    }
  }

  /**
   * One atomic, durable write transaction over tables and key-value
   * namespaces: all of `fn`'s writes commit when it returns, none if it
   * throws. `fn` must be synchronous (ASYNC_TRANSACTION otherwise).
   */
  transaction<T>(fn: (tx: WriteTxn) => T): T {
    this.check();
    check.checkFunction('transaction', 'fn', fn);
    try {
      return this.store.write((tx) => {
        const result = fn(this.guardedTxn(tx));
        if (isThenable(result)) {
          throw new PyralogError('ASYNC_TRANSACTION', 'a transaction function must be synchronous; it returned a promise', {
            phase: 'execute',
            hints: ['do the awaiting before db.transaction(), then write synchronously inside it'],
          });
        }
        return result;
      });
    } finally {
      this.changed();
    }
  }

  /** The user's view of a write transaction: system tables (the chain's) cannot be written through it. */
  private guardedTxn(tx: WriteTxn): WriteTxn {
    const store = this.store;
    return {
      table(name: string) {
        let system = false;
        try {
          system = store.tableInfo(name).system === true;
        } catch {
          // not committed yet (created in this transaction) or unknown: tx.table decides
        }
        if (system) throw systemTableError(name, 'written through the public API');
        return tx.table(name);
      },
      createTable: (def) => tx.createTable(def),
      dropTable: (name) => tx.dropTable(name),
      kv: (namespace) => tx.kv(namespace),
      get: (table, key) => tx.get(table, key),
    };
  }

  /** A consistent read view for direct storage reads; close it when done. */
  snapshot(): Snapshot {
    this.check();
    return this.store.snapshot();
  }

  /** Turns memtables into segments now (normally automatic). */
  flush(table?: string): void {
    this.check();
    check.checkOptionalString('flush', 'the table', table);
    this.store.flush(table);
    this.changed();
  }

  compact(table?: string): void {
    this.check();
    check.checkOptionalString('compact', 'the table', table);
    this.store.compact(table);
    this.changed();
  }

  verify(): { segments: number; errors: string[] } {
    this.check();
    return this.store.verify();
  }

  /** The storage beneath, for subsystems (CSV import, the chain) that write through it directly. */
  get storage(): Store {
    this.check();
    this.tracked ??= trackedStore(this.store, () => this.changed(), () => this.close());
    return this.tracked;
  }

  /**
   * The Obelisk sequencer called `name`: a durable counter whose value is the
   * size of a sparse file (`<db>/sequences/<name>.obelisk`), created at 0.
   * `next()` returns 1, 2, 3, … and survives crashes without a transaction.
   */
  sequence(name: string): Obelisk {
    this.check();
    check.checkString('sequence', 'the name', name);
    return this.sequences.sequence(name);
  }

  /** This database's Scarab generator: unique 64-bit time-ordered ids (ms | node | seq), increasing across restarts. */
  scarab(options?: ScarabOptions): Scarab {
    this.check();
    return this.sequences.scarab(options);
  }

  /**
   * Calls `listener` after each committed write transaction (and DDL) with the
   * names of the tables it wrote; `info.sequence` numbers commits 1, 2, 3, …
   * within this Database object. Returns the function that removes it.
   */
  onCommit(listener: CommitListener): () => void {
    return this.commits.add(listener);
  }

  /** The number of the last committed write transaction (0 before any), as `onCommit` reports it. */
  get commitSequence(): number {
    return this.commits.sequence;
  }

  /** Closes the storage; every later call throws DATABASE_CLOSED. Closing twice is harmless. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.compiler.clear();
    this.sequences.close();
    this.store.close();
  }
}

/** Opens a database directory (created if needed), or a memory-only database for ':memory:'. */
export function open(path: string, options: DatabaseOptions = {}): Database {
  return Database.open(path, options);
}

export type { Explain, Params, PreparedQuery, KvWriter };
