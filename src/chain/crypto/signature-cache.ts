/**
 * A bounded cache of signatures already found valid, keyed by
 * sighash ‖ public key ‖ signature, so a transaction verified when it enters
 * the mempool is not verified again when its block is connected. Only
 * successes are stored (a failure may be retried under other rules); when
 * full, the oldest entries are evicted first.
 */

import { createHash } from 'node:crypto';

export class SignatureCache {
  readonly maxEntries: number;
  private readonly entries = new Set<string>();
  private hitCount = 0;
  private missCount = 0;

  constructor(maxEntries = 100_000) {
    this.maxEntries = Math.max(1, maxEntries);
  }

  /** The cache key: SHA-256 of the three parts with their lengths, as base64. */
  static key(sighash: Uint8Array, pubkey: Uint8Array, sig: Uint8Array): string {
    return createHash('sha256')
      .update(Uint8Array.of(sighash.length, pubkey.length, sig.length))
      .update(sighash)
      .update(pubkey)
      .update(sig)
      .digest('base64');
  }

  /** Was this (sighash, pubkey, sig) verified before? Counts hits and misses. */
  has(key: string): boolean {
    const hit = this.entries.has(key);
    if (hit) this.hitCount++;
    else this.missCount++;
    return hit;
  }

  /** Records a valid signature, evicting the oldest entry when full. */
  add(key: string): void {
    if (this.entries.has(key)) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.values().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.add(key);
  }

  get size(): number {
    return this.entries.size;
  }

  get hits(): number {
    return this.hitCount;
  }

  get misses(): number {
    return this.missCount;
  }

  clear(): void {
    this.entries.clear();
  }
}
