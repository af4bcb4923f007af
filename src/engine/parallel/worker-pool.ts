/**
 * The process's pool of compute threads for morsel-driven parallel
 * aggregates and top-k, and the one protocol it speaks: "run these ranges of
 * morsels" (a job: an aggregate's MorselSpec or a top-k's TopKSpec).
 *
 * Why process-wide: the column heap the morsels live in is process-wide (one
 * shared WebAssembly.Memory, see memory/wasm-heap.ts) and a worker can only
 * read the memory it was given, so every Database of the process shares the
 * pool (explicit process state, like the heap). Workers start lazily on the
 * first parallel query, are unref'd (an idle pool never keeps the process
 * alive) and end with `closeWorkerPool()` (every Database's close may call
 * it; a later parallel query restarts them).
 *
 * Size: `configureParallelism({ workers })` or PYRALOG_WORKERS sets the
 * number of threads a query may use, counting the calling thread (default
 * os.availableParallelism()). The pool holds that number minus one workers:
 * the calling thread computes too. 1 = no workers (covered aggregates still
 * run the morsel kernels, on the calling thread); 0 = no morsel path at all
 * (the serial operators).
 *
 * Protocol (the caller blocks: queries are synchronous): when a query goes
 * parallel every worker gets the job and a small shared control block [next
 * slot, active workers, closed, finished, published, final, waiting]; then, while
 * the calling thread is still scanning, each range whose morsels are in the
 * heap is posted to every worker's private MessageChannel and published
 * (the count goes up, waiting workers are woken), so the workers compute
 * the first ranges while the rest are read. Every thread claims published
 * slots with a compare-and-swap (in publication order), a worker reading
 * the range's morsels from its port with receiveMessageOnPort; workers send
 * each range's partial state back on the same channel and count it
 * finished. After the scan the caller marks the block final, computes the
 * ranges it kept (not in the heap), joins in on the rest, and once every
 * range is finished marks the block closed and waits (Atomics.wait) until
 * no worker is active, then reads the replies. A
 * worker that arrives after the close touches nothing, so once `finish` (or
 * `abort`, on every exit) returns no thread reads the heap views of the
 * query (its snapshot may then end and the blocks be reused). Results go by
 * range index, so which thread computed a range, and when, changes nothing.
 *
 * Cancel: the caller calls the query's `checkCancel` after each range it
 * computes and while it waits; when that throws (a timeout), the block is
 * closed at once (workers finish the range in hand and claim no other) and
 * the error propagates once no worker is active.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { PyralogError } from '../../errors/pyralog-error.js';
import type { MorselSpec, PartialState } from './morsel-spec.js';
import type { TopKSpec } from './top-k-kernels.js';
import { packMorsels, type HeapMorsel } from './heap-morsel.js';
import { morselKernels } from './morsel-kernels.js';
import { workerSource } from './worker-source.js';
import type { WasmMemory } from '../../memory/wasm-heap.js';
import { defaultKernels, KERNEL_WASM_URL } from '../kernels/kernel-module.js';

/** The kernel module's bytes for the workers when the calling thread's kernels are on (they instantiate it over the heap), else null. */
function kernelBytes(): Uint8Array | null {
  if (defaultKernels() === null) return null;
  try {
    return readFileSync(KERNEL_WASM_URL);
  } catch {
    return null;
  }
}

