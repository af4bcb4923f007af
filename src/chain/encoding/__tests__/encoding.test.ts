import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ByteReader } from '../byte-reader.js';
import { ByteWriter, varintSize } from '../byte-writer.js';
import { fromHex, reverseHex, toHex, fromReverseHex, concatBytes, bytesEqual } from '../hex.js';
import { PyralogError } from '../../../errors/pyralog-error.js';

describe('hex', () => {
  it('round-trips and reverses', () => {
    expect(toHex(new Uint8Array([0, 1, 0xab, 0xff]))).toBe('0001abff');
    expect(Array.from(fromHex('0001ABff'))).toEqual([0, 1, 0xab, 0xff]);
    expect(reverseHex(fromHex('0102'))).toBe('0201');
    expect(toHex(fromReverseHex('aabbcc'))).toBe('ccbbaa');
    expect(toHex(concatBytes([fromHex('01'), fromHex('0203')]))).toBe('010203');
    expect(bytesEqual(fromHex('01'), fromHex('01'))).toBe(true);
    expect(bytesEqual(fromHex('01'), fromHex('0100'))).toBe(false);
  });
  it('rejects bad hex', () => {
    expect(() => fromHex('abc')).toThrow(PyralogError);
    expect(() => fromHex('zz')).toThrow(/invalid hex digit/);
  });
});

describe('CompactSize', () => {
  it('encodes at the boundaries as Bitcoin does', () => {
    const cases: [number, string][] = [
      [0, '00'],
      [0xfc, 'fc'],
      [0xfd, 'fdfd00'],
      [0xffff, 'fdffff'],
      [0x10000, 'fe00000100'],
      [0xffffffff, 'feffffffff'],
      [0x100000000, 'ff0000000001000000'],
    ];
    for (const [n, hex] of cases) {
      expect(toHex(new ByteWriter().varint(n).toBytes())).toBe(hex);
      expect(varintSize(n)).toBe(hex.length / 2);
      expect(new ByteReader(fromHex(hex)).varint(Number.MAX_SAFE_INTEGER)).toBe(n);
    }
  });
  it('rejects non-canonical and oversized values', () => {
    expect(() => new ByteReader(fromHex('fd1000')).varint()).toThrow(/non-canonical/);
    expect(() => new ByteReader(fromHex('fe00000003')).varint()).toThrow(/exceeds limit/);
    try {
      new ByteReader(fromHex('fd01')).varint();
      expect.unreachable();
    } catch (e) {
      expect((e as PyralogError).code).toBe('ENCODING_TRUNCATED');
    }
  });
  it('round-trips random integers and byte strings', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x01ffffff }), fc.uint8Array({ maxLength: 300 }), fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), (n, b, v) => {
        const bytes = new ByteWriter(1).varint(n).varbytes(b).i64(v).u32(0xdeadbeef).i32(-5).u16(513).toBytes();
        const r = new ByteReader(bytes);
        expect(r.varint()).toBe(n);
        expect(toHex(r.varbytes())).toBe(toHex(b));
        expect(r.i64()).toBe(v);
        expect(r.u32()).toBe(0xdeadbeef);
        expect(r.i32()).toBe(-5);
        expect(r.u16()).toBe(513);
        expect(r.remaining).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});
