/**
 * Full re-validation of a stored best chain: every block from height 1 to
 * the tip is replayed through a fresh ChainState (on a scratch store), which
 * re-checks proof of work, Merkle roots, retargets, times, scripts and
 * amounts; then the replayed UTXO set must equal the stored one byte for byte,
 * and the stored `utxos` table must hold as many rows as the UTXO namespace.
 */
import { KV, UTXOS_TABLE } from './chain-tables.js';
import { ChainState } from './chain-state.js';
import { withSnapshot, type ChainStore } from './chain-store.js';

export interface ValidationReport {
  readonly ok: boolean;
  readonly blocks: number;
  readonly problems: readonly string[];
}

function utxoEntries(store: ChainStore): string[] {
  return withSnapshot(store, (s) => [...s.kv(KV.utxo).range()].map(({ key, value }) => Buffer.from(key).toString('hex') + Buffer.from(value).toString('hex')));
}

export async function validateStoredChain(chain: ChainState, scratch: ChainStore, onProgress?: (height: number) => void): Promise<ValidationReport> {
  const problems: string[] = [];
  const replay = ChainState.open(scratch, chain.params);
  const tip = chain.tip();
  let blocks = 0;
  for (let h = 1; h <= tip.height; h++) {
    const hash = chain.hashAtHeight(h);
    const block = hash === undefined ? undefined : chain.getBlock(hash);
    if (hash === undefined || block === undefined) {
      problems.push(`block data missing at height ${h}`);
      break;
    }
    const r = await replay.acceptBlock(block);
    blocks++;
    if (r.status !== 'connected') {
      problems.push(`height ${h} (${hash}): ${r.status === 'invalid' ? r.reason : r.status}`);
      break;
    }
    onProgress?.(h);
  }
  if (problems.length === 0) {
    if (replay.tip().hash !== tip.hash) problems.push(`replay ended at ${replay.tip().hash}, store tip is ${tip.hash}`);
    const stored = utxoEntries(chain.store);
    const replayed = utxoEntries(scratch);
    if (stored.length !== replayed.length || stored.some((e, i) => e !== replayed[i])) {
      problems.push(`UTXO set differs from the replay: ${stored.length} stored vs ${replayed.length} replayed coins`);
    }
    const rows = withSnapshot(chain.store, (s) => s.stats(UTXOS_TABLE.name).rowCount);
    if (rows !== stored.length) problems.push(`utxos table has ${rows} rows, the UTXO namespace ${stored.length} coins`);
  }
  return { ok: problems.length === 0, blocks, problems };
}
