/**
 * A map keyed by outpoint (txid, output index) for the hot UTXO paths. The
 * JS Map underneath is keyed by a 30-bit number mixed from 12 txid bytes,
 * the index and a per-process random salt (no string is built per lookup);
 * every slot keeps its txid (as inline words) and index, compared in full
 * on lookup, and
 * colliding outpoints chain in one bucket, so answers are exact whatever
 * the hash does. The salt keeps a block author from grinding txids that
 * share buckets. Iteration and `shiftOldest` follow insertion order of
 * buckets.
 */
import { randomBytes } from 'node:crypto';
import type { OutPoint } from '../tx/transaction.js';

/** One outpoint: its txid as eight little-endian int32 words kept inline (no pointer to chase on lookup). */
interface Slot<V> {
  readonly w0: number;
  readonly w1: number;
  readonly w2: number;
  readonly w3: number;
  readonly w4: number;
  readonly w5: number;
  readonly w6: number;
  readonly w7: number;
  readonly index: number;
  value: V;
  next: Slot<V> | undefined;
}

const SALT = new Uint32Array(randomBytes(16).buffer, 0, 4);
const S0 = SALT[0]!;
const S1 = SALT[1]!;
const S2 = SALT[2]!;
const S3 = SALT[3]!;

function word(t: Uint8Array, at: number): number {
  return t[at]! | (t[at + 1]! << 8) | (t[at + 2]! << 16) | (t[at + 3]! << 24);
}

/**
 * The bucket number of an outpoint: 30 bits, so it stays a small integer
 * (no heap number per lookup). Outpoints that share a bucket chain in it.
 */
export function outpointHash(txid: Uint8Array, index: number): number {
  index >>>= 0;
  const a = Math.imul(word(txid, 0) ^ S0, 0x85ebca6b);
  const b = Math.imul(word(txid, 4) ^ S1, 0xc2b2ae35);
  const c = Math.imul(word(txid, 8) ^ S2, 0x27d4eb2f);
  const d = Math.imul(index ^ S3, 0x165667b1);
  const h = a ^ (b >>> 15) ^ (c >>> 7) ^ d;
  return (h ^ (h >>> 16)) & 0x3fffffff;
}

function matches<V>(s: Slot<V>, t: Uint8Array, index: number): boolean {
  return (
    s.index === index &&
    s.w0 === word(t, 0) &&
    s.w1 === word(t, 4) &&
    s.w2 === word(t, 8) &&
    s.w3 === word(t, 12) &&
    s.w4 === word(t, 16) &&
    s.w5 === word(t, 20) &&
    s.w6 === word(t, 24) &&
    s.w7 === word(t, 28)
  );
}

function slot<V>(t: Uint8Array, index: number, value: V, next: Slot<V> | undefined): Slot<V> {
  return { w0: word(t, 0), w1: word(t, 4), w2: word(t, 8), w3: word(t, 12), w4: word(t, 16), w5: word(t, 20), w6: word(t, 24), w7: word(t, 28), index, value, next };
}

function txidOf<V>(s: Slot<V>): Uint8Array {
  const out = new Uint8Array(32);
  const v = new DataView(out.buffer);
  [s.w0, s.w1, s.w2, s.w3, s.w4, s.w5, s.w6, s.w7].forEach((w, i) => v.setInt32(i * 4, w, true));
  return out;
}

function checkTxid(t: Uint8Array): void {
  if (t.length !== 32) throw new RangeError(`a txid has 32 bytes, not ${t.length}`);
}

export class OutpointMap<V> {
  private readonly buckets = new Map<number, Slot<V>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The value at `p`; `h` is `outpointHash(p.txid, p.index)` when the caller has it already. */
  get(p: OutPoint, h?: number): V | undefined {
    const index = p.index >>> 0;
    checkTxid(p.txid);
    for (let s = this.buckets.get(h ?? outpointHash(p.txid, index)); s !== undefined; s = s.next) {
      if (matches(s, p.txid, index)) return s.value;
    }
    return undefined;
  }

  /** Sets the value; returns the one it replaced. The txid's bytes are copied into the map. */
  set(p: OutPoint, value: V, hash?: number): V | undefined {
    const index = p.index >>> 0;
    checkTxid(p.txid);
    const h = hash ?? outpointHash(p.txid, index);
    const head = this.buckets.get(h);
    for (let s = head; s !== undefined; s = s.next) {
      if (matches(s, p.txid, index)) {
        const prev = s.value;
        s.value = value;
        return prev;
      }
    }
    this.buckets.set(h, slot(p.txid, index, value, head));
    this.count++;
    return undefined;
  }

  /** Removes the outpoint; returns its value. */
  delete(p: OutPoint): V | undefined {
    const index = p.index >>> 0;
    checkTxid(p.txid);
    const h = outpointHash(p.txid, index);
    let prev: Slot<V> | undefined;
    for (let s = this.buckets.get(h); s !== undefined; prev = s, s = s.next) {
      if (!matches(s, p.txid, index)) continue;
      if (prev !== undefined) prev.next = s.next;
      else if (s.next !== undefined) this.buckets.set(h, s.next);
      else this.buckets.delete(h);
      this.count--;
      return s.value;
    }
    return undefined;
  }

  /** Removes the oldest bucket (all outpoints in it) and returns its entries; empty when the map is. */
  shiftOldest(): { readonly outpoint: OutPoint; readonly value: V }[] {
    const first = this.buckets.entries().next();
    if (first.done === true) return [];
    this.buckets.delete(first.value[0]);
    const out: { outpoint: OutPoint; value: V }[] = [];
    for (let s: Slot<V> | undefined = first.value[1]; s !== undefined; s = s.next) out.push({ outpoint: { txid: txidOf(s), index: s.index }, value: s.value });
    this.count -= out.length;
    return out;
  }

  *entries(): IterableIterator<[OutPoint, V]> {
    for (const head of this.buckets.values()) {
      for (let s: Slot<V> | undefined = head; s !== undefined; s = s.next) yield [{ txid: txidOf(s), index: s.index }, s.value];
    }
  }

  *values(): IterableIterator<V> {
    for (const head of this.buckets.values()) {
      for (let s: Slot<V> | undefined = head; s !== undefined; s = s.next) yield s.value;
    }
  }

  clear(): void {
    this.buckets.clear();
    this.count = 0;
  }
}
