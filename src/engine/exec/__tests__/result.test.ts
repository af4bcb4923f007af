import { describe, expect, it } from 'vitest';
import { Type } from 'apache-arrow';
import { Filter, Project, call, col, lit } from '../../../planner/ir/index.js';
import { collect, execute, executeRel, defaultPhysicalPlan } from '../index.js';
import { rel } from './helpers.js';
import { recordBatchToChunk } from '../arrow-convert.js';
import { getScalar } from '../column.js';

const t = rel(
  [['i', 'int64'], ['f', 'float64'], ['s', 'utf8'], ['b', 'bool'], ['d', 'date'], ['ts', 'timestamp'], ['bin', 'binary'], ['iv', 'interval']],
  [
    [9007199254740993n, 1.5, 'héllo 😀', true, 19000, 5n, new Uint8Array([1, 2]), { months: 2, nanos: 7n }],
    [null, null, null, null, null, null, null, null],
    [-1n, -0.25, '', false, -3, -9n, new Uint8Array([]), { months: -1, nanos: 0n }],
  ],
);

describe('results', () => {
  it('streams Arrow record batches with the IR type mapping and NULLs', () => {
    const batches = [...execute(defaultPhysicalPlan(t), { batchSize: 2 })];
    expect(batches.map((b) => b.numRows)).toEqual([2, 1]);
    const types = batches[0]!.schema.fields.map((f) => f.type.typeId);
    expect(types).toEqual([Type.Int, Type.Float, Type.Utf8, Type.Bool, Type.Date, Type.Timestamp, Type.Binary, Type.Interval]);
    const first = batches[0]!;
    expect(first.getChildAt(0)?.get(0)).toBe(9007199254740993n);
    expect(first.getChildAt(2)?.get(0)).toBe('héllo 😀');
    expect(first.getChildAt(3)?.get(0)).toBe(true);
    expect(first.getChildAt(0)?.get(1)).toBe(null);
    expect(first.getChildAt(2)?.get(1)).toBe(null);
  });

  it('table(), rows() and arrays() agree', () => {
    const res = executeRel(t);
    expect(res.table().numRows).toBe(3);
    expect(res.rows()[2]).toEqual({ i: -1n, f: -0.25, s: '', b: false, d: -3, ts: -9n, bin: new Uint8Array([]), iv: { months: -1, nanos: 0n } });
    expect(res.arrays()[0]).toEqual([9007199254740993n, 1.5, 'héllo 😀', true, 19000, 5n, new Uint8Array([1, 2]), { months: 2, nanos: 7n }]);
    expect(res.batches.length).toBe(1);
  });

  it('filter selections flow through project; empty results still have a schema', () => {
    const p = Project.create(Filter.create(t, call('is_not_null', col(0))), [{ expr: call('mul', col(0), lit(2n)), name: 'twice' }, { expr: col(2), name: 's' }]);
    expect(executeRel(p, { batchSize: 1 }).arrays()).toEqual([[18014398509481986n, 'héllo 😀'], [-2n, '']]);
    const none = collect(defaultPhysicalPlan(Filter.create(t, lit(false))));
    expect(none.arrays()).toEqual([]);
    expect(none.table().schema.fields.map((f) => f.name)).toEqual(['i', 'f', 's', 'b', 'd', 'ts', 'bin', 'iv']);
  });
  it('reads sliced Arrow batches (offset data, unsliced validity and bool bits)', () => {
    const batch = [...execute(defaultPhysicalPlan(t))][0]!;
    const types = t.schema.fields.map((f) => f.type);
    for (const [begin, end] of [[1, 3], [2, 3], [0, 2]] as const) {
      const chunk = recordBatchToChunk(batch.slice(begin, end), types);
      const got = Array.from({ length: chunk.length }, (_, i) => chunk.columns.map((c) => getScalar(c, i)));
      expect(got).toEqual(executeRel(t).arrays().slice(begin, end));
    }
  });
});
