/**
 * Mining on a chain: build a template on the current tip, run the Forge,
 * submit the block. The search stops when the tip moves underneath it (a
 * block from elsewhere) or the caller's signal aborts; a stale search is
 * retried on the new tip.
 */
import { PyralogError } from '../../errors/pyralog-error.js';
import type { AcceptResult, ChainState } from '../state/chain-state.js';
import type { Transaction } from '../tx/transaction.js';
import { createBlockTemplate } from './block-template.js';
import { mineBlock, type MineOptions } from './forge.js';

export interface ForgeOptions extends Omit<MineOptions, 'signal' | 'extraNonceStart'> {
  readonly payoutScript: Uint8Array;
  readonly txs?: readonly Transaction[];
  readonly signal?: AbortSignal;
  readonly coinbaseTag?: string;
  /** Block time override (tests build forks with chosen times). */
  readonly time?: number;
}

export interface ForgedBlock {
  readonly result: AcceptResult;
  readonly hashes: number;
}

/** Mines one block on the tip and submits it; undefined when aborted by the caller. */
export async function forgeNextBlock(chain: ChainState, options: ForgeOptions): Promise<ForgedBlock | undefined> {
  let hashes = 0;
  for (;;) {
    if (options.signal?.aborted === true) return undefined;
    const template = createBlockTemplate(chain, {
      payoutScript: options.payoutScript,
      ...(options.txs !== undefined ? { txs: options.txs } : {}),
      ...(options.coinbaseTag !== undefined ? { coinbaseTag: options.coinbaseTag } : {}),
      ...(options.time !== undefined ? { time: options.time } : {}),
    });
    const stale = new AbortController();
    const unsubscribe = chain.onTip(() => stale.abort());
    const onCaller = (): void => stale.abort();
    options.signal?.addEventListener('abort', onCaller, { once: true });
    try {
      const mined = await mineBlock(template, { ...options, signal: stale.signal });
      hashes += mined.hashes;
      if (mined.kind === 'aborted') continue;
      const result = await chain.acceptBlock(mined.block);
      if (result.status === 'invalid') {
        throw new PyralogError('CHAIN_FORGE_INVALID', `the forged block was rejected: ${result.reason}`, { phase: 'chain', cause: result.error });
      }
      return { result, hashes };
    } finally {
      unsubscribe();
      options.signal?.removeEventListener('abort', onCaller);
    }
  }
}

/** Mines `count` blocks in a row; returns their results. */
export async function forgeBlocks(chain: ChainState, count: number, options: ForgeOptions): Promise<ForgedBlock[]> {
  const out: ForgedBlock[] = [];
  for (let i = 0; i < count; i++) {
    const b = await forgeNextBlock(chain, options);
    if (b === undefined) break;
    out.push(b);
  }
  return out;
}
