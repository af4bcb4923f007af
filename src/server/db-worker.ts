/**
 * The body of the server's worker threads. Each opens the server's database
 * directory itself (LMDB is shared between threads and processes; every
 * read starts on the newest commit) and answers messages from the server's
 * thread (server-threads.ts):
 * - a writer thread takes groups of write operations and commits each group
 *   in one durable transaction (write-group.ts), so the fsync of a commit
 *   never stalls the server's event loop;
 * - a query thread runs long queries (scans, aggregates over many rows) to
 *   the end under the call's row limit, deadline and cancellation (a slot
 *   of shared memory the server's thread sets, checked between batches)
 *   and sends back the result's JSON text or Arrow IPC bytes, so a long
 *   query never holds the server's event loop.
 * Errors go back as data (wire-error.ts). Nothing here talks to clients.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { open, type Params, type PreparedQuery } from '../index.js';
import { collect, runSmall, type Output, type RunResult } from './query-collect.js';
import { toWireError, type WireError } from './wire-error.js';
import { applyGroup, type GroupResult, type WriteOp } from './write-group.js';

export type WorkerRequest =
  | { readonly t: 'write'; readonly id: number; readonly ops: readonly WriteOp[] }
  | {
      readonly t: 'query';
      readonly id: number;
      readonly lang: string;
      readonly text: string;
      readonly params: Params | undefined;
      readonly maxRows: number;
      readonly deadline: number;
      readonly timeoutMs: number;
      readonly output: Output;
      /** A small query (bounded key ranges, small tables): one synchronous run, no stream. */
      readonly small?: boolean;
    }
  | { readonly t: 'close'; readonly id: number };

export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly value: GroupResult | RunResult | null }
  | { readonly id: number; readonly ok: false; readonly error: WireError };

export interface WorkerSetup {
  readonly path: string;
  readonly role: 'read' | 'write';
  /** Shared with the server's thread: the id of the last request its caller cancelled. */
  readonly cancel?: Int32Array;
}

const CACHE_SIZE = 256;

function serve(): void {
  const port = parentPort;
  if (port === null) return;
  const setup = workerData as WorkerSetup;
  const db = open(setup.path);
  const prepared = new Map<string, PreparedQuery>();
  const preparedFor = (lang: string, text: string): PreparedQuery => {
    const key = `${lang}\u0000${text}`;
    let p = prepared.get(key);
    if (p === undefined) {
      p = db.prepare(lang, text);
      prepared.set(key, p);
      if (prepared.size > CACHE_SIZE) prepared.delete(prepared.keys().next().value as string);
    }
    return p;
  };
  const reply = (r: WorkerReply): void => port.postMessage(r);
  port.on('message', (m: WorkerRequest) => {
    switch (m.t) {
      case 'close':
        db.close();
        reply({ id: m.id, ok: true, value: null });
        port.close();
        return;
      case 'write':
        reply({ id: m.id, ok: true, value: applyGroup(db, m.ops) });
        return;
      case 'query': {
        const cancel = setup.cancel;
        const cancelled = cancel === undefined ? undefined : () => Atomics.load(cancel, 0) === m.id;
        Promise.resolve()
          .then(() => {
            const o = { params: m.params, maxRows: m.maxRows, deadline: m.deadline, timeoutMs: m.timeoutMs, output: m.output, cancelled };
            return m.small === true ? runSmall(preparedFor(m.lang, m.text), o) : collect(preparedFor(m.lang, m.text), o);
          })
          .then(
            (value) => reply({ id: m.id, ok: true, value }),
            (e: unknown) => reply({ id: m.id, ok: false, error: toWireError(e) }),
          );
        return;
      }
    }
  });
  port.postMessage({ ready: true });
}

serve();
