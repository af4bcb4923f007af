import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { publicKeyOf, signDer, verifyDer, normalizePublicKey, isCompressedOrUncompressedPubKey } from '../ecdsa.js';
import { CURVE_ORDER, checkLowDerSignature, encodeDer, isLowS, isValidSignatureEncoding, parseDerLax } from '../der-signature.js';
import { sha256 } from '../hash.js';
import { fromHex, toHex } from '../../encoding/hex.js';

const key = sha256(new TextEncoder().encode('demiurge test key'));
const msg = sha256(new TextEncoder().encode('a message'));

/** n - s, big-endian 32 bytes. */
function negateS(s: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  let borrow = 0;
  for (let i = 31; i >= 0; i--) {
    let d = CURVE_ORDER[i]! - s[i]! - borrow;
    borrow = d < 0 ? 1 : 0;
    if (d < 0) d += 256;
    out[i] = d;
  }
  return out;
}

describe('ECDSA', () => {
  it('signs deterministically with low S and verifies', () => {
    const der = signDer(msg, key);
    expect(toHex(signDer(msg, key))).toBe(toHex(der));
    expect(isValidSignatureEncoding(Uint8Array.from([...der, 1]))).toBe(true);
    const compact = parseDerLax(der);
    expect(compact instanceof Uint8Array && isLowS(compact)).toBe(true);
    expect(verifyDer(msg, publicKeyOf(key), der)).toBe(true);
    expect(verifyDer(msg, publicKeyOf(key, false), der)).toBe(true);
    const other = sha256(msg);
    expect(verifyDer(other, publicKeyOf(key), der)).toBe(false);
  });

  it('accepts a high-S signature (as consensus does) but LOW_S flags it', () => {
    const compact = parseDerLax(signDer(msg, key)) as Uint8Array;
    const high = Uint8Array.from([...compact.subarray(0, 32), ...negateS(compact.subarray(32))]);
    expect(isLowS(high)).toBe(false);
    const der = encodeDer(high);
    expect(verifyDer(msg, publicKeyOf(key), der)).toBe(true);
    expect(checkLowDerSignature(Uint8Array.from([...der, 1]))).toBe('SIG_HIGH_S');
    expect(checkLowDerSignature(Uint8Array.from([...signDer(msg, key), 1]))).toBeUndefined();
  });

  it('accepts hybrid public keys with the right parity only', () => {
    const full = publicKeyOf(key, false);
    const odd = (full[64]! & 1) === 1;
    const hybrid = Uint8Array.from(full);
    hybrid[0] = odd ? 0x07 : 0x06;
    const wrong = Uint8Array.from(full);
    wrong[0] = odd ? 0x06 : 0x07;
    const der = signDer(msg, key);
    expect(verifyDer(msg, hybrid, der)).toBe(true);
    expect(verifyDer(msg, wrong, der)).toBe(false);
    expect(normalizePublicKey(wrong)).toBeUndefined();
    expect(isCompressedOrUncompressedPubKey(hybrid)).toBe(false);
    expect(isCompressedOrUncompressedPubKey(full)).toBe(true);
    expect(isCompressedOrUncompressedPubKey(full.subarray(0, 33))).toBe(false);
  });

  it('parses lax DER the way Bitcoin Core does', () => {
    const compact = parseDerLax(signDer(msg, key)) as Uint8Array;
    const r = compact.subarray(0, 32);
    const s = compact.subarray(32);
    // Excess zero padding and long-form lengths are accepted by the lax parser.
    const padded = Uint8Array.from([0x30, 0x81, 0x48, 0x02, 0x82, 0x00, 0x22, 0, 0, ...r, 0x02, 0x22, 0, 0, ...s]);
    expect(isValidSignatureEncoding(Uint8Array.from([...padded, 1]))).toBe(false);
    expect(toHex(parseDerLax(padded) as Uint8Array)).toBe(toHex(compact));
    expect(verifyDer(msg, publicKeyOf(key), padded)).toBe(true);
    // r = n overflows: never valid
    expect(parseDerLax(Uint8Array.from([0x30, 0x46, 0x02, 0x21, 0, ...CURVE_ORDER, 0x02, 0x21, 0, ...s]))).toBe('overflow');
    expect(parseDerLax(fromHex('3100'))).toBeUndefined();
    expect(parseDerLax(fromHex('30020201'))).toBeUndefined();
    expect(verifyDer(msg, publicKeyOf(key), new Uint8Array(0))).toBe(false);
  });

  it('strict DER encoding round-trips random compact signatures', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), (c) => {
        c[0] = c[0]! & 0x7f; // keep r below n
        c[32] = c[32]! & 0x7f;
        const der = encodeDer(c);
        expect(isValidSignatureEncoding(Uint8Array.from([...der, 1]))).toBe(true);
        const back = parseDerLax(der);
        expect(back instanceof Uint8Array ? toHex(back) : back).toBe(toHex(c));
      }),
      { numRuns: 200 },
    );
  });
});
