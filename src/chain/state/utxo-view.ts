/**
 * An in-memory overlay over the stored UTXO set: lookups fall through to a
 * key-value reader (a snapshot or the write transaction), spends and new
 * coins are recorded in the overlay. Validation of a block or a whole reorg
 * runs against a view; only when everything checks out are the view's net
 * changes written, in one storage transaction.
 */
import type { KvReader } from '../../storage/api.js';
import type { OutPoint } from '../tx/transaction.js';
import { decodeCoin, outpointId, outpointKey, type Coin } from './coin.js';

export class UtxoView {
  /** id -> coin, or null for "spent in this view"; inBase: the stored set holds the key. */
  private readonly overlay = new Map<string, { readonly key: Uint8Array; readonly coin: Coin | null; readonly inBase: boolean }>();

  constructor(private readonly base: KvReader) {}

  get(p: OutPoint): Coin | undefined {
    const hit = this.overlay.get(outpointId(p));
    if (hit !== undefined) return hit.coin ?? undefined;
    const bytes = this.base.get(outpointKey(p));
    return bytes === undefined ? undefined : decodeCoin(bytes);
  }

  /** Adds a coin (new outputs never overwrite a stored coin: the stored set is assumed not to hold the key). */
  add(p: OutPoint, coin: Coin): void {
    const id = outpointId(p);
    const prev = this.overlay.get(id);
    this.overlay.set(id, { key: prev?.key ?? outpointKey(p), coin, inBase: prev?.inBase ?? false });
  }

  /** Marks the coin spent; returns it (undefined when it did not exist). */
  spend(p: OutPoint): Coin | undefined {
    const id = outpointId(p);
    const hit = this.overlay.get(id);
    if (hit !== undefined) {
      if (hit.coin === null) return undefined;
      this.overlay.set(id, { key: hit.key, coin: null, inBase: hit.inBase });
      return hit.coin;
    }
    const key = outpointKey(p);
    const bytes = this.base.get(key);
    if (bytes === undefined) return undefined;
    this.overlay.set(id, { key, coin: null, inBase: true });
    return decodeCoin(bytes);
  }

  /** Net changes against the stored set: key -> coin to put, or null to delete. */
  *changes(): Iterable<{ readonly key: Uint8Array; readonly coin: Coin | null }> {
    for (const c of this.overlay.values()) if (c.coin !== null || c.inBase) yield c;
  }
}
