/**
 * Imports blocks from bytes: bzip2 or plain; blk-file framed (magic +
 * length + block, repeated) or one raw block. Blocks go through
 * `ChainState.acceptBlocks` in chunks (full validation against the chain's
 * params; runs extending the tip are committed one write per run) and the
 * outcome of each is counted; the genesis block, already present, counts as
 * a duplicate.
 */
import { PyralogError } from '../../errors/pyralog-error.js';
import { looksBlkFramed, maybeDecompress, splitBlkFrames } from '../block/blk-file.js';
import { parseBlock } from '../block/block.js';
import { bytesEqual } from '../encoding/hex.js';
import { BITCOIN_MAIN } from '../params/bitcoin-main.js';
import { DEMIURGE_DEV } from '../params/demiurge.js';
import type { AcceptResult, ChainState } from './chain-state.js';

export interface ImportSummary {
  readonly blocks: number;
  readonly byStatus: Readonly<Record<AcceptResult['status'], number>>;
  /** The first rejected blocks with their reasons (at most 10). */
  readonly rejected: readonly { readonly hash: string; readonly reason: string }[];
}

const KNOWN_NETWORKS = [BITCOIN_MAIN, DEMIURGE_DEV];

export async function importBlocks(chain: ChainState, input: Uint8Array, onBlock?: (r: AcceptResult, i: number) => void): Promise<ImportSummary> {
  const bytes = maybeDecompress(input);
  for (const other of KNOWN_NETWORKS) {
    if (other.name !== chain.params.name && !bytesEqual(other.magic, chain.params.magic) && looksBlkFramed(bytes, other.magic)) {
      throw new PyralogError('CHAIN_BAD_MAGIC', `the input holds blocks of ${other.name}, this chain is ${chain.params.name}`, {
        phase: 'import',
        hints: [`import into a store initialised for ${other.name}`],
      });
    }
  }
  const raws = looksBlkFramed(bytes, chain.params.magic) ? splitBlkFrames(bytes, chain.params.magic) : [bytes];
  const byStatus: Record<AcceptResult['status'], number> = { connected: 0, reorg: 0, side: 0, orphan: 0, duplicate: 0, invalid: 0 };
  const rejected: { hash: string; reason: string }[] = [];
  const CHUNK = 256;
  for (let start = 0; start < raws.length; start += CHUNK) {
    const items = raws.slice(start, start + CHUNK).map((raw, k) => {
      try {
        return { block: parseBlock(raw), raw };
      } catch (e) {
        throw new PyralogError('CHAIN_IMPORT_PARSE', `block ${start + k} of the input does not parse: ${e instanceof Error ? e.message : String(e)}`, { phase: 'import', cause: e });
      }
    });
    const results = await chain.acceptBlocks(items);
    results.forEach((r, k) => {
      byStatus[r.status]++;
      if (r.status === 'invalid' && rejected.length < 10) rejected.push({ hash: r.hash, reason: r.reason });
      onBlock?.(r, start + k);
    });
  }
  return { blocks: raws.length, byStatus, rejected };
}