function envWorkers(): number | undefined {
  const env = process.env['PYRALOG_WORKERS'];
  if (env === undefined || env === '') return undefined;
  const n = Number(env);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

let threads = envWorkers() ?? availableParallelism();
/** Rows below which an aggregate stays on the calling thread. */
let minRows = 1 << 20;
/** Rows per morsel (the scan's batch size) and per range (the unit of work and of merge order). */
let morselRows = 65536;
let rangeRows = 1 << 19;
/** False (tests only): the calling thread leaves every offered range to the workers. */
let callerJoins = true;
/** How long the caller waits for a worker's range without any progress before it gives up. */
const STALL_MS = 60_000;
/** Ranges computed by each side since the process started (for tests and tuning). */
const stats = { rangesByCaller: 0, rangesByWorkers: 0 };

export function parallelStats(): { readonly rangesByCaller: number; readonly rangesByWorkers: number } {
  return { ...stats };
}

/**
 * Threads a parallel query may use (the calling thread included; 1 = no
 * workers, 0 = the serial operators only);
 * `minRows`: the input size from which a query goes parallel; `morselRows`
 * and `rangeRows` (tests use small ones): rows per morsel and per range.
 */
export function configureParallelism(options: { readonly workers?: number; readonly minRows?: number; readonly morselRows?: number; readonly rangeRows?: number; readonly callerJoins?: boolean }): void {
  if (options.workers !== undefined) {
    if (!Number.isInteger(options.workers) || options.workers < 0) {
      throw new PyralogError('INVALID_ARGUMENT', `workers must be a whole number >= 0, got ${options.workers}`, { phase: 'execute' });
    }
    // An idle pool of another size stays until a parallel query needs the new size (it is unref'd).
    threads = options.workers;
  }
  if (options.minRows !== undefined) {
    if (!Number.isInteger(options.minRows) || options.minRows < 0) {
      throw new PyralogError('INVALID_ARGUMENT', `minRows must be a whole number >= 0, got ${options.minRows}`, { phase: 'execute' });
    }
    minRows = options.minRows;
  }
  for (const [name, v] of [['morselRows', options.morselRows], ['rangeRows', options.rangeRows]] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new PyralogError('INVALID_ARGUMENT', `${name} must be a whole number >= 1, got ${v}`, { phase: 'execute' });
  }
  if (options.morselRows !== undefined) morselRows = options.morselRows;
  if (options.rangeRows !== undefined) rangeRows = options.rangeRows;
  if (options.callerJoins !== undefined) callerJoins = options.callerJoins;
}

export function parallelSettings(): { readonly threads: number; readonly minRows: number; readonly morselRows: number; readonly rangeRows: number } {
  return { threads, minRows, morselRows, rangeRows };
}

/** What the workers compute per range. */
type Job = { readonly kind: 'agg'; readonly spec: MorselSpec } | { readonly kind: 'topk'; readonly spec: TopKSpec };

interface Reply {
  readonly qid: number;
  readonly range: number;
  readonly state?: unknown;
  readonly error?: string;
}

/** The control block's words (an Int32Array on a SharedArrayBuffer, one per query). */
const NEXT = 0;
const ACTIVE = 1;
const CLOSED = 2;
const FINISHED = 3;
const PUBLISHED = 4;
const FINAL = 5;
/** Workers asleep (or about to sleep) on PUBLISHED. */
const WAITING = 6;

/**
 * One query's ranges on the pool, offered while the calling thread is still
 * scanning: `offer` publishes a range whose morsels are heap-resident (the
 * workers start on it at once), `finish` (after the scan) has the calling
 * thread compute what it kept and join in on what is left, then returns the
 * states by range index; `abort` (idempotent, on every exit) closes the block
 * and waits until no worker touches the heap.
 */
export class RangeStream<S> {
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(32));
  /** Range index of each published slot (slots are claimed in publication order). */
  private readonly slots: number[] = [];
  private closed = false;

  constructor(
    private readonly qid: number,
    private readonly kind: Job['kind'],
    private readonly ports: readonly MessagePort[],
    private readonly local: (range: number) => S,
    private readonly checkCancel: (() => void) | undefined,
  ) {}

  /** The query message every worker gets first (its ranges follow on the worker's port). */
  message(spec: Job['spec']): object {
    return { qid: this.qid, kind: this.kind, spec, ctrl: this.ctrl };
  }

  /** Publishes range `range` (its morsels in the heap) to the workers. */
  offer(range: number, morsels: readonly HeapMorsel[]): void {
    const slot = this.slots.length;
    this.slots.push(range);
    // the message is in every port's queue before the count says so (a worker reads it synchronously)
    const packed = packMorsels(morsels);
    for (const port of this.ports) port.postMessage({ qid: this.qid, slot, range, morsels: packed });
    Atomics.store(this.ctrl, PUBLISHED, slot + 1);
    // Wake only a worker asleep on the count (a notify costs ~100 µs on a busy machine; a busy worker sees the count anyway).
    if (Atomics.load(this.ctrl, WAITING) > 0) Atomics.notify(this.ctrl, PUBLISHED);
  }

  /** Claims the next published slot, or -1 when none is left (call after FINAL is set). */
  private claim(): number {
    for (;;) {
      const next = Atomics.load(this.ctrl, NEXT);
      if (next >= this.slots.length) return -1;
      if (Atomics.compareExchange(this.ctrl, NEXT, next, next + 1) === next) return next;
    }
  }

  /** Runs `kept` on the calling thread, joins in on the published ranges, waits for the workers; states by range index. */
  finish(kept: readonly number[]): S[] {
    const ctrl = this.ctrl;
    const total = this.slots.length;
    Atomics.store(ctrl, FINAL, 1);
    Atomics.notify(ctrl, PUBLISHED);
    const out: (S | undefined)[] = [];
    let byCaller = 0;
    try {
      this.checkCancel?.(); // once the scan is over, before the calling thread's share (the workers may have done it all)
      for (const r of kept) {
        out[r] = this.local(r);
        this.checkCancel?.();
      }
      if (callerJoins) {
        for (let slot = this.claim(); slot >= 0; slot = this.claim()) {
          const r = this.slots[slot]!;
          out[r] = this.local(r);
          byCaller++;
          Atomics.add(ctrl, FINISHED, 1);
          this.checkCancel?.();
        }
      }
      // Wait for the ranges the workers claimed; a worker that stops answering ends the wait with an error.
      let last = -1;
      let idleSince = Date.now();
      for (;;) {
        const finished = Atomics.load(ctrl, FINISHED);
        if (finished >= total) break;
        if (finished !== last) {
          last = finished;
          idleSince = Date.now();
        } else if (Date.now() - idleSince > STALL_MS) {
          throw new PyralogError('INTERNAL', `parallel ${this.what()}: workers stopped answering (${finished} of ${total} ranges done)`, { phase: 'execute' });
        }
        this.checkCancel?.();
        Atomics.wait(ctrl, FINISHED, finished, this.checkCancel === undefined ? 100 : 10);
      }
    } finally {
      this.abort();
    }
    stats.rangesByCaller += byCaller;
    stats.rangesByWorkers += total - byCaller;
    let error: string | undefined;
    for (const port of this.ports) {
      for (;;) {
        const m = receiveMessageOnPort(port) as { message: Reply } | undefined;
        if (m === undefined) break;
        const reply = m.message;
        if (reply.qid !== this.qid) continue;
        if (reply.error !== undefined) error ??= reply.error;
        else if (reply.state !== undefined) out[reply.range] = reply.state as S;
      }
    }
    if (error !== undefined) throw new PyralogError('INTERNAL', `a parallel ${this.what()} worker failed: ${error}`, { phase: 'execute' });
    const missing = this.slots.filter((r) => out[r] === undefined);
    if (missing.length > 0) throw new PyralogError('INTERNAL', `parallel ${this.what()}: ${missing.length} range(s) never reported`, { phase: 'execute' });
    return out as S[];
  }

  /** Closes the block (no worker claims another range) and waits until no worker is active; idempotent. */
  abort(): void {
    if (this.closed) return;
    this.closed = true;
    const ctrl = this.ctrl;
    Atomics.store(ctrl, CLOSED, 1);
    Atomics.store(ctrl, FINAL, 1);
    Atomics.notify(ctrl, PUBLISHED);
    for (;;) {
      const active = Atomics.load(ctrl, ACTIVE);
      if (active === 0) break;
      Atomics.wait(ctrl, ACTIVE, active, 100);
    }
  }

  private what(): string {
    return this.kind === 'agg' ? 'aggregate' : 'top-k';
  }
}

