/**
 * Forge, the miner: searches the 64-bit space (8-byte extra nonce x 32-bit
 * header nonce) of a block template for a header hash under the target. A
 * short search on the calling thread comes first (enough at dev difficulty);
 * then one worker thread per CPU core takes every k-th extra nonce. An
 * AbortSignal stops the search (e.g. when another block arrives); the result
 * then says `aborted`.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Block } from '../block/block.js';
import { serializeBlockHeader } from '../block/block-header.js';
import { hash256 } from '../crypto/hash.js';
import { toHex } from '../encoding/hex.js';
import { assembleBlock, coinbaseBytes, merkleRootFromBranch, type BlockTemplate } from './block-template.js';
import { FORGE_WORKER_SOURCE } from './forge-worker-source.js';
import { searchNonce, targetBytes } from './nonce-search.js';

export interface MineOptions {
  readonly signal?: AbortSignal;
  /** Worker threads (default: available parallelism). */
  readonly threads?: number;
  /** Highest header nonce tried before rolling the extra nonce (default 0xffffffff). */
  readonly maxNonce?: number;
  /** Hashes tried on the calling thread before starting workers (default 4096). */
  readonly inlineHashes?: number;
  readonly extraNonceStart?: bigint;
}

export type MineResult =
  | { readonly kind: 'found'; readonly block: Block; readonly extraNonce: bigint; readonly hashes: number }
  | { readonly kind: 'aborted'; readonly hashes: number };

function inlineSearch(t: BlockTemplate, extraNonce: bigint, target: Uint8Array, from: number, to: number): { nonce: number | undefined; hashes: number } {
  const root = merkleRootFromBranch(hash256(coinbaseBytes(t, extraNonce)), t.merkleBranch);
  const header = serializeBlockHeader({ version: t.version, prevHash: t.prevHash, merkleRoot: root, time: t.time, bits: t.bits, nonce: 0 });
  return searchNonce(header, target, from, to);
}

export async function mineBlock(t: BlockTemplate, options: MineOptions = {}): Promise<MineResult> {
  const maxNonce = options.maxNonce ?? 0xffffffff;
  const target = targetBytes(t.target);
  const start = options.extraNonceStart ?? 0n;
  if (options.signal?.aborted === true) return { kind: 'aborted', hashes: 0 };
  // Inline: the first extra nonces up to the inline budget.
  let budget = options.inlineHashes ?? 4096;
  let hashes = 0;
  let extraNonce = start;
  while (budget > 0) {
    const to = Math.min(maxNonce, budget - 1);
    const r = inlineSearch(t, extraNonce, target, 0, to);
    hashes += r.hashes;
    if (r.nonce !== undefined) return { kind: 'found', block: assembleBlock(t, extraNonce, r.nonce), extraNonce, hashes };
    budget -= r.hashes;
    if (to < maxNonce) break;
    extraNonce++;
  }
  // Workers: fresh extra nonces after the ones tried inline.
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const control = new SharedArrayBuffer(4);
  const counter = new SharedArrayBuffer(8);
  const stopFlag = new Int32Array(control);
  const workers: Worker[] = [];
  const done = new Promise<{ extraNonce: bigint; nonce: number } | undefined>((resolve, reject) => {
    let live = threads;
    const onAbort = (): void => {
      Atomics.store(stopFlag, 0, 1);
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    for (let i = 0; i < threads; i++) {
      const w = new Worker(FORGE_WORKER_SOURCE, {
        eval: true,
        workerData: {
          version: t.version,
          prevHash: t.prevHash,
          time: t.time,
          bits: t.bits,
          target: toHex(target),
          prefix: t.coinbasePrefix,
          suffix: t.coinbaseSuffix,
          branch: t.merkleBranch,
          extraNonceStart: (extraNonce + 1n + BigInt(i)).toString(),
          extraNonceStep: String(threads),
          maxNonce,
          control,
          counter,
        },
      });
      workers.push(w);
      w.on('message', (m: { extraNonce: string; nonce: number }) => {
        Atomics.store(stopFlag, 0, 1);
        resolve({ extraNonce: BigInt(m.extraNonce), nonce: m.nonce });
      });
      w.on('error', (e) => {
        Atomics.store(stopFlag, 0, 1);
        reject(e);
      });
      w.on('exit', () => {
        live--;
        if (live === 0) {
          options.signal?.removeEventListener('abort', onAbort);
          resolve(undefined);
        }
      });
    }
  });
  try {
    const found = await done;
    hashes += Number(new BigInt64Array(counter)[0]);
    if (found === undefined) return { kind: 'aborted', hashes };
    return { kind: 'found', block: assembleBlock(t, found.extraNonce, found.nonce), extraNonce: found.extraNonce, hashes };
  } finally {
    Atomics.store(stopFlag, 0, 1);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
