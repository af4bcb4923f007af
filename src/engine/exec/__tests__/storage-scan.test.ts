import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Aggregate, Filter, Limit, Scan, agg, call, col, lit } from '../../../planner/ir/index.js';
import type { ScanRel } from '../../../planner/ir/rel.js';
import type { AccessPath } from '../../../planner/physical/plan.js';
import { openStore, type Store } from '../../../storage/index.js';
import type { ScanOptions, Snapshot } from '../../../storage/api.js';
import type { Scalar } from '../../../types/data-type.js';
import type { Schema } from '../../../types/schema.js';
import { collect } from '../index.js';

const schema: Schema = {
  fields: [
    { name: 'id', type: 'int64', nullable: false },
    { name: 'name', type: 'utf8', nullable: true },
    { name: 'ok', type: 'bool', nullable: true },
    { name: 'x', type: 'float64', nullable: true },
    { name: 'd', type: 'date', nullable: true },
    { name: 'ts', type: 'timestamp', nullable: true },
    { name: 'b', type: 'binary', nullable: true },
  ],
  key: [0],
};
const N = 300;
const BIG = 9007199254740993n;
const rowOf = (i: number): Scalar[] => [
  BigInt(i) * BIG,
  i % 5 === 0 ? null : `n${i}${i % 7 === 0 ? ' 😀' : ''}`,
  i % 3 === 0 ? null : i % 2 === 0,
  i % 4 === 0 ? null : i / 8,
  i % 6 === 0 ? null : 19000 + i,
  i % 9 === 0 ? null : BigInt(i) * 1_000_000_007n,
  i % 10 === 0 ? null : new Uint8Array([i & 255, 7]),
];
const rows = Array.from({ length: N }, (_, i) => rowOf(i));

let store: Store;
beforeAll(() => {
  // small segments and scan batches: flushed segments are read back as sliced Arrow batches
  store = openStore(':memory:', { segmentRows: 64, batchSize: 37, autoCompact: false });
  store.createTable({ name: 't', fields: schema.fields, primaryKey: ['id'] });
  const names = schema.fields.map((f) => f.name);
  const toRow = (r: Scalar[]) => Object.fromEntries(names.map((n, j) => [n, r[j] ?? null]));
  store.write((tx) => tx.table('t').insert(rows.slice(0, 200).map(toRow)));
  store.flush('t');
  store.write((tx) => tx.table('t').insert(rows.slice(200).map(toRow)));
});
afterAll(() => store.close());

function runScan(root: Parameters<typeof collect>[0]['root'], scan: ScanRel, access: AccessPath | undefined, batchSize = 29): Scalar[][] {
  const snapshot = store.snapshot();
  try {
    return collect({ root, access: new Map(access === undefined ? [] : [[scan, access]]), joins: new Map() }, { snapshot, batchSize }).arrays();
  } finally {
    snapshot.close();
  }
}

describe('executor over the real storage engine (segments + memtable)', () => {
  it('a scan under a limit reads batches no larger than the limit, with the same rows', () => {
    for (const [offset, limit] of [[0, 3], [5, 10], [190, 20], [290, 50]] as const) {
      const scan = Scan.create('t', schema, { projection: [0, 1] });
      const root = Limit.create(scan, offset, limit);
      const snapshot = store.snapshot();
      const sizes: number[] = [];
      const spy = { ...snapshot, scan: (t: string, o?: ScanOptions) => { sizes.push(o?.batchSize ?? -1); return snapshot.scan(t, o); } } as Snapshot;
      try {
        const plan = { root, access: new Map(), joins: new Map(), scanRowLimits: new Map([[scan, offset + limit]]) };
        const got = collect(plan, { snapshot: spy, batchSize: 4096 }).arrays();
        expect(got).toEqual(rows.slice(offset, offset + limit).map((r) => [r[0], r[1]]));
        expect(sizes).toEqual([offset + limit]);
      } finally {
        snapshot.close();
      }
    }
  });

  it('full scan returns every row with every type intact', () => {
    const scan = Scan.create('t', schema);
    expect(runScan(scan, scan, undefined)).toEqual(rows);
  });

  it('key range scan with a projection', () => {
    const scan = Scan.create('t', schema, { projection: [1, 0] });
    const lower = { values: [50n * BIG], inclusive: true };
    const upper = { values: [250n * BIG], inclusive: false };
    const got = runScan(scan, scan, { kind: 'key_range', lower, upper, predicates: [] });
    expect(got).toEqual(rows.slice(50, 250).map((r) => [r[1], r[0]]));
  });

  it('point gets', () => {
    const scan = Scan.create('t', schema, { projection: [0, 3] });
    const got = runScan(scan, scan, { kind: 'point_get', keys: [[7n * BIG], [123456n], [250n * BIG]] });
    expect(got).toEqual([[7n * BIG, 7 / 8], [250n * BIG, 250 / 8]]);
  });

  it('filter and aggregate above a scan', () => {
    const scan = Scan.create('t', schema);
    const root = Aggregate.create(Filter.create(scan, call('eq', col(2), lit(true))), [], [
      agg('count', [], 'n'),
      agg('sum', [col(3)], 's'),
      agg('max', [col(5)], 'm'),
    ]);
    const want = rows.filter((r) => r[2] === true);
    const sum = want.reduce((a, r) => a + ((r[3] as number | null) ?? 0), 0);
    const max = want.reduce((a: bigint | null, r) => (r[5] !== null && (a === null || (r[5] as bigint) > a) ? (r[5] as bigint) : a), null);
    expect(runScan(root, scan, { kind: 'full_scan', predicates: [] })).toEqual([[BigInt(want.length), sum, max]]);
  });
});
