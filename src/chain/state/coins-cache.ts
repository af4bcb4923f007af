/**
 * An in-memory cache of stored coins in front of the `chain.utxo` key-value
 * namespace (the role of Bitcoin Core's CCoinsViewCache / dbcache), bounded
 * by an estimate of the bytes it holds. It mirrors COMMITTED state only:
 * lookups read through to a snapshot on a miss and keep the decoded coin;
 * after a storage transaction that changed the UTXO set has committed, its
 * net changes are applied (`apply`), never before, so a failed or interrupted
 * write leaves the cache equal to disk. When full, the coins inserted first
 * are evicted first. It assumes one writer of the namespace (the ChainState
 * that owns it).
 */
import type { KvReader } from '../../storage/api.js';
import type { OutPoint } from '../tx/transaction.js';
import { decodeCoin, outpointFromKey, outpointKey, type Coin } from './coin.js';
import { OutpointMap } from './outpoint-map.js';

/** Where a UTXO view reads a coin it has not touched yet: the stored set, possibly through a cache. */
export interface CoinSource {
  /** The stored coin at `p`, or undefined; `h` is `outpointHash(p.txid, p.index)` when the caller has it. */
  fetch(p: OutPoint, h?: number): Coin | undefined;
}

/** A source reading the stored set straight from a key-value reader (no cache). */
export function kvCoinSource(kv: KvReader): CoinSource {
  return {
    fetch(p) {
      const bytes = kv.get(outpointKey(p));
      return bytes === undefined ? undefined : decodeCoin(bytes);
    },
  };
}

/** Default bound of a chain's coins cache: 64 MiB. */
export const DEFAULT_COINS_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * Estimated heap bytes of one cached coin besides its script: the map entry
 * and slot (txid words inline), the coin object, its bigint and the script's
 * Uint8Array and ArrayBuffer headers (see bench/chain.ts, which measures it).
 */
export const COIN_ENTRY_OVERHEAD = 390;

function entryBytes(coin: Coin): number {
  return COIN_ENTRY_OVERHEAD + coin.scriptPubKey.byteLength;
}

/** A coin whose script does not keep a larger buffer (e.g. a whole parsed block) alive. */
function compact(coin: Coin): Coin {
  const s = coin.scriptPubKey;
  if (s.byteOffset === 0 && s.byteLength === s.buffer.byteLength) return coin;
  return { value: coin.value, height: coin.height, coinbase: coin.coinbase, scriptPubKey: s.slice() };
}

export class CoinsCache {
  readonly maxBytes: number;
  private readonly coins = new OutpointMap<Coin>();
  private used = 0;
  private hitCount = 0;
  private missCount = 0;

  /** `maxBytes` 0 turns the cache off (every lookup reads through, nothing is kept). */
  constructor(maxBytes: number = DEFAULT_COINS_CACHE_BYTES) {
    this.maxBytes = Math.max(0, Math.floor(maxBytes));
  }

  /** A read-through source over `kv`, a snapshot of the committed `chain.utxo` this cache mirrors. */
  source(kv: KvReader): CoinSource {
    return {
      fetch: (p, h) => {
        const hit = this.coins.get(p, h);
        if (hit !== undefined) {
          this.hitCount++;
          return hit;
        }
        this.missCount++;
        const bytes = kv.get(outpointKey(p));
        if (bytes === undefined) return undefined;
        const coin = decodeCoin(bytes);
        this.insert(p, coin, h);
        return coin;
      },
    };
  }

  /**
   * Applies committed net changes of the stored set (36-byte outpoint key -> coin, or null for
   * a deleted coin). Call only after the transaction that wrote them has committed.
   */
  apply(changes: Iterable<{ readonly key: Uint8Array; readonly coin: Coin | null }>): void {
    for (const { key, coin } of changes) {
      const p = outpointFromKey(key);
      if (coin === null) this.remove(p);
      else this.insert(p, compact(coin));
    }
  }

  /** The cached coin at an outpoint, without reading through or counting. */
  peek(p: OutPoint): Coin | undefined {
    return this.coins.get(p);
  }

  /** Every cached (outpoint, coin), oldest first. */
  entries(): IterableIterator<[OutPoint, Coin]> {
    return this.coins.entries();
  }

  clear(): void {
    this.coins.clear();
    this.used = 0;
  }

  get size(): number {
    return this.coins.size;
  }

  /** Estimated bytes held (see COIN_ENTRY_OVERHEAD). */
  get bytes(): number {
    return this.used;
  }

  get hits(): number {
    return this.hitCount;
  }

  get misses(): number {
    return this.missCount;
  }

  private insert(p: OutPoint, coin: Coin, h?: number): void {
    const size = entryBytes(coin);
    if (size > this.maxBytes) {
      this.remove(p);
      return;
    }
    const prev = this.coins.set(p, coin, h);
    this.used += size - (prev === undefined ? 0 : entryBytes(prev));
    while (this.used > this.maxBytes) {
      const evicted = this.coins.shiftOldest();
      if (evicted.length === 0) break;
      for (const e of evicted) this.used -= entryBytes(e.value);
    }
  }

  private remove(p: OutPoint): void {
    const prev = this.coins.delete(p);
    if (prev !== undefined) this.used -= entryBytes(prev);
  }
}
