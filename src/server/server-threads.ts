/**
 * The server's side of its worker threads (db-worker.ts): starting them over
 * the database directory, sending a request and matching the reply by id,
 * and keeping a thread healthy. A query that has not answered by its
 * deadline plus a grace second is stuck in one long step: its thread is
 * terminated (which frees the query's memory at once), a fresh one is
 * started, and the other requests it held are sent again. A query whose
 * caller cancels it (`cancel`, a closed connection) is answered at once and
 * its id goes into a slot of shared memory that the thread's query checks
 * between batches, so it stops there. A thread that
 * dies is restarted the same way. Threads exist only when the server runs
 * from built JavaScript (the worker file beside this one) over a database
 * directory; otherwise `startThreads` returns undefined and everything runs
 * in the server's thread.
 */
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { PyralogError } from '../index.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './db-worker.js';
import { fromWireError } from './wire-error.js';
import type { CallSignal } from './call-signal.js';

type Body = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

interface Pending {
  readonly body: Body;
  readonly resolve: (value: unknown) => void;
  readonly reject: (e: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

/** The worker's module: built JavaScript beside this file. */
export const WORKER_URL = new URL('./db-worker.js', import.meta.url);
/** Time a stuck query may run past its deadline before its thread is terminated. */
const HARD_GRACE_MS = 1000;

export class DbThread {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  /** The id of the request whose caller cancelled it last (read by the thread between batches). */
  private readonly cancelSlot = new Int32Array(new SharedArrayBuffer(4));

  constructor(
    private readonly setup: WorkerSetup,
    private readonly log: Logger,
    private readonly url: URL = WORKER_URL,
  ) {}

  /** Requests waiting for an answer (for choosing the least busy thread). */
  get load(): number {
    return this.pending.size;
  }

  start(): Promise<void> {
    const setup: WorkerSetup = { ...this.setup, cancel: this.cancelSlot };
    const worker = new Worker(this.url, { workerData: setup });
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      const onReady = (m: unknown): void => {
        if ((m as { ready?: boolean }).ready === true) {
          worker.off('message', onReady);
          worker.on('message', (r: WorkerReply) => this.answer(r));
          resolve();
        }
      };
      worker.on('message', onReady);
      worker.once('error', (e) => {
        reject(e);
        this.crashed(worker, e);
      });
      worker.once('exit', (code) => this.crashed(worker, new Error(`exited with code ${code}`)));
    });
    return this.ready;
  }

  /**
   * Sends a request; `hardTimeoutMs` (queries) bounds how long the thread may
   * take before it is replaced; `signal` (queries) cancels it: the call is
   * answered with `cancelled(signal)` at once and the thread's query stops at
   * its next batch.
   */
  request<T>(body: Body, hardTimeoutMs?: number, signal?: CallSignal, cancelled?: (signal: CallSignal) => Error): Promise<T> {
    if (this.closed) return Promise.reject(new PyralogError('SERVER_SHUTTING_DOWN', 'the server is shutting down', { phase: 'server' }));
    if (signal?.aborted === true && cancelled !== undefined) return Promise.reject(cancelled(signal));
    return new Promise<T>((resolve, reject) => {
      const id = this.nextId++;
      let onAbort: (() => void) | undefined;
      if (signal !== undefined && cancelled !== undefined) {
        const s = signal;
        onAbort = () => {
          const p = this.pending.get(id);
          if (p === undefined) return;
          this.pending.delete(id);
          clearTimeout(p.timer);
          Atomics.store(this.cancelSlot, 0, id);
          p.reject(cancelled(s));
        };
        s.addEventListener('abort', onAbort, { once: true });
      }
      const done = (): void => {
        if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
      };
      const p: Pending = {
        body,
        resolve: (v) => {
          done();
          (resolve as (v: unknown) => void)(v);
        },
        reject: (e) => {
          done();
          reject(e);
        },
        timer: undefined,
      };
      if (hardTimeoutMs !== undefined) {
        p.timer = setTimeout(() => this.stuck(id, hardTimeoutMs), hardTimeoutMs + HARD_GRACE_MS);
        p.timer.unref();
      }
      this.pending.set(id, p);
      this.worker?.postMessage({ ...body, id } as WorkerRequest);
    });
  }

