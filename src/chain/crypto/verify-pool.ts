/**
 * Parallel ECDSA verification over worker_threads. The calling thread does
 * the cheap part (lax DER parsing, public-key normalisation: the same rules
 * as `verifyDer`), packs the survivors into fixed-size records (digest, key,
 * compact signature; nothing else crosses) and streams chunks of them, as
 * transferred buffers, to the least-loaded worker; chunks the workers have
 * no room for it verifies itself. Workers run libsecp256k1 (tiny-secp256k1's
 * CommonJS build, loaded by absolute path so no TypeScript is needed inside
 * the worker) and are unref'd while idle, so an open pool never keeps a
 * process alive.
 */

import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { parseDerLax } from './der-signature.js';
import { normalizePublicKey, verifyCompact } from './ecdsa.js';

export interface VerifyItem {
  /** The 32-byte message (a sighash). */
  readonly msg32: Uint8Array;
  readonly pubkey: Uint8Array;
  /** DER signature without the hash-type byte (parsed laxly, high S accepted). */
  readonly sig: Uint8Array;
}

/** Record layout: msg32 ‖ pubkey length ‖ pubkey (65, zero-padded) ‖ compact r‖s. */
const RECORD = 32 + 1 + 65 + 64;
/** Below this many items a batch is verified on the calling thread. */
const MIN_PARALLEL = 32;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const secp = require(workerData.secpPath);
const RECORD = ${RECORD};
parentPort.on('message', (m) => {
  const rec = new Uint8Array(m.buf);
  const out = new Uint8Array(m.count);
  for (let i = 0; i < m.count; i++) {
    const o = i * RECORD;
    const plen = rec[o + 32];
    try {
      out[i] = secp.verify(rec.subarray(o, o + 32), rec.subarray(o + 33, o + 33 + plen), rec.subarray(o + 98, o + 162), false) ? 1 : 0;
    } catch {
      out[i] = 0;
    }
  }
  parentPort.postMessage({ id: m.id, out }, [out.buffer]);
});
`;

interface Pending {
  readonly resolve: (out: Uint8Array) => void;
  readonly reject: (e: unknown) => void;
}

class PoolWorker {
  readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(secpPath: string) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { secpPath } });
    this.worker.unref();
    this.worker.on('message', (m: { id: number; out: Uint8Array }) => {
      const p = this.pending.get(m.id);
      if (p === undefined) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) this.worker.unref();
      p.resolve(m.out);
    });
    this.worker.on('error', (e) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    });
  }

  /** Items sent and not yet answered. */
  load = 0;

  run(buf: ArrayBuffer, count: number): Promise<Uint8Array> {
    const id = this.nextId++;
    this.load += count;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve: (out) => {
          this.load -= count;
          resolve(out);
        },
        reject: (e) => {
          this.load -= count;
          reject(e);
        },
      });
      this.worker.ref();
      this.worker.postMessage({ id, buf, count }, [buf]);
    });
  }
}

/** Items per message to a worker when streaming (a few ms of ECDSA: small enough to start early, large enough that messages cost nothing). */
const STREAM_CHUNK = 128;

/** Packs a parsed check (32-byte digest, normalised 33/65-byte key, 64-byte compact signature) into `rec` at `o`. */
function packParsed(msg32: Uint8Array, key: Uint8Array, compact: Uint8Array, rec: Uint8Array, o: number): void {
  rec.set(msg32, o);
  rec[o + 32] = key.length;
  rec.set(key, o + 33);
  rec.set(compact, o + 98);
}

/** The parsed form of an item, or undefined when it cannot be valid (it then stays false without ECDSA). */
function parseItem(it: VerifyItem): { readonly key: Uint8Array; readonly compact: Uint8Array } | undefined {
  if (it.msg32.length !== 32 || it.sig.length === 0) return undefined;
  const compact = parseDerLax(it.sig);
  const key = normalizePublicKey(it.pubkey);
  if (compact === undefined || compact === 'overflow' || key === undefined) return undefined;
  return { key, compact };
}

/** Items a worker may have queued before further chunks wait on the calling thread (about 0.2 s of ECDSA). */
const MAX_WORKER_LOAD = 8 * STREAM_CHUNK;

interface Chunk {
  readonly buf: ArrayBuffer;
  readonly n: number;
  /** Stream positions of the records. */
  readonly positions: readonly number[];
}

/** Verifies packed records on the calling thread, exactly as a worker does. */
function verifyRecords(buf: ArrayBuffer, n: number): Uint8Array {
  const rec = new Uint8Array(buf);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * RECORD;
    out[i] = verifyCompact(rec.subarray(o, o + 32), rec.subarray(o + 33, o + 33 + rec[o + 32]!), rec.subarray(o + 98, o + 162)) ? 1 : 0;
  }
  return out;
}

/**
 * A stream of verifications: `add` packs each item on the calling thread and sends a chunk to
 * the least-loaded worker as soon as it is full, so workers verify while the caller is still
 * producing items (e.g. running scripts speculatively). Chunks beyond what the workers have
 * queued wait on the calling thread; `finish` then verifies them there too, beside the workers
 * (as Bitcoin Core's script-check queue lets the master thread join), and resolves with one
 * verdict per added item, in order. A stream too small to be worth a worker is verified on
 * the calling thread.
 */
export class VerifyStream {
  private readonly verdicts: boolean[] = [];
  private readonly sent: Promise<void>[] = [];
  private readonly waiting: Chunk[] = [];
  private packed = new Uint8Array(STREAM_CHUNK * RECORD);
  /** Stream positions of the records in `packed`. */
  private positions: number[] = [];
  /** Parsed checks held back until the stream is known to be big enough for the workers. */
  private held: { readonly msg32: Uint8Array; readonly key: Uint8Array; readonly compact: Uint8Array; readonly at: number }[] | undefined = [];
  private finished = false;
  /** Records verified on the calling thread (for tests and benchmarks). */
  inlineCount = 0;

  constructor(private readonly workers: readonly PoolWorker[]) {}

  /** Adds an item (DER signature, any public key encoding); returns its position in the verdicts. */
  add(item: VerifyItem): number {
    const parsed = parseItem(item);
    if (parsed === undefined) {
      if (this.finished) throw new Error('VerifyStream is finished');
      this.verdicts.push(false);
      return this.verdicts.length - 1;
    }
    return this.addParsed(item.msg32, parsed.key, parsed.compact);
  }

  /**
   * Adds a check already parsed by the caller: a 32-byte digest, a public key as
   * `normalizePublicKey` returns it and a 64-byte compact r‖s (any S). Returns its position.
   */
  addParsed(msg32: Uint8Array, key: Uint8Array, compact: Uint8Array): number {
    if (this.finished) throw new Error('VerifyStream is finished');
    const at = this.verdicts.length;
    this.verdicts.push(false);
    if (this.held !== undefined) {
      this.held.push({ msg32, key, compact, at });
      if (this.held.length < MIN_PARALLEL) return at;
      const held = this.held;
      this.held = undefined;
      for (const h of held) this.pack(h.msg32, h.key, h.compact, h.at);
      return at;
    }
    this.pack(msg32, key, compact, at);
    return at;
  }

  private pack(msg32: Uint8Array, key: Uint8Array, compact: Uint8Array, at: number): void {
    packParsed(msg32, key, compact, this.packed, this.positions.length * RECORD);
    this.positions.push(at);
    if (this.positions.length === STREAM_CHUNK) this.cut();
  }

  /** Closes the current chunk and hands it to a worker, or queues it. */
  private cut(): void {
    const n = this.positions.length;
    if (n === 0) return;
    this.waiting.push({ buf: this.packed.buffer.slice(0, n * RECORD), n, positions: this.positions });
    this.packed = new Uint8Array(STREAM_CHUNK * RECORD);
    this.positions = [];
    this.pump();
  }

  /** Sends waiting chunks (oldest first) to workers with room. */
  private pump(): void {
    while (this.waiting.length > 0) {
      let worker = this.workers[0]!;
      for (const w of this.workers) if (w.load < worker.load) worker = w;
      if (worker.load >= MAX_WORKER_LOAD) return;
      const chunk = this.waiting.shift()!;
      const done = worker.run(chunk.buf, chunk.n).then((out) => {
        this.record(chunk, out);
        this.pump();
      });
      // A stream abandoned before `finish` must not leave an unhandled rejection behind; `finish` still sees it.
      done.catch(() => undefined);
      this.sent.push(done);
    }
  }

  private record(chunk: Chunk, out: Uint8Array): void {
    for (let k = 0; k < chunk.n; k++) this.verdicts[chunk.positions[k]!] = out[k] === 1;
  }

  /** Verdicts of every added item, in order. */
  async finish(): Promise<boolean[]> {
    this.finished = true;
    if (this.held !== undefined) {
      for (const h of this.held) this.verdicts[h.at] = verifyCompact(h.msg32, h.key, h.compact);
      return this.verdicts;
    }
    this.cut();
    // Join the workers: take the newest waiting chunk, verify it here, let replies and top-ups through, repeat.
    while (this.waiting.length > 0) {
      const chunk = this.waiting.pop()!;
      this.record(chunk, verifyRecords(chunk.buf, chunk.n));
      this.inlineCount += chunk.n;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(this.sent);
    return this.verdicts;
  }
}

export class VerifyPool {
  readonly size: number;
  private readonly workers: PoolWorker[] = [];
  private closed = false;

  /**
   * `size` workers. The default is one fewer than the available parallelism (at least 1): the
   * calling thread is the last verifier, as in Bitcoin Core's -par, and on a 2-core machine a
   * second worker would only compete with the calling thread's serial work.
   */
  constructor(size: number = Math.max(1, availableParallelism() - 1)) {
    this.size = Math.max(1, Math.floor(size));
    const secpPath = createRequire(import.meta.url).resolve('tiny-secp256k1');
    for (let i = 0; i < this.size; i++) this.workers.push(new PoolWorker(secpPath));
  }

  /** A stream of verifications on this pool (see VerifyStream). */
  stream(): VerifyStream {
    if (this.closed) throw new Error('VerifyPool is closed');
    return new VerifyStream(this.workers);
  }

  /** Verifies every item; result i says whether item i is a valid signature. */
  async verifyBatch(items: readonly VerifyItem[]): Promise<boolean[]> {
    const stream = this.stream();
    for (const it of items) stream.add(it);
    return stream.finish();
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}

let defaultPool: VerifyPool | undefined;

/** The shared pool sized to the machine (created on first use). */
export function sharedVerifyPool(): VerifyPool {
  defaultPool ??= new VerifyPool();
  return defaultPool;
}

/** Verifies a batch on the shared pool. */
export function verifyBatch(items: readonly VerifyItem[]): Promise<boolean[]> {
  return sharedVerifyPool().verifyBatch(items);
}

/** Closes the shared pool, if one was created. */
export async function closeDefaultVerifyPool(): Promise<void> {
  const pool = defaultPool;
  defaultPool = undefined;
  if (pool !== undefined) await pool.close();
}
