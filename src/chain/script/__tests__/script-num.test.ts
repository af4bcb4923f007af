import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ScriptNumError, castToBool, decodeScriptNum, encodeScriptNum } from '../script-num.js';
import { fromHex, toHex } from '../../encoding/hex.js';

describe('script numbers', () => {
  it('encode as little-endian sign-magnitude', () => {
    const cases: [number, string][] = [
      [0, ''],
      [1, '01'],
      [-1, '81'],
      [127, '7f'],
      [128, '8000'],
      [-128, '8080'],
      [255, 'ff00'],
      [256, '0001'],
      [-255, 'ff80'],
      [2147483647, 'ffffff7f'],
      [-2147483647, 'ffffffff'],
      [2147483648, '0000008000'],
    ];
    for (const [n, hex] of cases) {
      expect(toHex(encodeScriptNum(n))).toBe(hex);
      expect(decodeScriptNum(fromHex(hex), true, 5)).toBe(n);
    }
  });

  it('enforces size and, when asked, minimal encoding', () => {
    expect(() => decodeScriptNum(fromHex('0000008000'), false)).toThrow(ScriptNumError);
    expect(decodeScriptNum(fromHex('0100'), false)).toBe(1);
    expect(() => decodeScriptNum(fromHex('0100'), true)).toThrow(/non-minimally/);
    expect(() => decodeScriptNum(fromHex('80'), true)).toThrow(/non-minimally/);
    expect(decodeScriptNum(fromHex('80'), false)).toBe(0); // negative zero
    expect(decodeScriptNum(fromHex('ff00'), true)).toBe(255);
  });

  it('round-trips every 4-byte value minimally', () => {
    fc.assert(
      fc.property(fc.integer({ min: -0x7fffffff, max: 0x7fffffff }), (n) => {
        const b = encodeScriptNum(n);
        expect(b.length).toBeLessThanOrEqual(4);
        expect(decodeScriptNum(b, true)).toBe(n);
      }),
      { numRuns: 1000 },
    );
  });

  it('casts to bool with negative zero false', () => {
    expect(castToBool(new Uint8Array(0))).toBe(false);
    expect(castToBool(fromHex('0000'))).toBe(false);
    expect(castToBool(fromHex('0080'))).toBe(false);
    expect(castToBool(fromHex('8000'))).toBe(true);
    expect(castToBool(fromHex('01'))).toBe(true);
  });
});
