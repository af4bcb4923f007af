/**
 * 256-bit hashes as numbers: reading an internal-order (little-endian) hash
 * as a BigInt, and the all-zero hash used as "no previous block".
 */

/** A hash (internal order) read as an unsigned little-endian 256-bit integer. */
export function hashToBigInt(hash: Uint8Array): bigint {
  let n = 0n;
  for (let i = hash.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(hash[i] ?? 0);
  return n;
}

/** The all-zero hash (previous hash of a genesis block). */
export const ZERO_HASH: Uint8Array = new Uint8Array(32);
