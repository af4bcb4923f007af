/**
 * What `pyralog chain mine N` does once its arguments are checked: estimate
 * the work a block needs here, refuse a chain where one block would take
 * more than a minute unless forced (a bitcoin chain at real difficulty would
 * otherwise hang silently), print the estimate when the work is real, mine
 * block after block, and stop cleanly on Ctrl-C (SIGINT): the search is
 * aborted, blocks already mined stay, and the exit code is 130.
 */
import { availableParallelism } from 'node:os';
import { PyralogError } from '../../errors/pyralog-error.js';
import type { ChainState } from '../state/chain-state.js';
import { scriptAddress } from '../state/script-type.js';
import { forgeNextBlock } from './forge-blocks.js';
import { estimateMining, expectedHashes, formatDuration, formatHashRate } from './mining-estimate.js';

export interface MineBlocksOptions {
  readonly count: number;
  readonly payoutScript: Uint8Array;
  readonly threads?: number;
  /** Mine even when a block is expected to take longer than `refuseAfterSeconds`. */
  readonly force: boolean;
  readonly out: (line: string) => void;
  /** Default 60. */
  readonly refuseAfterSeconds?: number;
  /** Stops the mining (besides SIGINT); for tests. */
  readonly signal?: AbortSignal;
}

/** Below this many expected hashes per block no estimate is needed (a dev chain: milliseconds). */
const TRIVIAL_HASHES = 1_000_000;
export const EXIT_INTERRUPTED = 130;

export async function mineBlocks(chain: ChainState, options: MineBlocksOptions): Promise<number> {
  const { out } = options;
  const threads = options.threads ?? availableParallelism();
  const bits = chain.nextBits();
  let announce: string | undefined;
  if (expectedHashes(bits) > TRIVIAL_HASHES) {
    const est = estimateMining(bits, threads);
    const summary = `a block needs about ${est.expectedHashes.toPrecision(3)} hashes; at ${formatHashRate(est.hashesPerSecond)} on ${threads} thread(s) that is about ${formatDuration(est.expectedSeconds)} per block`;
    if (est.expectedSeconds > (options.refuseAfterSeconds ?? 60) && !options.force) {
      throw new PyralogError('CHAIN_MINING_REFUSED', `not mining on ${chain.params.name}: ${summary}`, {
        phase: 'cli',
        hints: ['pass --force to mine anyway (Ctrl-C stops it), or mine on a dev chain (pyralog chain init --network dev)'],
        details: { ...est },
      });
    }
    announce = `mining on ${chain.params.name}: ${summary}; Ctrl-C stops`;
  }
  const stop = new AbortController();
  const onSigint = (): void => stop.abort();
  const onCaller = (): void => stop.abort();
  process.on('SIGINT', onSigint);
  options.signal?.addEventListener('abort', onCaller, { once: true });
  const started = performance.now();
  let hashes = 0;
  let mined = 0;
  try {
    // Said only once the SIGINT handler is in place: a Ctrl-C right after it must stop cleanly, not kill.
    if (announce !== undefined) out(announce);
    for (let i = 0; i < options.count; i++) {
      const forged = await forgeNextBlock(chain, { payoutScript: options.payoutScript, threads, signal: stop.signal });
      if (forged === undefined) break;
      hashes += forged.hashes;
      mined++;
      out(`${forged.result.status} ${forged.result.hash} height ${chain.tip().height}`);
    }
  } finally {
    process.off('SIGINT', onSigint);
    options.signal?.removeEventListener('abort', onCaller);
  }
  const secs = Math.max(0.001, (performance.now() - started) / 1000);
  const rate = hashes > 0 ? `, ${formatHashRate(hashes / secs)}` : '';
  const payout = scriptAddress(options.payoutScript, chain.params.addressVersions) ?? 'script';
  if (stop.signal.aborted) {
    out(`stopped: mined ${mined} of ${options.count} block(s) in ${secs.toFixed(2)} s (${hashes} hashes${rate}); payout ${payout}`);
    return EXIT_INTERRUPTED;
  }
  out(`mined ${mined} block(s) in ${secs.toFixed(2)} s (${hashes} hashes${rate}); payout ${payout}`);
  return 0;
}
