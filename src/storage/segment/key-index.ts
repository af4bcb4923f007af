/**
 * A numeric search index over a segment's sorted encoded keys: all keys
 * share the common prefix of the first and last key, so the next 6 bytes of
 * each key, packed into a float64 (exact up to 2^48), order the keys almost
 * always; only ties fall back to comparing bytes. Point gets and range bounds
 * binary-search numbers instead of byte strings.
 */
import type { Column } from '../arrow/column-ops.js';

const WIDTH = 6;

export class KeyIndex {
  private constructor(
    private readonly data: Uint8Array,
    private readonly off: Int32Array,
    private readonly prefix: number,
    private readonly packed: Float64Array,
  ) {}

  static build(keys: Column): KeyIndex {
    const off = keys.valueOffsets as Int32Array;
    const raw = keys.values as Uint8Array;
    const data = raw.constructor === Uint8Array ? raw : new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
    const n = keys.length;
    let prefix = 0;
    if (n > 0) {
      const a = off[0]!;
      const b = off[n - 1]!;
      const max = Math.min(off[1]! - a, off[n]! - b);
      while (prefix < max && data[a + prefix] === data[b + prefix]) prefix++;
    }
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = pack(data, off[i]! + prefix, off[i + 1]!);
    return new KeyIndex(data, off, prefix, packed);
  }

  get bytes(): number {
    return this.packed.byteLength;
  }

  /** First row whose key is >= key (> key when `after`). */
  lowerBound(key: Uint8Array, after = false): number {
    const packed = this.packed;
    const p = this.prefix;
    // Keys that differ from the common prefix sort before or after every row.
    const klen = key.length;
    for (let i = 0; i < p; i++) {
      const x = i < klen ? key[i]! : -1;
      const y = this.data[this.off[0]! + i]!;
      if (x !== y) return x < y ? 0 : packed.length;
    }
    const kp = pack(key, p, klen);
    let lo = 0;
    let hi = packed.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = packed[mid]!;
      let c = v < kp ? -1 : v > kp ? 1 : 0;
      if (c === 0) c = this.compareTail(mid, key, p + WIDTH);
      if (c < 0 || (after && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Compares row's key with key from byte `from` on (earlier bytes are equal). */
  private compareTail(row: number, key: Uint8Array, from: number): number {
    const s = this.off[row]!;
    const len = this.off[row + 1]! - s;
    const n = Math.min(len, key.length);
    for (let i = from; i < n; i++) {
      const x = this.data[s + i]!;
      const y = key[i]!;
      if (x !== y) return x < y ? -1 : 1;
    }
    return len - key.length;
  }

  /** Row of the exact key, or -1. */
  find(key: Uint8Array): number {
    const i = this.lowerBound(key);
    if (i >= this.packed.length) return -1;
    const s = this.off[i]!;
    const len = this.off[i + 1]! - s;
    if (len !== key.length) return -1;
    for (let j = 0; j < len; j++) if (this.data[s + j] !== key[j]) return -1;
    return i;
  }
}

/**
 * Bytes [start, start+6) as a number that orders like the bytes; a shorter
 * tail orders before any extension of it: each byte maps to 1..256 and a
 * missing byte to 0, in base 257 (257^6 < 2^53, so exact).
 */
function pack(d: Uint8Array, start: number, end: number): number {
  let v = 0;
  for (let i = 0; i < WIDTH; i++) {
    const at = start + i;
    v = v * 257 + (at < end ? d[at]! + 1 : 0);
  }
  return v;
}
