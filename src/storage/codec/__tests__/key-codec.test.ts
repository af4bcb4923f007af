import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareBytes } from '../../kv/bytes.js';
import { compareValues } from '../../../types/value-order.js';
import { afterPrefix, decodeKey, encodeKey, type KeyType } from '../key-codec.js';
import type { Scalar } from '../../../types/data-type.js';

const arbFor: Record<KeyType, fc.Arbitrary<Scalar>> = {
  bool: fc.boolean(),
  int64: fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
  timestamp: fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
  float64: fc.double(),
  date: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  utf8: fc.string({ unit: 'binary', maxLength: 12 }),
  binary: fc.uint8Array({ maxLength: 12 }),
};

const TYPES = Object.keys(arbFor) as KeyType[];

/** Value order of tuples: NULL first, then by value; -0 equals 0. */
function compareTuples(a: readonly Scalar[], b: readonly Scalar[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === null || y === null) {
      if (x === y) continue;
      return x === null ? -1 : 1;
    }
    const c = compareValues(x, y);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

const tupleArb = fc
  .array(fc.constantFrom(...TYPES), { minLength: 1, maxLength: 3 })
  .chain((types) =>
    fc.tuple(
      fc.constant(types),
      fc.tuple(...types.map((t) => fc.option(arbFor[t], { nil: null, freq: 5 }))),
      fc.tuple(...types.map((t) => fc.option(arbFor[t], { nil: null, freq: 5 }))),
    ),
  );

describe('key codec', () => {
  it('byte order of encoded tuples equals their value order', () => {
    fc.assert(
      fc.property(tupleArb, ([types, a, b]) => {
        const sign = (n: number): number => Math.sign(n);
        expect(sign(compareBytes(encodeKey(types, a), encodeKey(types, b)))).toBe(sign(compareTuples(a, b)));
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips every tuple (with -0 read back as 0)', () => {
    fc.assert(
      fc.property(tupleArb, ([types, a]) => {
        const back = decodeKey(types, encodeKey(types, a));
        expect(back).toEqual(a.map((v) => (typeof v === 'number' && Object.is(v, -0) ? 0 : v)));
      }),
      { numRuns: 1000 },
    );
  });

  it('a prefix sorts before its extensions and prefix+0xFF after all of them', () => {
    fc.assert(
      fc.property(tupleArb, ([types, a]) => {
        const full = encodeKey(types, a);
        const prefix = encodeKey(types.slice(0, 1), a.slice(0, 1));
        expect(compareBytes(prefix, full)).toBeLessThanOrEqual(0);
        expect(compareBytes(afterPrefix(prefix), full)).toBe(1);
      }),
      { numRuns: 500 },
    );
  });

  it('orders specific edge values', () => {
    const f = (v: number): Uint8Array => encodeKey(['float64'], [v]);
    const order = [-Infinity, -1e308, -1, -Number.MIN_VALUE, 0, Number.MIN_VALUE, 1, Infinity, NaN].map(f);
    for (let i = 1; i < order.length; i++) expect(compareBytes(order[i - 1]!, order[i]!)).toBe(-1);
    expect(compareBytes(f(-0), f(0))).toBe(0);
    const s = (v: string): Uint8Array => encodeKey(['utf8'], [v]);
    expect(compareBytes(s('a'), s('a\0'))).toBe(-1);
    expect(compareBytes(s('a\0'), s('a\0\0'))).toBe(-1);
    expect(compareBytes(s('a\0z'), s('a\u0001'))).toBe(-1);
    expect(compareBytes(s('\uffff'), s('\u{10000}'))).toBe(-1);
    expect(compareBytes(encodeKey(['int64'], [null]), encodeKey(['int64'], [-(1n << 63n)]))).toBe(-1);
  });
});
