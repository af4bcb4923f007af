/**
 * Results built from executor chunks column by column give the values the
 * value-by-value reader (getScalar) gives, for every type with NULLs, across
 * several chunks; row objects share one key order, a later duplicate name
 * wins and `__proto__` is an own property; rows() and arrays() hand out fresh
 * objects; Arrow batches appear only when asked for and hold the same rows.
 */
import { describe, expect, it } from 'vitest';
import type { Scalar } from '../../types/data-type.js';
import type { Schema } from '../../types/schema.js';
import type { Chunk } from '../exec/chunk.js';
import { getScalar, makeColumn, type Column } from '../exec/column.js';
import { queryResultOfChunks } from '../query-result.js';
import { open } from '../database.js';

const schema: Schema = {
  fields: [
    { name: 'i', type: 'int64', nullable: true },
    { name: 'f', type: 'float64', nullable: true },
    { name: 'b', type: 'bool', nullable: true },
    { name: 's', type: 'utf8', nullable: true },
    { name: 'd', type: 'date', nullable: true },
    { name: 'ts', type: 'timestamp', nullable: true },
    { name: 'bin', type: 'binary', nullable: true },
    { name: 'iv', type: 'interval', nullable: true },
    { name: 'n', type: 'null', nullable: true },
  ],
} as unknown as Schema;

function chunk(offset: number, n: number): Chunk {
  const valid = Uint8Array.from({ length: n }, (_, k) => ((offset + k) % 3 === 1 ? 0 : 1));
  const columns: Column[] = [
    makeColumn('int64', BigInt64Array.from({ length: n }, (_, k) => BigInt(offset + k) - 2n ** 62n), valid, n),
    makeColumn('float64', Float64Array.from({ length: n }, (_, k) => (k === 0 ? -0 : (offset + k) / 3)), valid, n),
    makeColumn('bool', Uint8Array.from({ length: n }, (_, k) => (offset + k) % 2), valid, n),
    makeColumn('utf8', Array.from({ length: n }, (_, k) => `é${offset + k}`), valid, n),
    makeColumn('date', Int32Array.from({ length: n }, (_, k) => offset + k - 5), null, n),
    makeColumn('timestamp', BigInt64Array.from({ length: n }, (_, k) => BigInt(offset + k) * 1_000_000_007n), valid, n),
    makeColumn('binary', Array.from({ length: n }, (_, k) => Uint8Array.of(offset + k)), valid, n),
    makeColumn('interval', Array.from({ length: n }, (_, k) => ({ months: k, nanos: BigInt(offset) })), valid, n),
    makeColumn('null', new Uint8Array(n), new Uint8Array(n), n),
  ];
  return { columns, length: n, sel: null };
}

describe('results over executor chunks', () => {
  const chunks = [chunk(0, 4), chunk(4, 1), chunk(5, 6)];
  const expected: Scalar[][] = chunks.flatMap((c) => Array.from({ length: c.length }, (_, i) => c.columns.map((col) => getScalar(col, i))));

  it('arrays and rows hold what getScalar reads, in order, for every type', () => {
    const r = queryResultOfChunks(schema, chunks);
    expect(r.numRows).toBe(11);
    expect(r.arrays()).toEqual(expected);
    expect(r.arrays()[1]).toEqual([null, null, null, null, -4, null, null, null, null]);
    expect(Object.is(r.arrays()[0]![1], -0)).toBe(true);
    const rows = r.rows();
    expect(rows).toHaveLength(11);
    expect(rows[5]).toEqual({ i: 5n - 2n ** 62n, f: -0, b: true, s: 'é5', d: 0, ts: 5_000_000_035n, bin: Uint8Array.of(5), iv: { months: 0, nanos: 5n }, n: null });
    expect(Object.keys(rows[10]!)).toEqual(schema.fields.map((f) => f.name));
    rows[0]!['i'] = 99n;
    r.arrays()[0]![0] = 98n;
    expect(r.rows()[0]!['i']).toBe(-(2n ** 62n));
    expect(r.arrays()[0]![0]).toBe(-(2n ** 62n));
  });

  it('a later duplicate name wins and __proto__ is an own property', () => {
    const two: Schema = { fields: [{ name: '__proto__', type: 'int64', nullable: true }, { name: 'a', type: 'int64', nullable: true }, { name: 'a', type: 'utf8', nullable: true }] } as unknown as Schema;
    const c: Chunk = { columns: [makeColumn('int64', BigInt64Array.of(1n, 2n), Uint8Array.of(1, 0), 2), makeColumn('int64', BigInt64Array.of(3n, 4n), null, 2), makeColumn('utf8', ['x', 'y'], null, 2)], length: 2, sel: null };
    const rows = queryResultOfChunks(two, [c]).rows() as Record<string, Scalar>[];
    expect(rows.map((row) => row['a'])).toEqual(['x', 'y']);
    expect(Object.hasOwn(rows[0]!, '__proto__')).toBe(true);
    expect(rows[0]!['__proto__']).toBe(1n);
    expect(rows[1]!['__proto__']).toBe(null);
    expect(Object.getPrototypeOf(rows[1])).toBe(Object.prototype);
  });

  it('Arrow batches and the table hold the same rows; an empty result has its schema', () => {
    const db = open(':memory:', { batchSize: 3 });
    db.createTable('t', [{ name: 'k', type: 'int64' }, { name: 's', type: 'utf8' }], ['k']);
    db.table('t').insert(Array.from({ length: 8 }, (_, i) => ({ k: BigInt(i), s: i % 2 === 0 ? null : `v${i}` })));
    const res = db.querySync('prql', 'from t | sort k');
    expect(res.numRows).toBe(8);
    expect(res.batches.map((b) => b.numRows)).toEqual([3, 3, 2]);
    expect(res.table().getChild('s')!.toArray()).toEqual([null, 'v1', null, 'v3', null, 'v5', null, 'v7']);
    expect(res.rows()[7]).toEqual({ k: 7n, s: 'v7' });
    const empty = db.querySync('prql', 'from t | filter s == "none"');
    expect([empty.numRows, empty.rows(), empty.batches.length, empty.table().schema.fields.map((f) => f.name)]).toEqual([0, [], 0, ['k', 's']]);
    db.close();
  });
});
