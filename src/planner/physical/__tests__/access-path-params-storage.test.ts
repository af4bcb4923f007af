import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, executeRel } from '../../../engine/exec/index.js';
import { normalizeScalar } from '../../../engine/exec/expr/compile-expr.js';
import { openStore, type Store } from '../../../storage/index.js';
import type { Snapshot } from '../../../storage/api.js';
import type { DataType, Scalar } from '../../../types/data-type.js';
import type { Schema } from '../../../types/schema.js';
import type { Expr } from '../../ir/expr.js';
import { and, call, col, inList, lit, param } from '../../ir/expr-builders.js';
import { Filter, Scan, Values } from '../../ir/index.js';
import { optimize } from '../../optimizer.js';
import { rowKeys } from '../../rules/__tests__/support/run.js';
import { bindAccessPath } from '../access-path.js';
import { explainPhysical } from '../explain.js';
import { toPhysical } from '../to-physical.js';

const schema: Schema = {
  fields: [
    { name: 'id', type: 'int64', nullable: false },
    { name: 'price', type: 'float64', nullable: true },
  ],
  key: [0],
};

let store: Store;
const rows: Scalar[][] = [];

beforeAll(() => {
  store = openStore(':memory:');
  store.createTable({ name: 'items', fields: schema.fields, primaryKey: ['id'] });
  for (let id = -5; id < 60; id++) rows.push([BigInt(id), id % 9 === 0 ? null : id * 0.75]);
  const toRow = (r: Scalar[]) => ({ id: r[0] ?? null, price: r[1] ?? null });
  store.write((tx) => tx.table('items').insert(rows.slice(0, 40).map(toRow)));
  store.flush('items');
  store.write((tx) => tx.table('items').insert(rows.slice(40).map(toRow)));
});

afterAll(() => store.close());

/** A comparison atom with a parameter, and the value bound to it. */
interface Atom {
  readonly make: (name: string) => Expr;
  readonly value: Scalar;
}

const typed = fc.oneof(
  fc.integer({ min: -8, max: 64 }).map((n): [DataType, Scalar] => ['int64', BigInt(n)]),
  fc.integer({ min: -32, max: 256 }).map((n): [DataType, Scalar] => ['float64', n / 4]),
  fc.constantFrom<[DataType, Scalar]>(['int64', null], ['float64', null], ['null', null], ['float64', Infinity], ['float64', Number.NaN], ['float64', 1e30]),
);
const atom: fc.Arbitrary<Atom> = fc.oneof(
  fc.tuple(fc.constantFrom('eq', 'ne', 'lt', 'le', 'gt', 'ge'), fc.constantFrom(0, 1), fc.boolean(), typed).map(
    ([fn, c, flip, [type, value]]): Atom => ({ make: (n) => (flip ? call(fn, param(n, type), col(c)) : call(fn, col(c), param(n, type))), value }),
  ),
  fc.tuple(typed, fc.integer({ min: -3, max: 70 })).map(([[type, value], k]): Atom => ({ make: (n) => inList(col(0), [param(n, type), lit(BigInt(k))]), value })),
);

/** A snapshot that records the keys looked up and the bounds scanned. */
function spy(snap: Snapshot): { snap: Snapshot; gets: Scalar[][] } {
  const gets: Scalar[][] = [];
  const wrapped = Object.create(snap) as Snapshot;
  wrapped.get = (table, key) => {
    gets.push([...key]);
    return snap.get(table, key);
  };
  return { snap: wrapped, gets };
}

describe('parameterized access paths against storage', () => {
  it('property: bound point gets, key ranges and zone scans return exactly the filtered rows', () => {
    const kinds = new Set<string>();
    fc.assert(
      fc.property(fc.array(atom, { minLength: 1, maxLength: 2 }), (atoms) => {
        const pred = and(...atoms.map((a, i) => a.make(`p${i}`)));
        const params = Object.fromEntries(atoms.map((a, i) => [`p${i}`, a.value]));
        const plan = optimize(Filter.create(Scan.create('items', schema), pred), { trace: false }).rel;
        const snapshot = store.snapshot();
        try {
          const physical = toPhysical(plan, snapshot);
          for (const a of physical.access.values()) {
            kinds.add(bindAccessPath(a, (p) => (p.name in params ? normalizeScalar(params[p.name] ?? null, p.type) : undefined)).kind);
          }
          const got = rowKeys(collect(physical, { snapshot, params }).arrays()).sort();
          const expected = rowKeys(executeRel(Filter.create(Values.create(schema, rows), pred), { params }).arrays()).sort();
          expect(got, `${explainPhysical(physical)}\n${JSON.stringify(params, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`).toEqual(expected);
        } finally {
          snapshot.close();
        }
      }),
      {
        numRuns: 250,
        // Sure cases of each path, so the coverage check below never depends on luck.
        examples: [
          [[{ make: (n) => call('gt', col(0), param(n, 'float64')), value: 2.5 }]],
          [[{ make: (n) => call('eq', param(n, 'float64'), col(0)), value: 7 }]],
          [[{ make: (n) => call('eq', col(0), param(n, 'float64')), value: 7.5 }]],
          [[{ make: (n) => call('le', col(1), param(n, 'int64')), value: 3n }]],
        ],
      },
    );
    expect([...kinds].sort()).toEqual(['empty', 'full_scan', 'key_range', 'point_get']);
  });

  it('one compiled plan serves every value: the scan looks up the bound key each run', () => {
    const pred = call('eq', col(0), param('id', 'float64'));
    const planning = store.snapshot();
    const physical = toPhysical(optimize(Filter.create(Scan.create('items', schema), pred), { trace: false }).rel, planning);
    planning.close();
    const run = (id: Scalar): { rows: Scalar[][]; gets: Scalar[][] } => {
      const snapshot = store.snapshot();
      try {
        const s = spy(snapshot);
        return { rows: collect(physical, { snapshot: s.snap, params: { id } }).arrays(), gets: s.gets };
      } finally {
        snapshot.close();
      }
    };
    expect(run(7)).toEqual({ rows: [[7n, 5.25]], gets: [[7n]] });
    expect(run(45)).toEqual({ rows: [[45n, null]], gets: [[45n]] });
    expect(run(7.5)).toEqual({ rows: [], gets: [] });
    expect(run(null)).toEqual({ rows: [], gets: [] });
  });
});
