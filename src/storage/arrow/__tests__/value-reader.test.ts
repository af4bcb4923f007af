import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Scalar } from '../../../types/data-type.js';
import type { StoredType } from '../arrow-types.js';
import { columnFromValues, valueAt, valueReader } from '../column-ops.js';

const arbs: Record<StoredType, fc.Arbitrary<Scalar>> = {
  bool: fc.boolean(),
  int64: fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
  timestamp: fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
  float64: fc.double({ noNaN: true }),
  date: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  utf8: fc.string({ unit: 'grapheme', maxLength: 30 }),
  binary: fc.uint8Array({ maxLength: 6 }),
};

describe('valueReader', () => {
  for (const type of Object.keys(arbs) as StoredType[]) {
    it(`reads the same values as valueAt and the input (${type}, with NULLs and slices)`, () => {
      fc.assert(
        fc.property(fc.array(fc.option(arbs[type], { nil: null, freq: 4 }), { minLength: 1, maxLength: 40 }), fc.nat(), fc.nat(), (values, a, b) => {
          const col = columnFromValues(type, values);
          const read = valueReader(type, col);
          values.forEach((v, i) => expect(read(i)).toEqual(v));
          const start = a % values.length;
          const len = b % (values.length - start + 1);
          const sliced = col.slice(start, len);
          const readSliced = valueReader(type, sliced);
          for (let i = 0; i < len; i++) {
            expect(readSliced(i)).toEqual(values[start + i]);
            expect(readSliced(i)).toEqual(valueAt(type, sliced, i));
          }
        }),
        { numRuns: 60 },
      );
    });
  }
});
