/**
 * Runs queries for the server without holding the event loop: a query is
 * pulled batch by batch through `db.stream` (its snapshot held to the end),
 * each batch converted to rows at once, and between batches the runner
 * checks the deadline, the row limit and the caller's abort signal, and
 * yields to the event loop (setImmediate) once it has run for a time slice,
 * so other clients' calls interleave. A query stopped early (time, rows,
 * disconnect) ends its iteration, which closes the snapshot and lets its
 * batches be collected. The granularity is one batch of the plan's root: a
 * blocking operator (aggregate, sort, hash build) runs its input in one slice.
 *
 * Also caches, per (language, text), the prepared query and the tables its
 * plan scans (for authorization and subscriptions).
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { DataType as ArrowType, Table, tableFromIPC, tableToIPC, type RecordBatch } from 'apache-arrow';
import type { Database } from '../engine/database.js';
import { recordBatchToChunk } from '../engine/exec/arrow-convert.js';
import { getScalar } from '../engine/exec/column.js';
import { toResultJson, type ResultJson } from '../engine/format/result-formats.js';
import type { Params } from '../engine/params.js';
import type { PreparedQuery } from '../index.js';
import { PyralogError } from '../errors/pyralog-error.js';
import type { DataType, Scalar } from '../types/data-type.js';
import type { Field, Schema } from '../types/schema.js';

export interface RunOptions {
  readonly params?: Params | undefined;
  readonly maxRows: number;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  /** Collect Arrow IPC (stream format) bytes instead of JSON rows. */
  readonly arrow?: boolean;
}

export type RunResult =
  | { readonly kind: 'json'; readonly json: ResultJson; readonly rows: number }
  | { readonly kind: 'arrow'; readonly ipc: Uint8Array; readonly rows: number };

interface Entry {
  readonly prepared: PreparedQuery;
  tables: readonly string[] | undefined;
}

/** Time a query may run before it yields to other work (ms). */
const SLICE_MS = 4;
const CACHE_SIZE = 512;

function irType(t: ArrowType): DataType {
  if (ArrowType.isInt(t)) return 'int64';
  if (ArrowType.isFloat(t)) return 'float64';
  if (ArrowType.isUtf8(t)) return 'utf8';
  if (ArrowType.isBool(t)) return 'bool';
  if (ArrowType.isBinary(t)) return 'binary';
  if (ArrowType.isDate(t)) return 'date';
  if (ArrowType.isTimestamp(t)) return 'timestamp';
  if (ArrowType.isInterval(t)) return 'interval';
  return 'null';
}

function irSchema(schema: RecordBatch['schema']): Schema {
  const fields: Field[] = schema.fields.map((f) => ({
    name: f.name,
    type: irType(f.type),
    nullable: f.nullable,
    ...(f.metadata.size > 0 ? { metadata: Object.fromEntries(f.metadata) } : {}),
  }));
  return { fields } as Schema;
}

/**
 * Queries running at once (each holds an LMDB read transaction across its
 * yields; LMDB has 126 reader slots). Later ones wait their turn in order,
 * their deadline running.
 */
const MAX_RUNNING = 8;

export class QueryRunner {
  private readonly cache = new Map<string, Entry>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly db: Database) {}

  private async acquire(deadline: number, timeoutMs: number): Promise<void> {
    if (this.running < MAX_RUNNING) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    // release() handed its slot over: running is unchanged.
    if (performance.now() > deadline) {
      this.release();
      throw timeout(timeoutMs);
    }
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next !== undefined) next();
    else this.running--;
  }

  private entry(lang: string, text: string): Entry {
    const key = `${lang}\u0000${text}`;
    let e = this.cache.get(key);
    if (e !== undefined) {
      this.cache.delete(key);
      this.cache.set(key, e);
      return e;
    }
    e = { prepared: this.db.prepare(lang, text), tables: undefined };
    this.cache.set(key, e);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    return e;
  }

  /** Compiles now (errors with line and column), for `prepare`. */
  check(lang: string, text: string): void {
    this.entry(lang, text);
  }

  /** The tables the query's optimized plan scans. */
  tablesRead(lang: string, text: string, params?: Params): readonly string[] {
    const e = this.entry(lang, text);
    if (e.tables === undefined) {
      const plan = e.prepared.explain(params).optimized;
      e.tables = [...new Set([...plan.matchAll(/^\s*Scan: (\S+)/gm)].map((m) => m[1] as string))];
    }
    return e.tables;
  }

  /** Forgets cached plans and table lists (after DDL, so a re-created table is read afresh). */
  clear(): void {
    this.cache.clear();
  }

  async run(lang: string, text: string, options: RunOptions): Promise<RunResult> {
    const deadline = performance.now() + options.timeoutMs;
    await this.acquire(deadline, options.timeoutMs);
    try {
      return await this.runNow(lang, text, options, deadline);
    } finally {
      this.release();
    }
  }

  private async runNow(lang: string, text: string, options: RunOptions, deadline: number): Promise<RunResult> {
    const { prepared } = this.entry(lang, text);
    const iterator = prepared.stream(options.params);
    const rows: Scalar[][] = [];
    let schema: Schema | undefined;
    // Arrow mode keeps copies: a streamed batch is a view on memory that is reused once the snapshot closes.
    const copies: RecordBatch[] | undefined = options.arrow === true ? [] : undefined;
    let count = 0;
    let sliceStart = performance.now();
    try {
      for (;;) {
        const step = await iterator.next();
        if (step.done === true) break;
        const batch: RecordBatch = step.value;
        if (schema === undefined) {
          schema = irSchema(batch.schema);
        }
        count += batch.numRows;
        if (count > options.maxRows) {
          throw new PyralogError('RESULT_TOO_LARGE', `the result has more than ${options.maxRows} rows, the limit for this call`, {
            phase: 'server',
            hints: ['add a take/limit, or page through a key range'],
            details: { limit: options.maxRows },
          });
        }
        if (copies !== undefined) copies.push(...tableFromIPC(tableToIPC(new Table([batch]), 'stream')).batches);
        else {
          const chunk = recordBatchToChunk(batch, schema.fields.map((f) => f.type));
          for (let i = 0; i < chunk.length; i++) rows.push(chunk.columns.map((c) => getScalar(c, i)));
        }
        const now = performance.now();
        if (now > deadline) throw timeout(options.timeoutMs);
        if (aborted(options.signal)) throw cancelled();
        if (now - sliceStart > SLICE_MS) {
          await yieldToLoop();
          sliceStart = performance.now();
          if (aborted(options.signal)) throw cancelled();
          if (sliceStart > deadline) throw timeout(options.timeoutMs);
        }
      }
    } finally {
      await iterator.return?.();
    }
    if (schema === undefined) {
      // No batch at all: the columns come from a run of the (empty) result.
      const empty = prepared.runSync(options.params);
      schema = empty.schema;
      if (copies !== undefined) return { kind: 'arrow', ipc: tableToIPC(empty.table(), 'stream'), rows: 0 };
    }
    if (copies !== undefined) {
      const table = new Table(copies);
      return { kind: 'arrow', ipc: tableToIPC(table, 'stream'), rows: count };
    }
    return { kind: 'json', json: toResultJson(schema, rows), rows: count };
  }
}

function aborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

function timeout(ms: number): PyralogError {
  return new PyralogError('QUERY_TIMEOUT', `the query ran longer than ${ms} ms and was cancelled`, { phase: 'server', details: { limitMs: ms } });
}

function cancelled(): PyralogError {
  return new PyralogError('SERVER_SHUTTING_DOWN', 'the call was cancelled: its connection closed or the server is stopping', { phase: 'server' });
}
