import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Scalar } from '../../../types/data-type.js';
import { columnFromValues, valueAt } from '../../arrow/column-ops.js';
import { gatherBatch, runList } from '../gather-batch.js';

const valueArb = {
  int64: fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
  timestamp: fc.bigInt({ min: -(1n << 62n), max: 1n << 62n }),
  float64: fc.double({ noNaN: true }),
  date: fc.integer({ min: -100000, max: 100000 }),
  utf8: fc.string({ maxLength: 5 }),
  bool: fc.boolean(),
} as const satisfies Record<string, fc.Arbitrary<Scalar>>;

describe('gatherBatch', () => {
  for (const type of Object.keys(valueArb) as (keyof typeof valueArb)[]) {
    it(`takes the rows of every run, in order, from the right source (${type}, with and without NULLs)`, () => {
      const arb: fc.Arbitrary<Scalar> = valueArb[type];
      const column = fc.oneof(fc.array(arb, { minLength: 1, maxLength: 60 }), fc.array(fc.option(arb, { nil: null, freq: 4 }), { minLength: 1, maxLength: 60 }));
      fc.assert(
        fc.property(fc.array(column, { minLength: 1, maxLength: 4 }), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 30 }), (data, picks) => {
          const cols = data.map((v) => columnFromValues(type, v));
          const runs = runList(picks.length);
          const expected: Scalar[] = [];
          for (const [a, b, c] of picks) {
            const source = a % data.length;
            const n = data[source]!.length;
            const start = b % n;
            // Short runs (copied value by value) and long ones (copied as a block).
            const length = 1 + (c % (n - start));
            runs.source[runs.count] = source;
            runs.start[runs.count] = start;
            runs.length[runs.count] = length;
            runs.count++;
            for (let i = start; i < start + length; i++) expected.push(data[source]![i]!);
          }
          const out = gatherBatch(type, cols, runs, expected.length);
          expect(out.length).toBe(expected.length);
          expect(Array.from({ length: expected.length }, (_, i) => valueAt(type, out, i))).toEqual(expected);
        }),
        { numRuns: 80 },
      );
    });
  }
});
