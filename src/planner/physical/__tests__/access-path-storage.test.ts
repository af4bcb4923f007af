import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, executeRel } from '../../../engine/exec/index.js';
import { openStore, type Store } from '../../../storage/index.js';
import type { Scalar } from '../../../types/data-type.js';
import type { Schema } from '../../../types/schema.js';
import type { Expr } from '../../ir/expr.js';
import { and, call, col, inList, lit } from '../../ir/expr-builders.js';
import { Filter, Scan, Values } from '../../ir/index.js';
import { optimize } from '../../optimizer.js';
import { rowKeys } from '../../rules/__tests__/support/run.js';
import { explainPhysical } from '../explain.js';
import { toPhysical } from '../to-physical.js';

const schema: Schema = {
  fields: [
    { name: 'device', type: 'utf8', nullable: false },
    { name: 'seq', type: 'int64', nullable: false },
    { name: 'value', type: 'float64', nullable: true },
  ],
  key: [0, 1],
};
const DEVICES = ['a', 'b', 'c', 'd'];

let store: Store;
const rows: Scalar[][] = [];

beforeAll(() => {
  store = openStore(':memory:');
  store.createTable({ name: 'events', fields: schema.fields, primaryKey: ['device', 'seq'] });
  for (const device of DEVICES) for (let s = 0; s < 40; s++) rows.push([device, BigInt(s), s % 7 === 0 ? null : (s * 37) % 11]);
  const toRow = (r: Scalar[]) => ({ device: r[0] ?? null, seq: r[1] ?? null, value: r[2] ?? null });
  // Half in a flushed segment (zone maps, sliced batches on key ranges), half in the memtable.
  store.write((tx) => tx.table('events').insert(rows.slice(0, 80).map(toRow)));
  store.flush('events');
  store.write((tx) => tx.table('events').insert(rows.slice(80).map(toRow)));
});

afterAll(() => store.close());

const atom: fc.Arbitrary<Expr> = fc.oneof(
  fc.constantFrom(...DEVICES, 'z').map((d) => call('eq', col(0), lit(d))),
  fc.subarray(DEVICES, { minLength: 1 }).map((ds) => inList(col(0), ds.map((d) => lit(d)))),
  fc.tuple(fc.constantFrom('eq', 'lt', 'le', 'gt', 'ge'), fc.integer({ min: -2, max: 42 })).map(([fn, n]) => call(fn, col(1), lit(BigInt(n)))),
  fc.tuple(fc.constantFrom('lt', 'gt', 'ge'), fc.constantFrom(0, 3.5, 10)).map(([fn, v]) => call(fn, col(2), lit(v))),
  fc.constantFrom(call('is_null', col(2)), call('is_not_null', col(2))),
);

describe('access paths against storage', () => {
  it('property: point gets, key ranges and zone-map scans return exactly the filtered rows', () => {
    const kinds = new Set<string>();
    fc.assert(
      fc.property(fc.array(atom, { minLength: 1, maxLength: 3 }), (atoms) => {
        const pred = and(...atoms);
        const plan = optimize(Filter.create(Scan.create('events', schema), pred), { trace: false }).rel;
        const snapshot = store.snapshot();
        try {
          const physical = toPhysical(plan, snapshot);
          for (const a of physical.access.values()) kinds.add(a.kind);
          const got = rowKeys(collect(physical, { snapshot }).arrays()).sort();
          const expected = rowKeys(executeRel(Filter.create(Values.create(schema, rows), pred)).arrays()).sort();
          expect(got, explainPhysical(physical)).toEqual(expected);
        } finally {
          snapshot.close();
        }
      }),
      {
        numRuns: 80,
        // One sure case of each access path, so the coverage check below never depends on luck.
        examples: [
          [[call('eq', col(0), lit('b')), call('eq', col(1), lit(5n))]],
          [[call('eq', col(0), lit('a')), call('gt', col(1), lit(10n))]],
          [[call('gt', col(2), lit(3.5))]],
        ],
      },
    );
    expect([...kinds].sort()).toEqual(['full_scan', 'key_range', 'point_get']);
  });
});
