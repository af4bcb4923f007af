/**
 * An in-memory overlay over the stored UTXO set: lookups fall through to a
 * coin source (a snapshot or the write transaction, possibly through the
 * coins cache), spends and new coins are recorded in the overlay. Validation
 * of a block or a whole reorg runs against a view; only when everything
 * checks out are the view's net changes written, in one storage transaction.
 */
import type { OutPoint } from '../tx/transaction.js';
import { outpointKey, type Coin } from './coin.js';
import type { CoinSource } from './coins-cache.js';
import { OutpointMap, outpointHash } from './outpoint-map.js';

interface Entry {
  readonly p: OutPoint;
  /** The coin, or null for "spent in this view". */
  readonly coin: Coin | null;
  /** The stored set (may) hold the key: a spend must delete it. */
  readonly inBase: boolean;
}

export class UtxoView {
  private readonly overlay = new OutpointMap<Entry>();

  constructor(private readonly base: CoinSource) {}

  get(p: OutPoint): Coin | undefined {
    const h = outpointHash(p.txid, p.index);
    const hit = this.overlay.get(p, h);
    if (hit !== undefined) return hit.coin ?? undefined;
    return this.base.fetch(p, h);
  }

  /**
   * Adds a coin. New outputs never overwrite a stored coin (BIP30), so the stored set is assumed
   * not to hold the key, unless `mayOverwrite` (the BIP30 exception blocks of Bitcoin main-net).
   */
  add(p: OutPoint, coin: Coin, mayOverwrite = false): void {
    const prev = this.overlay.get(p);
    this.overlay.set(p, { p, coin, inBase: prev?.inBase ?? mayOverwrite });
  }

  /** Marks the coin spent; returns it (undefined when it did not exist). */
  spend(p: OutPoint): Coin | undefined {
    const h = outpointHash(p.txid, p.index);
    const hit = this.overlay.get(p, h);
    if (hit !== undefined) {
      if (hit.coin === null) return undefined;
      this.overlay.set(p, { p: hit.p, coin: null, inBase: hit.inBase }, h);
      return hit.coin;
    }
    const coin = this.base.fetch(p, h);
    if (coin === undefined) return undefined;
    this.overlay.set(p, { p, coin: null, inBase: true }, h);
    return coin;
  }

  /** Net changes against the stored set: key -> coin to put, or null to delete. */
  *changes(): Iterable<{ readonly key: Uint8Array; readonly coin: Coin | null }> {
    for (const c of this.overlay.values()) {
      if (c.coin === null && !c.inBase) continue;
      yield { key: outpointKey(c.p), coin: c.coin };
    }
  }
}
