/**
 * A bloom filter over encoded primary keys (XXH32 plus a finaliser of it,
 * double hashing), stored beside each segment so point gets skip segments that
 * cannot hold a key. About 10 bits per key and 7 probes: ~1% false positives.
 */
import { fmix32 } from '../../util/hash32.js';
import { xxh32 } from '../codec/xxh32.js';

export const BLOOM_HASHES = 7;
export const BLOOM_BITS_PER_KEY = 10;

const SEED = 0x9747b28c;

/** The second probe hash: a 32-bit finaliser (murmur3 fmix) of the first, so one hash per key. */
function second(h1: number): number {
  return fmix32(h1 ^ 0x5bd1e995) | 1;
}

export class BloomFilter {
  constructor(
    readonly bits: Uint8Array,
    readonly hashes: number = BLOOM_HASHES,
  ) {}

  static forKeys(count: number): BloomFilter {
    const nbits = Math.max(64, count * BLOOM_BITS_PER_KEY);
    return new BloomFilter(new Uint8Array((nbits + 7) >>> 3));
  }

  private positions(data: Uint8Array, start: number, end: number, visit: (bit: number) => boolean): boolean {
    const nbits = this.bits.length * 8;
    const h1 = xxh32(data, start, end, SEED);
    const h2 = second(h1);
    for (let i = 0; i < this.hashes; i++) {
      const bit = ((h1 + Math.imul(i, h2)) >>> 0) % nbits;
      if (!visit(bit)) return false;
    }
    return true;
  }

  add(key: Uint8Array): void {
    this.addRange(key, 0, key.length);
  }

  /** Adds the key stored at data[start, end). */
  addRange(data: Uint8Array, start: number, end: number): void {
    const bits = this.bits;
    const nbits = bits.length * 8;
    const h1 = xxh32(data, start, end, SEED);
    const h2 = second(h1);
    for (let i = 0; i < this.hashes; i++) {
      const bit = ((h1 + Math.imul(i, h2)) >>> 0) % nbits;
      bits[bit >>> 3] = bits[bit >>> 3]! | (1 << (bit & 7));
    }
  }

  /** False: the key is certainly absent. True: it may be present. */
  mayContain(key: Uint8Array): boolean {
    return this.positions(key, 0, key.length, (bit) => ((this.bits[bit >>> 3]! >>> (bit & 7)) & 1) === 1);
  }
}
