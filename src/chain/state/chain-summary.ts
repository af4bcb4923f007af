/**
 * Read-only summaries of a stored chain for tools: the UTXO set's size and
 * total value, and the name of the chain a store was created for.
 */
import { KV } from './chain-tables.js';
import { withSnapshot, type ChainStore } from './chain-store.js';
import { decodeCoin } from './coin.js';
import { PARAMS_KEY } from './chain-writes.js';

export function utxoSummary(store: ChainStore): { readonly count: number; readonly total: bigint } {
  return withSnapshot(store, (s) => {
    let count = 0;
    let total = 0n;
    for (const { value } of s.kv(KV.utxo).range()) {
      count++;
      total += decodeCoin(value).value;
    }
    return { count, total };
  });
}

/** The chain name recorded in the store, or undefined for a store without a chain. */
export function storedChainName(store: ChainStore): string | undefined {
  return withSnapshot(store, (s) => {
    const v = s.kv(KV.meta).get(PARAMS_KEY);
    return v === undefined ? undefined : Buffer.from(v).toString('utf8');
  });
}
