/**
 * The proof-of-work check: a header's hash, read as a little-endian 256-bit
 * number, must not exceed the target its bits encode, and that target must be
 * positive and no easier than the chain's proof-of-work limit.
 */
import { decodeCompact } from './compact-target.js';
import { hashToBigInt } from './uint256.js';

export type PowResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'bad-bits' | 'above-limit' | 'high-hash' };

export function checkProofOfWork(hash: Uint8Array, bits: number, powLimit: bigint): PowResult {
  const d = decodeCompact(bits);
  if (d.negative || d.overflow || d.target === 0n) return { ok: false, reason: 'bad-bits' };
  if (d.target > powLimit) return { ok: false, reason: 'above-limit' };
  if (hashToBigInt(hash) > d.target) return { ok: false, reason: 'high-hash' };
  return { ok: true };
}
