import fc from 'fast-check';
import xxhash from 'xxhash-wasm';
import { describe, expect, it } from 'vitest';
import { xxh32 } from '../xxh32.js';
import { decodeEntry, decodeValues, encodeEntry, entryOp, entryVersion, OP_DELETE, OP_PUT } from '../row-codec.js';
import type { StoredType } from '../../arrow/arrow-types.js';
import type { Scalar } from '../../../types/data-type.js';

describe('xxh32 in JS', () => {
  it('equals xxhash-wasm h32Raw on any bytes, range and seed', async () => {
    const api = await xxhash();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.nat(8), fc.integer({ min: 0, max: 0xffffffff }), (bytes, pad, seed) => {
        const padded = new Uint8Array(bytes.length + 2 * pad).fill(7);
        padded.set(bytes, pad);
        expect(xxh32(padded, pad, pad + bytes.length, seed)).toBe(api.h32Raw(bytes, seed));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('memtable row codec', () => {
  const types: StoredType[] = ['bool', 'int64', 'float64', 'utf8', 'binary', 'date', 'timestamp'];
  const arb = fc.tuple(
    fc.option(fc.boolean(), { nil: null }),
    fc.option(fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), { nil: null }),
    fc.option(fc.double(), { nil: null }),
    fc.option(fc.string({ unit: 'grapheme' }), { nil: null }),
    fc.option(fc.uint8Array(), { nil: null }),
    fc.option(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { nil: null }),
    fc.option(fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), { nil: null }),
  );

  it('round-trips rows with NULLs, version and sequence', () => {
    fc.assert(
      fc.property(arb, fc.integer({ min: 1, max: 65535 }), fc.nat(2 ** 40), (values, version, seq) => {
        const entry = decodeEntry(encodeEntry(OP_PUT, version, seq, types, values as Scalar[]), () => types);
        expect(entry).toEqual({ op: OP_PUT, version, seq, values });
      }),
      { numRuns: 500 },
    );
  });

  it('encodes tombstones without values', () => {
    const bytes = encodeEntry(OP_DELETE, 3, 42, [], []);
    expect(bytes.length).toBe(11);
    expect(decodeEntry(bytes, () => types)).toEqual({ op: OP_DELETE, version: 3, seq: 42, values: [] });
  });

  it('decodes header fields and values from a Buffer inside a larger allocation', () => {
    fc.assert(
      fc.property(arb, fc.integer({ min: 1, max: 65535 }), fc.nat(40), (values, version, pad) => {
        const encoded = encodeEntry(OP_PUT, version, 7, types, values as Scalar[]);
        const host = Buffer.alloc(encoded.length + pad + 3, 0xee);
        host.set(encoded, pad);
        const bytes = host.subarray(pad, pad + encoded.length);
        expect([entryOp(bytes), entryVersion(bytes)]).toEqual([OP_PUT, version]);
        const decoded = decodeValues(bytes, types);
        expect(decoded).toEqual(values);
        // Binary values are plain copies: later writes to the source do not show through.
        if (decoded[4] instanceof Uint8Array) {
          expect(Buffer.isBuffer(decoded[4])).toBe(false);
          host.fill(0);
          expect(decoded[4]).toEqual(values[4]);
        }
      }),
      { numRuns: 300 },
    );
    expect(entryOp(encodeEntry(OP_DELETE, 9, 1, [], []))).toBe(OP_DELETE);
  });
});
