import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Aggregate, Filter, Join, Project, agg, call, col, lit } from '../../../planner/ir/index.js';
import type { Expr } from '../../../planner/ir/expr.js';
import type { DataType, Scalar } from '../../../types/data-type.js';
import { columnFromScalars } from '../column.js';
import type { Chunk } from '../chunk.js';
import { KeyTable, makeKeyTable } from '../hash/key-table.js';
import { compileCompareSelect } from '../operators/compare-select.js';
import { defaultPhysicalPlan } from '../index.js';
import type { ExecContext } from '../exec-node.js';
import { rel, run } from './helpers.js';
import { nullableArb, seeded } from '../../../types/__tests__/support/value-arbitraries.js';

function idsOf(t: { findOrInsert(cols: ReturnType<typeof columnFromScalars>[], c: Chunk, out: Int32Array): number }, types: readonly DataType[], rows: readonly (readonly Scalar[])[], size: number): number[] {
  const out: number[] = [];
  for (let s = 0; s < rows.length; s += size) {
    const part = rows.slice(s, s + size);
    const cols = types.map((ty, j) => columnFromScalars(ty, part.map((r) => r[j] ?? null)));
    const res = new Int32Array(part.length);
    t.findOrInsert(cols, { columns: cols, length: part.length, sel: null }, res);
    out.push(...res);
  }
  return out;
}

describe('Int64KeyTable direct-indexed small keys', () => {
  it('numbers keys like the generic table across the direct/hashed border and direct growth', () => {
    const edge = [0n, 1n, 1023n, 1024n, 4095n, 65535n, 65536n, 65537n, -1n, 2n ** 32n, 2n ** 32n + 5n, -(2n ** 32n), 70000n];
    const keys = fc.oneof(fc.constantFrom(...edge), fc.bigInt({ min: 0n, max: 70000n }));
    fc.assert(
      fc.property(fc.array(fc.option(keys, { nil: null }), { maxLength: 300 }), fc.integer({ min: 1, max: 64 }), (vals, size) => {
        const rows = vals.map((v) => [v]);
        const special = makeKeyTable(['int64']);
        const generic = new KeyTable(['int64']);
        expect(idsOf(special, ['int64'], rows, size)).toEqual(idsOf(generic, ['int64'], rows, size));
        expect(special.size).toBe(generic.size);
      }),
      seeded(60),
    );
  });

  it('find misses small keys beyond the direct array and finds present ones', () => {
    const t = makeKeyTable(['int64']);
    const ins = columnFromScalars('int64', [3n, 900n, 2000n, 3n]);
    const ids = new Int32Array(4);
    t.findOrInsert([ins], { columns: [ins], length: 4, sel: null }, ids);
    expect([...ids]).toEqual([0, 1, 2, 0]);
    const probe = columnFromScalars('int64', [60000n, 900n, 2000n, 4n, 100000n]);
    const found = new Int32Array(5);
    t.find([probe], { columns: [probe], length: 5, sel: Int32Array.from([0, 1, 2, 3, 4]) }, found);
    expect([...found]).toEqual([-1, 1, 2, -1, -1]);
    expect(t.keyColumns()[0]?.values).toEqual(BigInt64Array.from([3n, 900n, 2000n]));
  });

  it('two-key table numbers packed small pairs, hashed pairs and NULLs like the generic table', () => {
    const edge = [0n, 1n, 65535n, 65536n, -1n, 2n ** 32n, 32768n];
    const cell = fc.option(fc.oneof(fc.constantFrom(...edge), fc.bigInt({ min: 0n, max: 70000n }), fc.bigInt({ min: 0n, max: 40n })), { nil: null });
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell), { maxLength: 400 }), fc.integer({ min: 1, max: 50 }), (random, size) => {
        // pairs a lossy packing would confuse, then random ones
        const fixed: [bigint | null, bigint | null][] = [[32768n, 0n], [0n, 1n], [65535n, 65535n], [65535n, 0n], [0n, 65535n], [65536n, 0n], [0n, 0n], [null, 0n], [0n, null]];
        const rows = [...fixed, ...random];
        const types: DataType[] = ['int64', 'int64'];
        const special = makeKeyTable(types);
        const generic = new KeyTable(types);
        expect(idsOf(special, types, rows, size)).toEqual(idsOf(generic, types, rows, size));
        const ka = special.keyColumns();
        const kb = generic.keyColumns();
        expect(ka.map((c) => [...c.values as BigInt64Array])).toEqual(kb.map((c) => [...c.values as BigInt64Array]));
      }),
      seeded(60),
    );
  });

  it('two-key table: a key inserted from a chunk with NULLs is found again from a NULL-free chunk', () => {
    const t = makeKeyTable(['int64', 'int64']);
    const a1 = columnFromScalars('int64', [1n, null, 7n]);
    const b1 = columnFromScalars('int64', [2n, 3n, -9n]);
    const ids = new Int32Array(3);
    t.findOrInsert([a1, b1], { columns: [a1, b1], length: 3, sel: null }, ids);
    expect([...ids]).toEqual([0, 1, 2]);
    const a2 = columnFromScalars('int64', [7n, 1n, 0n]);
    const b2 = columnFromScalars('int64', [-9n, 2n, 3n]);
    const ids2 = new Int32Array(3);
    t.findOrInsert([a2, b2], { columns: [a2, b2], length: 3, sel: null }, ids2);
    expect([...ids2]).toEqual([2, 0, 3]); // (0, 3) is not (NULL, 3)
  });
});

