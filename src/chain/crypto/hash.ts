/**
 * The hash functions of the chain, via node:crypto: SHA-256, double SHA-256
 * (`hash256`, used for txids, block hashes and signature hashes), RIPEMD-160
 * and `hash160` (RIPEMD-160 of SHA-256, used for addresses and P2SH), and SHA-1.
 * Digests are views of fresh Buffers (never pooled), safe to keep.
 */

import { hash } from 'node:crypto';

/** One-shot `crypto.hash` (Node ≥ 20.12): about a third cheaper than createHash for short inputs. */
function digest(algorithm: string, data: Uint8Array): Uint8Array {
  const b = hash(algorithm, data, 'buffer');
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

export function sha256(data: Uint8Array): Uint8Array {
  return digest('sha256', data);
}

/** SHA-256 applied twice. */
export function hash256(data: Uint8Array): Uint8Array {
  return digest('sha256', digest('sha256', data));
}

export function ripemd160(data: Uint8Array): Uint8Array {
  return digest('ripemd160', data);
}

/** RIPEMD-160 of SHA-256. */
export function hash160(data: Uint8Array): Uint8Array {
  return digest('ripemd160', digest('sha256', data));
}

export function sha1(data: Uint8Array): Uint8Array {
  return digest('sha1', data);
}