  private answer(r: WorkerReply): void {
    const p = this.pending.get(r.id);
    if (p === undefined) return;
    this.pending.delete(r.id);
    clearTimeout(p.timer);
    if (r.ok) p.resolve(r.value);
    else p.reject(fromWireError(r.error));
  }

  /** A query passed its deadline inside one long step: replace the thread, fail that query, resend the others. */
  private stuck(id: number, timeoutMs: number): void {
    const p = this.pending.get(id);
    if (p === undefined) return;
    this.pending.delete(id);
    p.reject(new PyralogError('QUERY_TIMEOUT', `the query ran longer than ${timeoutMs} ms and was cancelled`, { phase: 'server', details: { limitMs: timeoutMs } }));
    this.log.warn({ role: this.setup.role }, 'a query outran its deadline in one step: restarting its worker thread');
    void this.replace();
  }

  private crashed(worker: Worker, e: Error): void {
    if (this.closed || worker !== this.worker) return;
    this.log.error({ err: e, role: this.setup.role }, 'a worker thread stopped; restarting it');
    // Writes in flight may or may not have committed: their callers must not be told either way.
    for (const [id, p] of this.pending) {
      if (p.body.t === 'write') {
        this.pending.delete(id);
        clearTimeout(p.timer);
        p.reject(new Error(`the writer thread stopped during a commit: ${e.message}`));
      }
    }
    void this.replace();
  }

  private async replace(): Promise<void> {
    const old = this.worker;
    this.worker = undefined;
    await old?.terminate();
    if (this.closed) return;
    try {
      await this.start();
    } catch (e) {
      this.log.error({ err: e }, 'cannot restart a worker thread');
      for (const p of this.pending.values()) p.reject(e as Error);
      this.pending.clear();
      return;
    }
    const fresh = this.worker as Worker | undefined;
    for (const [id, p] of this.pending) fresh?.postMessage({ ...p.body, id } as WorkerRequest);
  }

  /** Lets requests in flight finish (the worker answers in order), closes its database, ends the thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.ready?.catch(() => undefined);
    const closing = this.worker === undefined ? Promise.resolve() : this.request({ t: 'close' }).catch(() => undefined);
    this.closed = true;
    await Promise.race([closing, new Promise((r) => setTimeout(r, 2000).unref())]);
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new PyralogError('SERVER_SHUTTING_DOWN', 'the server is shutting down', { phase: 'server' }));
    }
    this.pending.clear();
    await this.worker?.terminate();
  }
}

export interface ServerThreads {
  readonly writer: DbThread | undefined;
  readonly readers: readonly DbThread[];
  close(): Promise<void>;
}

/** Whether worker threads can run here: a database directory, and the worker built as JavaScript beside this file. */
export function threadsAvailable(dbPath: string, url: URL = WORKER_URL): boolean {
  return dbPath !== ':memory:' && url.protocol === 'file:' && fs.existsSync(fileURLToPath(url));
}

/** Starts the writer thread (if `writer`) and `readers` query threads; undefined when threads are not available. */
export async function startThreads(
  dbPath: string,
  options: { readonly writer: boolean; readonly readers: number; readonly workerUrl?: URL | undefined },
  log: Logger,
): Promise<ServerThreads | undefined> {
  const url = options.workerUrl ?? WORKER_URL;
  if (!threadsAvailable(dbPath, url) || (!options.writer && options.readers === 0)) return undefined;
  const writer = options.writer ? new DbThread({ path: dbPath, role: 'write' }, log, url) : undefined;
  const readers = Array.from({ length: options.readers }, () => new DbThread({ path: dbPath, role: 'read' }, log, url));
  await Promise.all([writer?.start(), ...readers.map((r) => r.start())]);
  return {
    writer,
    readers,
    close: async () => {
      await Promise.all([writer?.close(), ...readers.map((r) => r.close())]);
    },
  };
}
