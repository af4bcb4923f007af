import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { DataType, Scalar } from '../../../types/data-type.js';
import { columnFromScalars, getScalar } from '../column.js';
import type { Chunk } from '../chunk.js';
import { KeyTable, makeKeyTable, type KeyLookup } from '../hash/key-table.js';
import { Int64KeyTable } from '../hash/int64-key-table.js';
import { MultiInt64KeyTable } from '../hash/multi-int64-key-table.js';
import { compareValues } from '../../../types/value-order.js';
import { nullableArb, seeded } from '../../../types/__tests__/support/value-arbitraries.js';

const cell = nullableArb('int64');
const RUNS = seeded(80);

/** Feeds `rows` in chunks of `size` (with a selection on every other chunk) and returns the id per row. */
function ids(table: KeyLookup, types: readonly DataType[], rows: readonly (readonly Scalar[])[], size: number): number[] {
  const out: number[] = [];
  for (let s = 0; s < rows.length; s += size) {
    const part = rows.slice(s, s + size);
    const cols = types.map((t, j) => columnFromScalars(t, part.map((r) => r[j] ?? null)));
    const odd = (s / size) % 2 === 1;
    const chunk: Chunk = odd
      ? { columns: cols, length: part.length, sel: Int32Array.from(part.map((_, i) => i)) }
      : { columns: cols, length: part.length, sel: null };
    const res = new Int32Array(part.length);
    table.findOrInsert(cols, chunk, res);
    out.push(...res);
  }
  return out;
}

describe('specialised key tables agree with the generic one', () => {
  it('makeKeyTable picks the specialisation', () => {
    expect(makeKeyTable(['int64'])).toBeInstanceOf(Int64KeyTable);
    expect(makeKeyTable(['int64', 'timestamp'])).toBeInstanceOf(MultiInt64KeyTable);
    expect(makeKeyTable(['int64', 'utf8'])).toBeInstanceOf(KeyTable);
  });

  for (const width of [1, 2, 3]) {
    it(`${width} int64 key(s) with NULLs and extreme values`, () => {
      const types: DataType[] = Array.from({ length: width }, () => 'int64');
      fc.assert(
        fc.property(fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 80 }), fc.integer({ min: 1, max: 7 }), (rows, size) => {
          const special = makeKeyTable(types);
          const generic = new KeyTable(types);
          const a = ids(special, types, rows, size);
          const b = ids(generic, types, rows, size);
          expect(a).toEqual(b); // both number first occurrences 0, 1, 2, ...
          expect(special.size).toBe(generic.size);
          const ka = special.keyColumns();
          const kb = generic.keyColumns();
          for (let j = 0; j < width; j++) {
            for (let g = 0; g < special.size; g++) expect(getScalar(ka[j]!, g)).toBe(getScalar(kb[j]!, g));
          }
          // find sees every inserted key and misses an absent one
          const probe = types.map((t, j) => columnFromScalars(t, [...rows.map((r) => r[j] ?? null), 123456789n]));
          const found = new Int32Array(rows.length + 1);
          special.find(probe, { columns: probe, length: rows.length + 1, sel: null }, found);
          expect([...found.subarray(0, rows.length)]).toEqual(a);
          expect(found[rows.length]).toBe(-1);
        }),
        RUNS,
      );
    });
  }

  it('the generic table numbers keys of every type by value-order equality (NaN = NaN, −0 = 0, NULL = NULL)', () => {
    const TYPES: DataType[] = ['float64', 'utf8', 'bool', 'date', 'timestamp', 'binary', 'interval'];
    const sameKey = (a: readonly Scalar[], b: readonly Scalar[]): boolean =>
      a.every((x, j) => (x === null || b[j] === null ? x === b[j] : compareValues(x, b[j] ?? null) === 0));
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...TYPES), { minLength: 1, maxLength: 3 }).chain((types) =>
          fc.tuple(fc.constant(types), fc.array(fc.tuple(...types.map((t) => nullableArb(t))), { maxLength: 60 }), fc.integer({ min: 1, max: 7 })),
        ),
        ([types, rows, size]) => {
          const got = ids(new KeyTable(types), types, rows, size);
          const firsts: (readonly Scalar[])[] = [];
          const want = rows.map((r) => {
            const g = firsts.findIndex((f) => sameKey(f, r));
            if (g >= 0) return g;
            firsts.push(r);
            return firsts.length - 1;
          });
          expect(got).toEqual(want);
        },
      ),
      RUNS,
    );
  });

  it('survives growth to many keys', () => {
    const types: DataType[] = ['int64', 'int64'];
    const rows = Array.from({ length: 20000 }, (_, i) => [BigInt(i % 5000), BigInt((i % 5000) * 1_000_003)]);
    const t = makeKeyTable(types);
    const got = ids(t, types, rows, 4096);
    expect(t.size).toBe(5000);
    expect(got[5001]).toBe(1);
    expect(got[19999]).toBe(4999);
  });
});
