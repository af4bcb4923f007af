import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHeaderHasher } from '../header-hasher.js';
import { searchNonce, targetBytes, meetsTarget } from '../nonce-search.js';
import { hash256 } from '../../crypto/hash.js';
import { serializeBlockHeader } from '../../block/block-header.js';
import { BITCOIN_MAIN } from '../../params/bitcoin-main.js';
import { toHex } from '../../encoding/hex.js';

describe('midstate header hashing', () => {
  it('equals double SHA-256 of the header for any header and nonce (property)', () => {
    const hasher = createHeaderHasher();
    const out = new Uint8Array(32);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 80, maxLength: 80 }), fc.nat({ max: 0xffffffff }), (header, nonce) => {
        hasher.setHeader(header);
        hasher.hash(nonce, out);
        const h = header.slice();
        new DataView(h.buffer).setUint32(76, nonce, true);
        expect(toHex(out)).toBe(toHex(hash256(h)));
      }),
      { numRuns: 200 },
    );
  });

  it('finds the genesis nonce of Bitcoin in a range around it', () => {
    const header = serializeBlockHeader({ ...BITCOIN_MAIN.genesis.header, nonce: 0 });
    const n = BITCOIN_MAIN.genesis.header.nonce;
    const r = searchNonce(header, targetBytes(0xffffn << 208n), n - 5000, n + 5000);
    expect(r).toEqual({ nonce: n, hashes: 5001 });
  });

  it('compares hashes with targets as little-endian numbers', () => {
    const t = targetBytes(0x1234n << 200n);
    const below = targetBytes((0x1234n << 200n) - 1n);
    const above = targetBytes((0x1234n << 200n) + 1n);
    expect(meetsTarget(below, t)).toBe(true);
    expect(meetsTarget(t, t)).toBe(true);
    expect(meetsTarget(above, t)).toBe(false);
  });
});