const ctx = (): ExecContext => ({
  params: {},
  snapshot: undefined,
  batchSize: 1024,
  plan: defaultPhysicalPlan(rel([['x', 'int64']], [])),
  recursive: new Map(),
  recursionLimit: 100,
});

describe('fused column-versus-constant filter', () => {
  const cmps = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;

  it('is used for same-typed comparisons and declined otherwise', () => {
    const types: DataType[] = ['int64', 'float64', 'utf8'];
    expect(compileCompareSelect(call('gt', col(1), lit(0.5)), types, ctx())).not.toBeNull();
    expect(compileCompareSelect(call('le', lit(3n), col(0)), types, ctx())).not.toBeNull();
    expect(compileCompareSelect(call('gt', col(0), lit(0.5)), types, ctx())).toBeNull(); // mixed int64/float64
    expect(compileCompareSelect(call('eq', col(2), lit('a')), types, ctx())).not.toBeNull(); // on Arrow bytes (utf8-filter.test.ts)
    expect(compileCompareSelect(call('lt', col(2), lit('a')), types, ctx())).toBeNull();
    expect(compileCompareSelect(call('eq', col(0), col(0)), types, ctx())).toBeNull();
    expect(compileCompareSelect(call('eq', col(0), lit(null, 'int64')), types, ctx())).toBeNull();
  });

  it('selects the same rows as the generic predicate (int64 incl. extremes, float64 incl. NaN, date; NULLs; constant on either side)', () => {
    const i64 = nullableArb('int64');
    const f64 = nullableArb('float64');
    const day = nullableArb('date');
    const row = fc.tuple(i64, f64, day);
    const schema = [['a', 'int64'], ['b', 'float64'], ['d', 'date']] as const;
    const constant = fc.oneof(
      fc.tuple(fc.constant(0), i64.filter((v) => v !== null)),
      fc.tuple(fc.constant(1), f64.filter((v) => v !== null)),
      fc.tuple(fc.constant(2), day.filter((v) => v !== null)),
    );
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), constant, fc.constantFrom(...cmps), fc.boolean(), fc.integer({ min: 1, max: 9 }), (rows, [c, v], fn, flip, batchSize) => {
        const input = rel(schema, rows);
        const type = schema[c]?.[1] as DataType;
        const value = lit(v as Scalar, type);
        const pred: Expr = flip ? call(fn, value, col(c)) : call(fn, col(c), value);
        const got = run(Filter.create(input, pred), { batchSize });
        // reference: the predicate as a projected value, evaluated by the generic kernels
        const flags = run(Project.create(input, [{ expr: pred, name: 'p' }]), { batchSize }).map((r) => r[0]);
        const want = rows.filter((_, i) => flags[i] === true).map((r) => [...r]);
        expect(got).toEqual(want);
      }),
      seeded(150),
    );
  });
});

