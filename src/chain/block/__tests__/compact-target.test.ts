import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bitsToTarget, decodeCompact, targetToBits, workForBits, workForTarget } from '../compact-target.js';
import { checkProofOfWork } from '../proof-of-work.js';
import { fromReverseHex } from '../../encoding/hex.js';

describe('compact bits <-> target', () => {
  it('decodes the main-net difficulty-1 bits', () => {
    expect(bitsToTarget(0x1d00ffff)).toBe(0xffffn << 208n);
    expect(bitsToTarget(0x1d00ffff).toString(16)).toBe('ffff' + '0'.repeat(52));
  });

  it('matches Bitcoin Core arith_uint256 SetCompact/GetCompact cases', () => {
    expect(bitsToTarget(0)).toBe(0n);
    expect(bitsToTarget(0x00123456)).toBe(0n);
    expect(bitsToTarget(0x01003456)).toBe(0n);
    expect(bitsToTarget(0x01123456)).toBe(0x12n);
    expect(targetToBits(0x12n)).toBe(0x01120000);
    expect(bitsToTarget(0x02123456)).toBe(0x1234n);
    expect(targetToBits(0x1234n)).toBe(0x02123400);
    expect(bitsToTarget(0x03123456)).toBe(0x123456n);
    expect(targetToBits(0x123456n)).toBe(0x03123456);
    expect(bitsToTarget(0x04123456)).toBe(0x12345600n);
    expect(targetToBits(0x12345600n)).toBe(0x04123456);
    expect(targetToBits(0x80n)).toBe(0x02008000);
    expect(bitsToTarget(0x05009234)).toBe(0x92340000n);
    expect(targetToBits(0x92340000n)).toBe(0x05009234);
    expect(bitsToTarget(0x20123456)).toBe(0x123456n << 232n);
    const neg = decodeCompact(0x04923456);
    expect(neg.negative).toBe(true);
    expect(decodeCompact(0x01fedcba).negative).toBe(true);
    expect(decodeCompact(0xff123456).overflow).toBe(true);
    expect(decodeCompact(0x1d00ffff).overflow).toBe(false);
  });

  it('round-trips every normalized compact value (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 32 }), fc.integer({ min: 0x8000, max: 0x7fffff }), (size, mantissa) => {
        const bits = ((size << 24) | mantissa) >>> 0;
        expect(targetToBits(bitsToTarget(bits))).toBe(bits);
      }),
    );
  });

  it('encodes any target with a rounded-down mantissa (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: (1n << 256n) - 1n }), (t) => {
        const back = bitsToTarget(targetToBits(t));
        expect(back <= t).toBe(true);
        // at most the low bits below the 3 significant bytes are lost
        expect(t - back < t / 0x8000n + 1n).toBe(true);
      }),
    );
  });

  it('computes work = 2^256 / (target + 1)', () => {
    expect(workForBits(0x1d00ffff)).toBe(0x100010001n);
    expect(workForTarget((1n << 256n) - 1n)).toBe(1n);
    expect(workForBits(0x207fffff)).toBe(2n);
    expect(workForBits(0x04923456)).toBe(0n);
  });
});

describe('proof of work', () => {
  const limit = 0xffffn << 208n;
  it('accepts the genesis hash at difficulty 1', () => {
    const h = fromReverseHex('000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f');
    expect(checkProofOfWork(h, 0x1d00ffff, limit)).toEqual({ ok: true });
  });
  it('rejects a hash above the target, bits above the limit, and negative bits', () => {
    const h = fromReverseHex('00000001' + '0'.repeat(56));
    expect(checkProofOfWork(h, 0x1d00ffff, limit)).toEqual({ ok: false, reason: 'high-hash' });
    expect(checkProofOfWork(new Uint8Array(32), 0x1e00ffff, limit)).toEqual({ ok: false, reason: 'above-limit' });
    expect(checkProofOfWork(new Uint8Array(32), 0x04923456, limit)).toEqual({ ok: false, reason: 'bad-bits' });
    expect(checkProofOfWork(new Uint8Array(32), 0, limit)).toEqual({ ok: false, reason: 'bad-bits' });
  });
});
