/**
 * A Batuta session: the program mode of Batuta over one Database. It keeps an
 * environment across calls (defs persist), runs any program — writes and
 * non-relational values included — and returns the last value, a relation
 * already run. The REPL and the server drive Batuta through this API only.
 * This file is the host that gives the language the database: the catalog,
 * running plans (optimizer, physical planner, executor), writes grouped in
 * transactions, key-value access, and `require` of files under `root`.
 */
import { readFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { PyralogError } from '../errors/pyralog-error.js';
import { readBatuta } from '../grammars/batuta/read-batuta.js';
import { batutaError } from '../lang/batuta/batuta-error.js';
import { compileHost } from '../lang/batuta/index.js';
import { coreEnv } from '../lang/batuta/core-env.js';
import { Env } from '../lang/batuta/env.js';
import type { BatutaHost } from '../lang/batuta/host.js';
import { printValue, toJsonValue } from '../lang/batuta/printer.js';
import { createRuntime, runFormsSync, runProgram } from '../lang/batuta/program.js';
import type { Runtime } from '../lang/batuta/runtime.js';
import { SPECIAL_FORMS } from '../lang/batuta/special-forms.js';
import { Relation, type Value } from '../lang/batuta/values.js';
import type { CatalogView } from '../lang/registry.js';
import type { Rel } from '../planner/ir/rel.js';
import { optimize } from '../planner/optimizer.js';
import { toPhysical } from '../planner/physical/index.js';
import type { WriteTxn } from '../storage/api.js';
import type { Scalar } from '../types/data-type.js';
import { SnapshotCatalog } from './catalog-view.js';
import type { Database } from './database.js';
import { collect, type ExecResult } from './exec/index.js';
import { explainQuery } from './explain-query.js';
import { normalizeParams, type Params } from './params.js';
import type { CompiledQuery } from './query-compiler.js';
import { queryResultOf, type QueryResult } from './query-result.js';

export type BatutaOutcome =
  | { readonly kind: 'relation'; readonly result: QueryResult } // a relation value, already run
  | { readonly kind: 'value'; readonly edn: string; readonly json: unknown }; // any other value

export interface BatutaSession {
  /** Evaluates every form of `text` in order in this session's environment (defs persist across calls); returns the last value. Throws PyralogError (with sourceText, spans). */
  evaluate(text: string, options?: { params?: Params; signal?: AbortSignal }): Promise<BatutaOutcome>;
  /** Names for tab completion that start with `prefix`: special forms, functions, macros, names defined in this session. */
  completions(prefix: string): readonly string[];
  /** Printed explain text of the relation the program's last form builds. */
  explain(text: string): string;
  /**
   * `explain` that yields to the event loop between slices of evaluation
   * steps, as `evaluate` does, and stops when `signal` aborts
   * (BATUTA_ABORTED): a long program never holds a server's event loop.
   */
  explainAsync(text: string, options?: { signal?: AbortSignal }): Promise<string>;
  close(): void;
}

export interface BatutaSessionOptions {
  /** Directory `require` may load Batuta files from (none: require is refused). */
  readonly root?: string;
  /** Evaluation steps one evaluate() call may take (default 10,000,000). */
  readonly maxSteps?: number;
  /** Bytes one evaluate() call may allocate (an estimate over collections and strings; default 256 MiB). */
  readonly maxMemoryBytes?: number;
  /** Where println/prn write (default: process.stdout). */
  readonly onOutput?: (text: string) => void;
}

/** The explain text of the relation a program's last form built (compiled against `catalog`, planned on a fresh snapshot). */
function planText(db: Database, text: string, catalog: CatalogView, last: Value, rt: Runtime): string {
  if (!(last instanceof Relation)) {
    // The caret goes under the last form (read again: only on this error path).
    const forms = readBatuta(text);
    throw batutaError('BATUTA_COMPILE_ERROR', `the last form is ${printValue(last)}, not a relation`, forms[forms.length - 1], ['end the program with a relational form such as (from :table)']);
  }
  const logical = last.build({ catalog, params: {}, rt }).rel;
  const optimized = optimize(logical, { trace: false }).rel;
  const compiled: CompiledQuery = { lang: 'batuta', text, logical, optimized, deps: new Map(), physical: undefined };
  const snapshot = db.snapshot();
  try {
    return explainQuery(compiled, toPhysical(optimized, new SnapshotCatalog(snapshot).physical())).text;
  } finally {
    snapshot.close();
  }
}

/** A PyralogError without source text gets the program's, so its caret can be drawn. */
function withSource(e: unknown, text: string): unknown {
  return e instanceof PyralogError && e.sourceText === undefined ? e.withSource(text) : e;
}

function catalogOf(db: Database): CatalogView {
  const infos = new Map(db.tables().map((t) => [t.name, t]));
  let version = 0;
  for (const t of infos.values()) version = (Math.imul(version, 31) + t.id * 1009 + t.version) | 0;
  return { table: (name) => infos.get(name), tables: () => [...infos.keys()].sort(), version };
}

/** Optimizes, plans and runs a logical plan on a fresh snapshot. */
function runRel(db: Database, rel: Rel, params: Readonly<Record<string, Scalar>>): ExecResult {
  const snapshot = db.snapshot();
  try {
    const catalog = new SnapshotCatalog(snapshot);
    const physical = toPhysical(optimize(rel, { trace: false }).rel, catalog.physical());
    return collect(physical, { snapshot, params });
  } finally {
    snapshot.close();
  }
}

const utf8 = new TextDecoder();

function databaseHost(db: Database, root: string | undefined): BatutaHost {
  let tx: WriteTxn | null = null;
  const inTx = <T>(fn: (t: WriteTxn) => T): T => (tx !== null ? fn(tx) : db.transaction(fn));
  return {
    catalog: () => catalogOf(db),
    run: (rel, params) => {
      const r = runRel(db, rel, params);
      return { schema: r.schema, rows: r.arrays() };
    },
    createTable: (name, columns, key) => {
      if (tx !== null) throw new PyralogError('BATUTA_EVAL_ERROR', 'create-table! cannot run inside a transaction', { phase: 'execute' });
      db.createTable(name, columns, key);
    },
    dropTable: (name) => {
      if (tx !== null) throw new PyralogError('BATUTA_EVAL_ERROR', 'drop-table! cannot run inside a transaction', { phase: 'execute' });
      db.dropTable(name);
    },
    addForeignKey: (table, spec) => {
      if (tx !== null) throw new PyralogError('BATUTA_EVAL_ERROR', 'add-foreign-key! cannot run inside a transaction', { phase: 'execute' });
      return db.addForeignKey(table, spec);
    },
    dropForeignKey: (table, name) => {
      if (tx !== null) throw new PyralogError('BATUTA_EVAL_ERROR', 'drop-foreign-key! cannot run inside a transaction', { phase: 'execute' });
      db.dropForeignKey(table, name);
    },
    insert: (table, rows) => inTx((t) => (t.table(table).insert(rows), rows.length)),
    upsert: (table, rows) => inTx((t) => (t.table(table).upsert(rows), rows.length)),
    delete: (table, keys) => inTx((t) => (t.table(table).delete(keys), keys.length)),
    kvGet: (ns, key) => {
      const v = tx !== null ? tx.kv(ns).get(key) : db.kv(ns).get(key);
      return v === undefined ? null : utf8.decode(v);
    },
    kvPut: (ns, key, value) => inTx((t) => t.kv(ns).put(key, value)),
    transaction: (fn) => {
      if (tx !== null) return fn();
      return db.transaction((t) => {
        tx = t;
        try {
          return fn();
        } finally {
          tx = null;
        }
      });
    },
    loadSource: (name) => {
      if (root === undefined) throw new PyralogError('BATUTA_REQUIRE_ERROR', `cannot require ${name}: no root directory is configured for this session`, { phase: 'execute' });
      const base = resolve(root);
      const path = resolve(base, `${name.replace(/\./g, '/')}.bt`);
      if (!path.startsWith(base + sep) || !/^[A-Za-z0-9_.-]+$/.test(name)) {
        throw new PyralogError('BATUTA_REQUIRE_ERROR', `cannot require ${name}: it is outside the root ${base}`, { phase: 'execute' });
      }
      try {
        return { text: readFileSync(path, 'utf8'), path };
      } catch {
        throw new PyralogError('BATUTA_REQUIRE_ERROR', `cannot require ${name}: ${path} cannot be read`, { phase: 'execute' });
      }
    },
  };
}

export function openBatutaSession(db: Database, options: BatutaSessionOptions = {}): BatutaSession {
  const host = databaseHost(db, options.root);
  const out = options.onOutput ?? ((text: string) => void process.stdout.write(text));
  const core = coreEnv();
  const ns = new Env(core);
  const loaded = new Map<string, Env>();
  let gensymCounter = 0;
  let closed = false;

  const runtime = (h: BatutaHost, params: Readonly<Record<string, Scalar>>, signal?: AbortSignal): Runtime => {
    if (closed) throw new PyralogError('BATUTA_EVAL_ERROR', 'the Batuta session is closed', { phase: 'execute' });
    return createRuntime(
      h,
      {
        params,
        out,
        ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
        ...(options.maxMemoryBytes !== undefined ? { maxMemoryBytes: options.maxMemoryBytes } : {}),
        ...(signal !== undefined ? { signal } : {}),
      },
      { ns, core, loaded, gensymCounter },
    );
  };

  return {
    async evaluate(text, evalOptions = {}) {
      const params = normalizeParams(evalOptions.params);
      const rt = runtime(host, params, evalOptions.signal);
      try {
        const value = await runProgram(text, rt);
        if (value instanceof Relation) {
          try {
            const frame = value.build({ catalog: host.catalog(), params, rt });
            return { kind: 'relation', result: queryResultOf(runRel(db, frame.rel, params)) };
          } catch (e) {
            throw withSource(e, text);
          }
        }
        return { kind: 'value', edn: printValue(value), json: toJsonValue(value) };
      } finally {
        gensymCounter = rt.gensymCounter;
      }
    },
    completions(prefix) {
      const names = new Set<string>([...SPECIAL_FORMS.keys(), ...core.ownNames(), ...ns.ownNames()]);
      return [...names].filter((n) => n.startsWith(prefix) && !n.endsWith('*')).sort();
    },
    explain(text) {
      const catalog = catalogOf(db);
      const rt = runtime(compileHost(catalog), {});
      try {
        return planText(db, text, catalog, runFormsSync(readBatuta(text), rt, text), rt);
      } catch (e) {
        throw withSource(e, text);
      }
    },
    async explainAsync(text, explainOptions = {}) {
      const catalog = catalogOf(db);
      const rt = runtime(compileHost(catalog), {}, explainOptions.signal);
      try {
        return planText(db, text, catalog, await runProgram(text, rt), rt);
      } catch (e) {
        throw withSource(e, text);
      }
    },
    close() {
      closed = true;
    },
  };
}