class Pool {
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private nextQid = 1;

  constructor(
    readonly size: number,
    private readonly memory: WasmMemory,
  ) {}

  private start(): void {
    const kernels = this.workers.length < this.size ? kernelBytes() : null;
    while (this.workers.length < this.size) {
      const { port1, port2 } = new MessageChannel();
      const w = new Worker(workerSource(), { eval: true, workerData: { memory: this.memory, port: port2, kernels }, transferList: [port2] });
      w.unref();
      port1.unref();
      // A worker that fails to start or dies reports here; its claimed ranges never arrive and finish says so.
      w.on('error', () => undefined);
      this.workers.push(w);
      this.ports.push(port1);
    }
  }

  /**
   * Starts a query's ranges: every worker gets the job now and computes
   * ranges as the stream offers them; `local(r)` computes range r on the
   * calling thread (ranges kept off the pool must be computable there).
   */
  stream(spec: MorselSpec, local: (range: number) => PartialState, checkCancel?: () => void): RangeStream<PartialState> {
    return this.open({ kind: 'agg', spec }, local, checkCancel);
  }

  /** The same for a top-k: each range's best row positions. */
  streamTopK(spec: TopKSpec, local: (range: number) => Float64Array, checkCancel?: () => void): RangeStream<Float64Array> {
    return this.open({ kind: 'topk', spec }, local, checkCancel);
  }

  private open<S>(job: Job, local: (range: number) => S, checkCancel: (() => void) | undefined): RangeStream<S> {
    this.start();
    const stream = new RangeStream<S>(this.nextQid++, job.kind, this.ports, local, checkCancel);
    const message = stream.message(job.spec);
    for (const w of this.workers) w.postMessage(message);
    return stream;
  }

  close(): void {
    for (const w of this.workers) void w.terminate();
    for (const p of this.ports) p.close();
    this.workers.length = 0;
    this.ports.length = 0;
  }
}

let pool: Pool | null = null;

/** The pool for the current settings, started lazily; null when parallel execution is off. */
export function workerPool(memory: WasmMemory): Pool | null {
  if (threads <= 1) return null;
  if (pool === null || pool.size !== threads - 1) {
    pool?.close();
    pool = new Pool(threads - 1, memory);
  }
  return pool;
}

/** Ends the pool's workers (a later parallel query starts new ones). */
export function closeWorkerPool(): void {
  pool?.close();
  pool = null;
}

const kernels = morselKernels();

/** The calling thread's kernels (the same code the workers run). */
export function mainKernels(): typeof kernels {
  return kernels;
}
