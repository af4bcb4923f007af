import { describe, expect, it } from 'vitest';
import { hash160, hash256, ripemd160, sha1, sha256 } from '../hash.js';
import { toHex } from '../../encoding/hex.js';

const abc = new TextEncoder().encode('abc');

describe('hashes', () => {
  it('match the published test vectors', () => {
    expect(toHex(sha256(abc))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(toHex(ripemd160(abc))).toBe('8eb208f7e05d987a9b044a8e98c6b087f15a0bfc');
    expect(toHex(sha1(abc))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(toHex(hash256(new Uint8Array(0)))).toBe('5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456');
  });
  it('hash160 of the genesis coinbase public key is the well-known address hash', () => {
    const pubkey = Buffer.from(
      '04678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5f',
      'hex',
    );
    // 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa
    expect(toHex(hash160(pubkey))).toBe('62e907b15cbf27d5425399ebf6f0fb50ebb88f18');
  });
});
