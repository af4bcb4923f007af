import { describe, expect, it } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import { Filter, Limit, Scan, call, col, lit } from '../../../planner/ir/index.js';
import type { ScanRel } from '../../../planner/ir/rel.js';
import type { AccessPath } from '../../../planner/physical/plan.js';
import type { KvReader, Row, ScanOptions, Snapshot, TableInfo, TableStats } from '../../../storage/api.js';
import type { Scalar } from '../../../types/data-type.js';
import type { Schema } from '../../../types/schema.js';
import { chunkToRecordBatch } from '../arrow-convert.js';
import { columnFromScalars } from '../column.js';
import { collect } from '../index.js';

const schema: Schema = {
  fields: [
    { name: 'id', type: 'int64', nullable: false },
    { name: 'name', type: 'utf8', nullable: true },
    { name: 'at', type: 'timestamp', nullable: true },
  ],
  key: [0],
};
const data: Scalar[][] = [
  [1n, 'ann', 1_700_000_000_000_000_000n],
  [2n, null, null],
  [9007199254740993n, 'zoë 😀', 5n],
  [10n, 'x', 6n],
];

/** An in-memory Snapshot that records the scan options it receives. */
class FakeSnapshot implements Snapshot {
  readonly calls: ScanOptions[] = [];
  table(): TableInfo {
    return { name: 't', fields: schema.fields, primaryKey: ['id'], foreignKeys: [], id: 1, version: 1, schema };
  }
  tables(): readonly TableInfo[] {
    return [this.table()];
  }
  *scan(_table: string, options: ScanOptions = {}): Iterable<RecordBatch> {
    this.calls.push(options);
    const names = options.columns ?? schema.fields.map((f) => f.name);
    const fields = names.map((n) => schema.fields.find((f) => f.name === n)!);
    let rows = data;
    if (options.lower !== undefined) rows = rows.filter((r) => (r[0] as bigint) >= (options.lower!.values[0] as bigint));
    const size = options.batchSize ?? 2;
    for (let s = 0; s < rows.length; s += size) {
      const part = rows.slice(s, s + size);
      const columns = fields.map((f) => columnFromScalars(f.type, part.map((r) => r[schema.fields.indexOf(f)] ?? null)));
      yield chunkToRecordBatch({ columns, length: part.length, sel: null }, { fields });
    }
  }
  get(_table: string, key: readonly Scalar[]): Row | undefined {
    const r = data.find((d) => d[0] === key[0]);
    return r === undefined ? undefined : { id: r[0] ?? null, name: r[1] ?? null, at: r[2] ?? null };
  }
  stats(): TableStats {
    return { rowCount: data.length, segmentCount: 0, memtableRows: data.length, columns: {} };
  }
  kv(): KvReader {
    throw new Error('no kv');
  }
  close(): void {}
}

function plan(root: ScanRel | ReturnType<typeof Filter.create>, scan: ScanRel, access?: AccessPath) {
  return { root, access: new Map(access === undefined ? [] : [[scan, access] as const]), joins: new Map() };
}

describe('scan through a Snapshot', () => {
  it('full scan with projection, reordered columns and a filter above', () => {
    const snap = new FakeSnapshot();
    const scan = Scan.create('t', schema, { projection: [2, 0, 1] });
    const root = Filter.create(scan, call('gt', col(1), lit(1n)));
    const res = collect(plan(root, scan, { kind: 'full_scan', predicates: [{ column: 'id', op: '>', value: 1n }] }), { snapshot: snap, batchSize: 3 });
    expect(res.arrays()).toEqual([[null, 2n, null], [5n, 9007199254740993n, 'zoë 😀'], [6n, 10n, 'x']]);
    expect(snap.calls[0]?.columns).toEqual(['at', 'id', 'name']);
    expect(snap.calls[0]?.predicates).toEqual([{ column: 'id', op: '>', value: 1n }]);
    expect(snap.calls[0]?.batchSize).toBe(3);
  });

  it('key range passes bounds to storage', () => {
    const snap = new FakeSnapshot();
    const scan = Scan.create('t', schema, { projection: [0] });
    const res = collect(plan(scan, scan, { kind: 'key_range', lower: { values: [10n], inclusive: true }, predicates: [] }), { snapshot: snap });
    expect(res.arrays()).toEqual([[9007199254740993n], [10n]]);
    expect(snap.calls[0]?.lower).toEqual({ values: [10n], inclusive: true });
  });

  it('point gets look keys up one by one, skipping missing ones', () => {
    const snap = new FakeSnapshot();
    const scan = Scan.create('t', schema, { projection: [1, 0] });
    const res = collect(plan(scan, scan, { kind: 'point_get', keys: [[2n], [77n], [1n]] }), { snapshot: snap });
    expect(res.arrays()).toEqual([[null, 2n], ['ann', 1n]]);
    expect(snap.calls.length).toBe(0);
  });

  it('a scan without a snapshot is a NO_SNAPSHOT error', () => {
    const scan = Scan.create('t', schema);
    expect(() => collect(plan(scan, scan)).arrays()).toThrow(expect.objectContaining({ code: 'NO_SNAPSHOT' }));
  });
  it('a limit stops pulling batches from storage early', () => {
    let pulled = 0;
    const snap = new FakeSnapshot();
    const original = snap.scan.bind(snap);
    snap.scan = function* (table: string, options?: ScanOptions) {
      for (const b of original(table, { ...options, batchSize: 1 })) {
        pulled++;
        yield b;
      }
    };
    const scan = Scan.create('t', schema, { projection: [0] });
    const root = Limit.create(scan, 0, 2);
    const res = collect({ root, access: new Map(), joins: new Map() }, { snapshot: snap });
    expect(res.arrays()).toEqual([[1n], [2n]]);
    expect(pulled).toBe(2);
  });
});
