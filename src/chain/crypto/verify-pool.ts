/**
 * Parallel ECDSA verification over worker_threads. The main thread does the
 * cheap part (lax DER parsing, public-key normalisation — the same rules as
 * `verifyDer`), packs the survivors into fixed-size records and hands slices
 * to workers, each running libsecp256k1 (tiny-secp256k1's CommonJS build,
 * loaded by absolute path so no TypeScript is needed inside the worker).
 * Workers are unref'd while idle, so an open pool never keeps a process alive.
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

  run(buf: ArrayBuffer, count: number): Promise<Uint8Array> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ id, buf, count }, [buf]);
    });
  }
}

export class VerifyPool {
  readonly size: number;
  private readonly workers: PoolWorker[] = [];
  private closed = false;

  /** `size` workers (default: available parallelism, at least 1). */
  constructor(size: number = availableParallelism()) {
    this.size = Math.max(1, Math.floor(size));
    const secpPath = createRequire(import.meta.url).resolve('tiny-secp256k1');
    for (let i = 0; i < this.size; i++) this.workers.push(new PoolWorker(secpPath));
  }

  /** Verifies every item; result i says whether item i is a valid signature. */
  async verifyBatch(items: readonly VerifyItem[]): Promise<boolean[]> {
    if (this.closed) throw new Error('VerifyPool is closed');
    const results: boolean[] = new Array<boolean>(items.length).fill(false);
    if (items.length < MIN_PARALLEL) {
      items.forEach((it, i) => {
        const compact = parseDerLax(it.sig);
        results[i] = compact !== undefined && compact !== 'overflow' && verifyCompact(it.msg32, it.pubkey, compact);
      });
      return results;
    }
    // Pack the items worth verifying; the rest stay false.
    const indexes: number[] = [];
    const packed = new Uint8Array(items.length * RECORD);
    items.forEach((it, i) => {
      if (it.msg32.length !== 32 || it.sig.length === 0) return;
      const compact = parseDerLax(it.sig);
      const key = normalizePublicKey(it.pubkey);
      if (compact === undefined || compact === 'overflow' || key === undefined) return;
      const o = indexes.length * RECORD;
      packed.set(it.msg32, o);
      packed[o + 32] = key.length;
      packed.set(key, o + 33);
      packed.set(compact, o + 98);
      indexes.push(i);
    });
    const n = indexes.length;
    // Chunks several times smaller than an even split, handed out as workers finish: a worker slowed by
    // other load on the machine takes fewer.
    const chunk = Math.max(MIN_PARALLEL, Math.ceil(n / (this.size * 4)));
    let next = 0;
    const drain = async (worker: PoolWorker): Promise<void> => {
      while (next < n) {
        const from = next;
        const to = Math.min(n, from + chunk);
        next = to;
        const out = await worker.run(packed.slice(from * RECORD, to * RECORD).buffer, to - from);
        for (let k = 0; k < out.length; k++) results[indexes[from + k]!] = out[k] === 1;
      }
    };
    await Promise.all(this.workers.map(drain));
    return results;
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}

let defaultPool: VerifyPool | undefined;

/** Verifies a batch on a shared pool sized to the machine (created on first use). */
export function verifyBatch(items: readonly VerifyItem[]): Promise<boolean[]> {
  defaultPool ??= new VerifyPool();
  return defaultPool.verifyBatch(items);
}

/** Closes the shared pool, if one was created. */
export async function closeDefaultVerifyPool(): Promise<void> {
  const pool = defaultPool;
  defaultPool = undefined;
  if (pool !== undefined) await pool.close();
}
