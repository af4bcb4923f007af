/**
 * One query pulled to its end under the call's limits, wherever it runs (the
 * server's thread or a query worker): batches come from the prepared query's
 * stream; between batches the deadline, the row limit and the caller's abort
 * signal are checked, and — in the server's thread — once the query has run
 * for a time slice it yields to the event loop (setImmediate) so other
 * clients' calls run in between. A query stopped early ends its iteration,
 * which closes its snapshot and lets its batches be collected. The result is
 * the JSON text of `{columns, rows}` (what the response carries, built once),
 * the JSON object (subscriptions), or Arrow IPC bytes.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { Table, tableFromIPC, tableToIPC, type RecordBatch } from 'apache-arrow';
import { batchRows, batchSchema, PyralogError, rowsToJson, type Params, type PreparedQuery, type ResultJson, type Scalar, type Schema } from '../index.js';
import type { CallSignal } from './call-signal.js';

export type Output = 'json' | 'text' | 'arrow';

export type RunResult =
  | { readonly kind: 'json'; readonly json: ResultJson; readonly rows: number }
  | { readonly kind: 'text'; readonly text: string; readonly rows: number }
  | { readonly kind: 'arrow'; readonly ipc: Uint8Array; readonly rows: number };

export interface CollectOptions {
  readonly params?: Params | undefined;
  readonly maxRows: number;
  /** Wall-clock deadline (Date.now() milliseconds): the same clock in every thread. */
  readonly deadline: number;
  readonly timeoutMs: number;
  readonly signal?: CallSignal | undefined;
  /** Whether the caller cancelled (a query worker's view of a `cancel`, which its thread cannot see as a signal). */
  readonly cancelled?: (() => boolean) | undefined;
  readonly output: Output;
  /** Yield to the event loop after this many ms of work (undefined: never, as in a worker). */
  readonly sliceMs?: number | undefined;
}

export function timeoutError(ms: number): PyralogError {
  return new PyralogError('QUERY_TIMEOUT', `the query ran longer than ${ms} ms and was cancelled`, { phase: 'server', details: { limitMs: ms } });
}

/** The caller's own cancellation (QUERY_CANCELLED, the signal's reason), or the connection or server going away. */
export function cancelledError(signal?: CallSignal): PyralogError {
  const reason: unknown = signal?.reason;
  if (reason instanceof PyralogError) return reason;
  return new PyralogError('SERVER_SHUTTING_DOWN', 'the call was cancelled: its connection closed or the server is stopping', { phase: 'server' });
}

/** What `cancel {id}` aborts a call's controller with. */
export function queryCancelled(): PyralogError {
  return new PyralogError('QUERY_CANCELLED', 'the call was cancelled by its caller', { phase: 'server' });
}

export function tooManyRows(maxRows: number): PyralogError {
  return new PyralogError('RESULT_TOO_LARGE', `the result has more than ${maxRows} rows, the limit for this call`, {
    phase: 'server',
    hints: ['add a take/limit, or page through a key range'],
    details: { limit: maxRows },
  });
}

function aborted(o: Pick<CollectOptions, 'signal' | 'cancelled'>): boolean {
  return o.signal?.aborted === true || o.cancelled?.() === true;
}

function stopped(o: Pick<CollectOptions, 'signal' | 'cancelled'>): PyralogError {
  return o.signal?.aborted === true ? cancelledError(o.signal) : queryCancelled();
}

/** Throws QUERY_TIMEOUT past the deadline, or the cancellation once the signal aborts: the executor calls it between batches inside long operators. */
export function cancelCheck(o: Pick<CollectOptions, 'deadline' | 'timeoutMs' | 'signal' | 'cancelled'>): () => void {
  return () => {
    if (Date.now() > o.deadline) throw timeoutError(o.timeoutMs);
    if (aborted(o)) throw stopped(o);
  };
}

/** The result in the asked form, from the schema and rows. */
export function finish(schema: Schema, rows: readonly (readonly Scalar[])[], output: 'json' | 'text'): RunResult {
  const json = rowsToJson(schema, rows);
  return output === 'json' ? { kind: 'json', json, rows: rows.length } : { kind: 'text', text: JSON.stringify(json), rows: rows.length };
}

/** Runs `prepared` to the end under the limits of `o`. */
export async function collect(prepared: PreparedQuery, o: CollectOptions): Promise<RunResult> {
  const iterator = prepared.stream(o.params, { checkCancel: cancelCheck(o) });
  const rows: Scalar[][] = [];
  let schema: Schema | undefined;
  // Arrow output keeps copies: a streamed batch is a view on memory that is reused once the snapshot closes.
  const copies: RecordBatch[] | undefined = o.output === 'arrow' ? [] : undefined;
  let count = 0;
  let sliceStart = performance.now();
  try {
    for (;;) {
      const step = await iterator.next();
      if (step.done === true) break;
      const batch: RecordBatch = step.value;
      schema ??= batchSchema(batch);
      count += batch.numRows;
      if (count > o.maxRows) throw tooManyRows(o.maxRows);
      if (copies !== undefined) copies.push(...tableFromIPC(tableToIPC(new Table([batch]), 'stream')).batches);
      else for (const r of batchRows(batch, schema)) rows.push(r);
      if (Date.now() > o.deadline) throw timeoutError(o.timeoutMs);
      if (aborted(o)) throw stopped(o);
      if (o.sliceMs !== undefined && performance.now() - sliceStart > o.sliceMs) {
        await yieldToLoop();
        sliceStart = performance.now();
        if (aborted(o)) throw stopped(o);
        if (Date.now() > o.deadline) throw timeoutError(o.timeoutMs);
      }
    }
  } finally {
    await iterator.return?.();
  }
  if (schema === undefined) {
    // No batch at all: the columns come from a run of the (empty) result.
    const empty = prepared.runSync(o.params);
    if (copies !== undefined) return { kind: 'arrow', ipc: tableToIPC(empty.table(), 'stream'), rows: 0 };
    return finish(empty.schema, [], o.output === 'json' ? 'json' : 'text');
  }
  if (copies !== undefined) return { kind: 'arrow', ipc: tableToIPC(new Table(copies), 'stream'), rows: count };
  return finish(schema, rows, o.output === 'json' ? 'json' : 'text');
}

/** A query known to be small (a key lookup): one synchronous run, no stream (one snapshot, one plan lookup). */
export function runSmall(prepared: PreparedQuery, o: CollectOptions): RunResult {
  const result = prepared.runSync(o.params, { checkCancel: cancelCheck(o) });
  if (result.numRows > o.maxRows) throw tooManyRows(o.maxRows);
  if (o.output === 'arrow') return { kind: 'arrow', ipc: tableToIPC(result.table(), 'stream'), rows: result.numRows };
  return finish(result.schema, result.arrays(), o.output);
}
