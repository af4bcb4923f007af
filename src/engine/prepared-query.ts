/**
 * A prepared query: text compiled once and run many times with different
 * parameter values. Each run takes a fresh snapshot and checks that the
 * tables the plan reads are unchanged (else it recompiles, so a plan from an
 * older catalog never runs); it skips the front end and the rewrite rules,
 * and re-plans physically only when the data generation moved.
 */
import type { RecordBatch } from 'apache-arrow';
import { MISSING_PARAM_CODES } from '../errors/error-codes.js';
import { PyralogError } from '../errors/pyralog-error.js';
import type { Snapshot } from '../storage/api.js';
import type { PlannedPhysical } from '../planner/physical/index.js';
import type { Scalar } from '../types/data-type.js';
import { SnapshotCatalog } from './catalog-view.js';
import { execute, executeChunks, type ExecOptions } from './exec/index.js';
import { explainQuery, type Explain } from './explain-query.js';
import { normalizeParams, paramSignature, type Params } from './params.js';
import { pointLookup } from './point-lookup.js';
import { QueryCompiler, type CompiledQuery } from './query-compiler.js';
import { queryResultOfChunks, type QueryResult, type ResultRow } from './query-result.js';

/** What a prepared query needs of its database. */
export interface QueryEngine {
  readonly compiler: QueryCompiler;
  /** Bumped by every write through the database; physical plans are redone when it moves. */
  generation(): number;
  /** A new snapshot (DATABASE_CLOSED once closed). */
  snapshot(): Snapshot;
  /** Throws DATABASE_CLOSED once the database is closed. */
  checkOpen(): void;
  /** Rows per result batch (the executor's default when undefined). */
  readonly batchSize: number | undefined;
}

/** How a caller can stop a running query: `checkCancel` throws (e.g. QUERY_TIMEOUT) once it should stop. */
export interface RunControl {
  readonly checkCancel?: (() => void) | undefined;
}

export interface PreparedQuery<R extends object = ResultRow> {
  readonly lang: string;
  readonly text: string;
  run(params?: Params): Promise<QueryResult<R>>;
  /** `control.checkCancel` is called between batches inside long operators and throws to cancel (a server's deadline). */
  runSync(params?: Params, control?: RunControl): QueryResult<R>;
  /** Streams the result as Arrow record batches; errors in the query text throw here, not at the first batch. */
  stream(params?: Params, control?: RunControl): AsyncIterableIterator<RecordBatch>;
  explain(params?: Params): Explain;
}

/** A planned query over an open snapshot: what every entry point runs. */
interface Planned {
  readonly compiled: CompiledQuery;
  readonly physical: PlannedPhysical;
  readonly params: Record<string, Scalar>;
}

export class PreparedQueryImpl<R extends object = ResultRow> implements PreparedQuery<R> {
  /** The compiled plan per parameter type signature. */
  private readonly variants = new Map<string, CompiledQuery>();

  constructor(
    private readonly engine: QueryEngine,
    readonly lang: string,
    readonly text: string,
  ) {}

  /** Compiles now (against the current catalog) so bad text fails at prepare time. */
  check(params: Params | undefined): void {
    const p = normalizeParams(params);
    this.withSnapshot((_snapshot, catalog) => {
      try {
        this.plan(p, catalog);
      } catch (e) {
        // Without sample values a query with parameters cannot be typed yet: it compiles on first run.
        const missingParam = params === undefined && e instanceof PyralogError && MISSING_PARAM_CODES.has(e.code);
        if (!missingParam) throw e;
      }
    });
  }

  private withSnapshot<T>(fn: (snapshot: Snapshot, catalog: SnapshotCatalog) => T): T {
    const snapshot = this.engine.snapshot();
    try {
      return fn(snapshot, new SnapshotCatalog(snapshot));
    } finally {
      snapshot.close();
    }
  }

  private plan(params: Record<string, Scalar>, catalog: SnapshotCatalog): Planned {
    const sig = paramSignature(params);
    let compiled = this.variants.get(sig);
    if (compiled === undefined || !QueryCompiler.isCurrent(compiled, catalog)) {
      compiled = this.engine.compiler.compile(this.lang, this.text, params, catalog);
      this.variants.set(sig, compiled);
    }
    const physical = this.engine.compiler.physical(compiled, catalog, this.engine.generation());
    return { compiled, physical, params };
  }

  private execOptions(snapshot: Snapshot, planned: Planned, control?: RunControl): ExecOptions {
    const batchSize = this.engine.batchSize;
    const checkCancel = control?.checkCancel;
    return { snapshot, params: planned.params, ...(batchSize === undefined ? {} : { batchSize }), ...(checkCancel === undefined ? {} : { checkCancel }) };
  }

  runSync(params?: Params, control?: RunControl): QueryResult<R> {
    const p = normalizeParams(params);
    return this.withSnapshot((snapshot, catalog) => {
      const planned = this.plan(p, catalog);
      const chunks = pointLookup(planned.physical, planned.params, snapshot) ?? [...executeChunks(planned.physical, this.execOptions(snapshot, planned, control))];
      return queryResultOfChunks<R>(planned.physical.root.schema, chunks);
    });
  }

  async run(params?: Params): Promise<QueryResult<R>> {
    return this.runSync(params);
  }

  explain(params?: Params): Explain {
    const p = normalizeParams(params);
    return this.withSnapshot((_snapshot, catalog) => {
      const planned = this.plan(p, catalog);
      return explainQuery(planned.compiled, planned.physical);
    });
  }

  stream(params?: Params, control?: RunControl): AsyncIterableIterator<RecordBatch> {
    const p = normalizeParams(params);
    this.withSnapshot((_snapshot, catalog) => this.plan(p, catalog));
    return this.batches(p, control);
  }

  /**
   * The snapshot is taken at the first next() and held until the iteration
   * ends (or return() is called); closing the database ends it with DATABASE_CLOSED.
   */
  private async *batches(p: Record<string, Scalar>, control?: RunControl): AsyncGenerator<RecordBatch, void, undefined> {
    const snapshot = this.engine.snapshot();
    try {
      const planned = this.plan(p, new SnapshotCatalog(snapshot));
      try {
        for (const batch of execute(planned.physical, this.execOptions(snapshot, planned, control))) {
          this.engine.checkOpen();
          yield batch;
        }
      } catch (e) {
        this.engine.checkOpen(); // a read on the snapshot that close() ended: report the close, not the symptom
        throw e;
      }
    } finally {
      snapshot.close();
    }
  }
}
