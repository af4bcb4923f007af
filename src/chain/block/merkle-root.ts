/**
 * Bitcoin's Merkle root over transaction ids: pairs are hashed with double
 * SHA-256, an odd last element is paired with itself. Because of that rule a
 * list ending in a repeated pair gives the same root as the shorter list
 * (CVE-2012-2459); `mutated` reports when two siblings at any level are equal,
 * which a valid block never has.
 */
import { createHash } from 'node:crypto';
import { bytesEqual } from '../encoding/hex.js';

export interface MerkleResult {
  readonly root: Uint8Array;
  /** Two equal siblings were hashed together somewhere: the list may be a mutation. */
  readonly mutated: boolean;
}

function hashPair(a: Uint8Array, b: Uint8Array): Uint8Array {
  const first = createHash('sha256').update(a).update(b).digest();
  return new Uint8Array(createHash('sha256').update(first).digest());
}

export function computeMerkleRoot(leaves: readonly Uint8Array[]): MerkleResult {
  if (leaves.length === 0) return { root: new Uint8Array(32), mutated: false };
  let level: Uint8Array[] = leaves.slice();
  let mutated = false;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i] as Uint8Array;
      const right = level[i + 1];
      if (right === undefined) {
        next.push(hashPair(left, left));
      } else {
        if (bytesEqual(left, right)) mutated = true;
        next.push(hashPair(left, right));
      }
    }
    level = next;
  }
  return { root: level[0] as Uint8Array, mutated };
}
