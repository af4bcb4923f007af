/**
 * The inner loop of mining on one thread: try header nonces in a range and
 * return the first whose double-SHA-256 header hash, read as a little-endian
 * number, does not exceed the target (midstate hashing, see header-hasher.ts).
 */
import { createHeaderHasher } from './header-hasher.js';

/** The target as 32 little-endian bytes, for byte-wise comparison with hashes. */
export function targetBytes(target: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let t = target;
  for (let i = 0; i < 32; i++) {
    out[i] = Number(t & 0xffn);
    t >>= 8n;
  }
  return out;
}

/** hash <= target, both 32 little-endian bytes. */
export function meetsTarget(hash: Uint8Array, target: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    const h = hash[i] as number;
    const t = target[i] as number;
    if (h !== t) return h < t;
  }
  return true;
}

const hasher = createHeaderHasher();
const digest = new Uint8Array(32);

/**
 * Tries nonces from `from` to `to` inclusive on `header` (80 bytes; its own
 * nonce is ignored). Returns the winning nonce (or undefined) and the number of
 * hashes tried; `shouldStop` is polled every 16k hashes.
 */
export function searchNonce(header: Uint8Array, target: Uint8Array, from: number, to: number, shouldStop?: () => boolean): { nonce: number | undefined; hashes: number } {
  hasher.setHeader(header);
  const hash = digest;
  let hashes = 0;
  for (let nonce = from; nonce <= to; nonce++) {
    hasher.hash(nonce >>> 0, hash);
    hashes++;
    if (meetsTarget(hash, target)) return { nonce, hashes };
    if ((hashes & 0x3fff) === 0 && shouldStop?.() === true) break;
  }
  return { nonce: undefined, hashes };
}
