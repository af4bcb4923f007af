import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, cleanup, open, rowsOf } from './helpers.js';
import { compareCodePoints as compareStrings } from '../../types/value-order.js';

afterAll(cleanup);

describe.each(BACKENDS)('composite keys and prefix bounds (%s)', (kind) => {
  it('key-prefix ranges return exactly the rows whose key prefix lies in the bounds', () => {
    const store = open(kind, { segmentRows: 16 });
    store.createTable({
      name: 'c',
      fields: [
        { name: 'g', type: 'utf8', nullable: false },
        { name: 'n', type: 'int64', nullable: false },
        { name: 'x', type: 'float64', nullable: true },
      ],
      primaryKey: ['g', 'n'],
    });
    const groups = ['', 'a', 'a\0', 'ab', 'b', 'é', '\u{1F600}'];
    const all: { g: string; n: bigint; x: number | null }[] = [];
    groups.forEach((g, gi) => {
      for (let n = -3; n <= 3; n++) all.push({ g, n: BigInt(n), x: gi * 10 + n });
    });
    // Half the rows go to segments, half stay in the memtable.
    store.write((tx) => tx.table('c').insert(all.filter((_, i) => i % 2 === 0)));
    store.flush();
    store.write((tx) => tx.table('c').insert(all.filter((_, i) => i % 2 === 1)));
    const sorted = [...all].sort((a, b) => compareStrings(a.g, b.g) || (a.n < b.n ? -1 : a.n > b.n ? 1 : 0));
    const snap = store.snapshot();
    expect(rowsOf(snap.scan('c'))).toEqual(sorted);
    fc.assert(
      fc.property(fc.constantFrom(...groups), fc.constantFrom(...groups), fc.boolean(), fc.boolean(), fc.option(fc.integer({ min: -4, max: 4 }), { nil: undefined }), (lg, ug, li, ui, ln) => {
        const lower = ln === undefined ? [lg] : [lg, BigInt(ln)];
        const inLower = (r: { g: string; n: bigint }): boolean => {
          const c = compareStrings(r.g, lg) || (ln === undefined ? 0 : r.n < BigInt(ln) ? -1 : r.n > BigInt(ln) ? 1 : 0);
          return li ? c >= 0 : c > 0;
        };
        const inUpper = (r: { g: string }): boolean => {
          const c = compareStrings(r.g, ug);
          return ui ? c <= 0 : c < 0;
        };
        const got = rowsOf(snap.scan('c', { lower: { values: lower, inclusive: li }, upper: { values: [ug], inclusive: ui } }));
        expect(got).toEqual(sorted.filter((r) => inLower(r) && inUpper(r)));
      }),
      { numRuns: 150 },
    );
    expect(snap.get('c', ['a\0', 2n])).toEqual({ g: 'a\0', n: 2n, x: 22 });
    expect(snap.get('c', ['a', 9n])).toBeUndefined();
    snap.close();
    store.close();
  });
});
