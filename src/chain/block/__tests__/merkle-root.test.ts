import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { computeMerkleRoot } from '../merkle-root.js';
import { hash256 } from '../../crypto/hash.js';
import { concatBytes, reverseHex, fromReverseHex } from '../../encoding/hex.js';

const leaf = (i: number): Uint8Array => new Uint8Array(createHash('sha256').update(`leaf ${i}`).digest());
const pair = (a: Uint8Array, b: Uint8Array): Uint8Array => hash256(concatBytes([a, b]));

describe('computeMerkleRoot', () => {
  it('is the leaf itself for one transaction', () => {
    const l = leaf(1);
    expect(computeMerkleRoot([l])).toEqual({ root: l, mutated: false });
  });

  it('hashes pairs and duplicates an odd last element', () => {
    const [a, b, c] = [leaf(1), leaf(2), leaf(3)];
    expect(reverseHex(computeMerkleRoot([a, b]).root)).toBe(reverseHex(pair(a, b)));
    const expected = pair(pair(a, b), pair(c, c));
    const r = computeMerkleRoot([a, b, c]);
    expect(reverseHex(r.root)).toBe(reverseHex(expected));
    expect(r.mutated).toBe(false);
  });

  it('matches main-net block 170 (two transactions)', () => {
    const coinbase = fromReverseHex('b1fea52486ce0c62bb442b530a3f0132b826c74e473d1f2c220bfa78111c5082');
    const spend = fromReverseHex('f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16');
    expect(reverseHex(computeMerkleRoot([coinbase, spend]).root)).toBe(
      '7dac2c5666815c17a3b36427de37bb9d2e2c5ccec3f8633eb91a4205cb4c10ff',
    );
  });

  it('detects the CVE-2012-2459 mutation: [a,b,c] and [a,b,c,c] share a root', () => {
    const [a, b, c] = [leaf(1), leaf(2), leaf(3)];
    const honest = computeMerkleRoot([a, b, c]);
    const mutated = computeMerkleRoot([a, b, c, c]);
    expect(reverseHex(mutated.root)).toBe(reverseHex(honest.root));
    expect(mutated.mutated).toBe(true);
    const six = [1, 2, 3, 4, 5, 6].map(leaf);
    const sixHonest = computeMerkleRoot(six);
    const sixMutated = computeMerkleRoot([...six, six[4]!, six[5]!]);
    expect(reverseHex(sixMutated.root)).toBe(reverseHex(sixHonest.root));
    expect(sixHonest.mutated).toBe(false);
    expect(sixMutated.mutated).toBe(true);
  });

  it('gives the zero hash for no leaves', () => {
    expect(computeMerkleRoot([]).root).toEqual(new Uint8Array(32));
  });
});
