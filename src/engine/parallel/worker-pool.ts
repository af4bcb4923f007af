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
 * Protocol (the caller blocks: queries are synchronous): the ranges to run
 * are posted to every worker with a small shared control block [next range,
 * active workers, closed]. Every thread (the caller included) claims ranges
 * with an atomic increment and computes them; workers send each range's
 * partial state back over a private MessageChannel and count it finished.
 * When every range is finished the caller marks the block closed and waits
 * (Atomics.wait) until no worker is active, then reads the replies with
 * receiveMessageOnPort. A
 * worker that arrives after the close touches nothing, so once `runRanges`
 * returns no thread reads the heap views of the query (its snapshot may then
 * end and the blocks be reused).
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
import type { MorselSpec, PartialState } from './morsel-kernels.js';
import type { TopKSpec } from './top-k-kernels.js';
import type { HeapMorsel } from './heap-morsel.js';
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
      // A worker that fails to start or dies reports here; its claimed ranges never arrive and runRanges says so.
      w.on('error', () => undefined);
      this.workers.push(w);
      this.ports.push(port1);
    }
  }

  /**
   * Runs the ranges (each a list of morsels computed in order into one
   * partial state); the calling thread joins in. `local(r)` computes range r
   * on the calling thread (it must be able to: ranges in `mainOnly` are
   * never offered to workers). Returns the states by range index.
   */
  run(spec: MorselSpec, ranges: readonly (readonly HeapMorsel[])[], offered: readonly number[], local: (range: number) => PartialState, checkCancel?: () => void): PartialState[] {
    return this.runJob({ kind: 'agg', spec }, ranges, offered, local, checkCancel);
  }

  /** The same for a top-k: each range's best row positions. */
  runTopK(spec: TopKSpec, ranges: readonly (readonly HeapMorsel[])[], offered: readonly number[], local: (range: number) => Float64Array, checkCancel?: () => void): Float64Array[] {
    return this.runJob({ kind: 'topk', spec }, ranges, offered, local, checkCancel);
  }

  private runJob<S>(job: Job, ranges: readonly (readonly HeapMorsel[])[], offered: readonly number[], local: (range: number) => S, checkCancel: (() => void) | undefined): S[] {
    this.start();
    const qid = this.nextQid++;
    // [0] next range to claim, [1] workers active, [2] closed, [3] ranges finished
    const ctrl = new Int32Array(new SharedArrayBuffer(16));
    for (const w of this.workers) w.postMessage({ qid, kind: job.kind, spec: job.spec, ranges, offered, ctrl });
    const out: (S | undefined)[] = new Array(ranges.length);
    let byCaller = 0;
    try {
      if (callerJoins) {
        for (;;) {
          const r = Atomics.add(ctrl, 0, 1);
          if (r >= offered.length) break;
          out[offered[r]!] = local(offered[r]!);
          byCaller++;
          Atomics.add(ctrl, 3, 1);
          checkCancel?.();
        }
      }
      // Wait for the ranges the workers claimed; a worker that stops answering ends the wait with an error.
      let last = -1;
      let idleSince = Date.now();
      for (;;) {
        const finished = Atomics.load(ctrl, 3);
        if (finished >= offered.length) break;
        if (finished !== last) {
          last = finished;
          idleSince = Date.now();
        } else if (Date.now() - idleSince > STALL_MS) {
          throw new PyralogError('INTERNAL', `parallel ${job.kind === 'agg' ? 'aggregate' : 'top-k'}: workers stopped answering (${finished} of ${offered.length} ranges done)`, { phase: 'execute' });
        }
        checkCancel?.();
        Atomics.wait(ctrl, 3, finished, checkCancel === undefined ? 100 : 10);
      }
    } finally {
      Atomics.store(ctrl, 2, 1);
      Atomics.store(ctrl, 0, offered.length);
      for (;;) {
        const active = Atomics.load(ctrl, 1);
        if (active === 0) break;
        Atomics.wait(ctrl, 1, active, 100);
      }
    }
    stats.rangesByCaller += byCaller;
    stats.rangesByWorkers += offered.length - byCaller;
    let error: string | undefined;
    for (const port of this.ports) {
      for (;;) {
        const m = receiveMessageOnPort(port) as { message: Reply } | undefined;
        if (m === undefined) break;
        const reply = m.message;
        if (reply.qid !== qid) continue;
        if (reply.error !== undefined) error ??= reply.error;
        else if (reply.state !== undefined) out[reply.range] = reply.state as S;
      }
    }
    const what = job.kind === 'agg' ? 'aggregate' : 'top-k';
    if (error !== undefined) throw new PyralogError('INTERNAL', `a parallel ${what} worker failed: ${error}`, { phase: 'execute' });
    const missing = offered.filter((r) => out[r] === undefined);
    if (missing.length > 0) throw new PyralogError('INTERNAL', `parallel ${what}: ${missing.length} range(s) never reported`, { phase: 'execute' });
    return out as S[];
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