describe('hash join with unused columns, over many probe chunks', () => {
  it('count and sum agree with a reference when the pair buffers and NULL placeholders are reused', () => {
    const fact = rel([['id', 'int64'], ['k', 'int64']], Array.from({ length: 500 }, (_, i) => [BigInt(i), i % 11 === 0 ? null : BigInt((i * 7) % 60)]));
    const dim = rel([['k', 'int64'], ['w', 'float64']], Array.from({ length: 40 }, (_, i) => [BigInt(i), i / 4]));
    const q = Aggregate.create(Join.create(fact, dim, 'inner', call('eq', col(1), col(2))), [], [agg('count', [], 'n'), agg('sum', [col(3)], 'w')]);
    let n = 0n;
    let w = 0;
    for (let i = 0; i < 500; i++) {
      const k = (i * 7) % 60;
      if (i % 11 !== 0 && k < 40) { n++; w += k / 4; }
    }
    for (const batchSize of [7, 64, 1024]) expect(run(q, { batchSize })).toEqual([[n, w]]);
  });

  it('duplicate build keys (chains) and unused utf8 columns give every pair once', () => {
    const left = rel([['k', 'int64'], ['s', 'utf8']], Array.from({ length: 90 }, (_, i) => [BigInt(i % 9), `l${i}`]));
    // build keys 0..5, key 2 three times, key 4 twice
    const rightRows: Scalar[][] = [[0n, 'a', 1n], [1n, 'b', 2n], [2n, 'c', 3n], [2n, 'd', 4n], [2n, 'e', 5n], [3n, 'f', 6n], [4n, 'g', 7n], [4n, 'h', 8n], [5n, 'i', 9n]];
    const right = rel([['k', 'int64'], ['t', 'utf8'], ['x', 'int64']], rightRows);
    const q = Aggregate.create(Join.create(left, right, 'inner', call('eq', col(0), col(2))), [{ expr: col(0), name: 'k' }], [agg('count', [], 'n'), agg('sum', [col(4)], 'x')]);
    for (const batchSize of [4, 13, 1024]) {
      const got = new Map(run(q, { batchSize }).map((r) => [r[0], [r[1], r[2]]]));
      // each left key value occurs 10 times
      expect(got).toEqual(new Map([[0n, [10n, 10n]], [1n, [10n, 20n]], [2n, [30n, 120n]], [3n, [10n, 60n]], [4n, [20n, 150n]], [5n, [10n, 90n]]]));
    }
  });
});

describe('filtered group-by (fused selection + NULL-free accumulator loops)', () => {
  it('sum(int64), avg(float64), count(*) per small int64 key agree with a reference', () => {
    const row = fc.tuple(fc.bigInt({ min: 0n, max: 5n }), fc.bigInt({ min: -(2n ** 40n), max: 2n ** 40n }), fc.integer({ min: 0, max: 8 }).map((x) => x / 8));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 80 }), fc.integer({ min: 1, max: 11 }), (rows, batchSize) => {
        const input = rel([['k', 'int64'], ['q', 'int64'], ['v', 'float64']], rows);
        const q = Aggregate.create(Filter.create(input, call('gt', col(2), lit(0.5))), [{ expr: col(0), name: 'k' }], [
          agg('sum', [col(1)], 's'),
          agg('avg', [col(2)], 'a'),
          agg('count', [], 'n'),
        ]);
        const got = new Map(run(q, { batchSize }).map((r) => [r[0], r.slice(1)]));
        const acc = new Map<bigint, [bigint, number, bigint]>();
        for (const [k, qv, v] of rows) {
          if (!(v > 0.5)) continue;
          const cur = acc.get(k) ?? [0n, 0, 0n];
          acc.set(k, [cur[0] + qv, cur[1] + v, cur[2] + 1n]);
        }
        const want = new Map([...acc].map(([k, [sum, fsum, n]]) => [k, [sum, fsum / Number(n), n]]));
        expect(got).toEqual(want);
      }),
      seeded(80),
    );
  });
});
