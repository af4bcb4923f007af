import { describe, expect, it } from 'vitest';
import { Aggregate, Join, Project, agg, call, col, lit } from '../../../planner/ir/index.js';
import type { JoinKind, JoinRel } from '../../../planner/ir/rel.js';
import type { Scalar } from '../../../types/data-type.js';
import { collect } from '../index.js';
import { rel, run } from './helpers.js';

const left = rel([['id', 'int64'], ['name', 'utf8']], [[1n, 'a'], [2n, 'b'], [2n, 'b2'], [3n, 'c'], [null, 'n']]);
const right = rel([['rid', 'int64'], ['val', 'utf8']], [[2n, 'x'], [3n, 'y'], [3n, 'y2'], [4n, 'z'], [null, 'rn']]);
const onId = call('eq', col(0), col(2));

function sorted(rows: Scalar[][]): string[] {
  return rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))).sort();
}

function both(join: JoinRel, batchSize = 2): string[] {
  // run with each build side; results must agree
  const a = sorted(collect({ root: join, access: new Map(), joins: new Map([[join, { algorithm: 'hash', buildSide: 'right' }]]) }, { batchSize }).arrays());
  const b = sorted(collect({ root: join, access: new Map(), joins: new Map([[join, { algorithm: 'hash', buildSide: 'left' }]]) }, { batchSize }).arrays());
  const c = sorted(collect({ root: join, access: new Map(), joins: new Map([[join, { algorithm: 'nested_loop', buildSide: 'right' }]]) }, { batchSize }).arrays());
  expect(b).toEqual(a);
  expect(c).toEqual(a);
  return a;
}

const expectRows = (kind: JoinKind, rows: Scalar[][]): void => {
  expect(both(Join.create(left, right, kind, onId))).toEqual(sorted(rows));
};

describe('hash join', () => {
  it('inner: NULL keys never match, duplicates multiply', () => {
    expectRows('inner', [[2n, 'b', 2n, 'x'], [2n, 'b2', 2n, 'x'], [3n, 'c', 3n, 'y'], [3n, 'c', 3n, 'y2']]);
  });
  it('left', () => {
    expectRows('left', [[1n, 'a', null, null], [2n, 'b', 2n, 'x'], [2n, 'b2', 2n, 'x'], [3n, 'c', 3n, 'y'], [3n, 'c', 3n, 'y2'], [null, 'n', null, null]]);
  });
  it('right', () => {
    expectRows('right', [[2n, 'b', 2n, 'x'], [2n, 'b2', 2n, 'x'], [3n, 'c', 3n, 'y'], [3n, 'c', 3n, 'y2'], [null, null, 4n, 'z'], [null, null, null, 'rn']]);
  });
  it('full', () => {
    expectRows('full', [
      [1n, 'a', null, null], [2n, 'b', 2n, 'x'], [2n, 'b2', 2n, 'x'], [3n, 'c', 3n, 'y'], [3n, 'c', 3n, 'y2'],
      [null, 'n', null, null], [null, null, 4n, 'z'], [null, null, null, 'rn'],
    ]);
  });
  it('semi and anti', () => {
    expectRows('semi', [[2n, 'b'], [2n, 'b2'], [3n, 'c']]);
    expectRows('anti', [[1n, 'a'], [null, 'n']]);
  });
  it('residual condition beyond the equi keys', () => {
    const cond = call('and', onId, call('ne', col(3), lit('y')));
    expect(both(Join.create(left, right, 'inner', cond))).toEqual(sorted([[2n, 'b', 2n, 'x'], [2n, 'b2', 2n, 'x'], [3n, 'c', 3n, 'y2']]));
    expect(both(Join.create(left, right, 'left', cond))).toEqual(
      sorted([[1n, 'a', null, null], [2n, 'b', 2n, 'x'], [2n, 'b2', 2n, 'x'], [3n, 'c', 3n, 'y2'], [null, 'n', null, null]]),
    );
    expect(both(Join.create(left, right, 'anti', cond))).toEqual(sorted([[1n, 'a'], [null, 'n']]));
  });
  it('non-equi join runs as a nested loop', () => {
    const cond = call('lt', col(0), col(2));
    expect(sorted(run(Join.create(left, right, 'inner', cond), { batchSize: 2 }))).toEqual(
      sorted([
        [1n, 'a', 2n, 'x'], [1n, 'a', 3n, 'y'], [1n, 'a', 3n, 'y2'], [1n, 'a', 4n, 'z'],
        [2n, 'b', 3n, 'y'], [2n, 'b', 3n, 'y2'], [2n, 'b', 4n, 'z'], [2n, 'b2', 3n, 'y'], [2n, 'b2', 3n, 'y2'], [2n, 'b2', 4n, 'z'],
        [3n, 'c', 4n, 'z'],
      ]),
    );
  });
  it('cross join and empty sides', () => {
    const a = rel([['x', 'int64']], [[1n], [2n]]);
    const b = rel([['y', 'utf8']], [['p'], ['q'], ['r']]);
    expect(run(Join.create(a, b, 'cross', null)).length).toBe(6);
    const empty = rel([['y', 'utf8']], []);
    expect(run(Join.create(a, empty, 'cross', null))).toEqual([]);
    expect(run(Join.create(a, empty, 'left', call('eq', call('to_text', col(0)), col(1))))).toEqual([[1n, null], [2n, null]]);
    expect(run(Join.create(a, empty, 'anti', call('eq', call('to_text', col(0)), col(1))))).toEqual([[1n], [2n]]);
  });
  it('multi-column keys with strings and big ints', () => {
    const big = 9007199254740993n;
    const l = rel([['k1', 'int64'], ['k2', 'utf8']], [[big, '😀'], [big - 1n, '😀'], [big, 'x']]);
    const r = rel([['k1', 'int64'], ['k2', 'utf8'], ['v', 'int64']], [[big, '😀', 1n], [big, 'x', 2n], [big - 1n, 'x', 3n]]);
    const cond = call('and', call('eq', col(0), col(2)), call('eq', col(1), col(3)));
    expect(sorted(run(Join.create(l, r, 'inner', cond)))).toEqual(sorted([[big, '😀', big, '😀', 1n], [big, 'x', big, 'x', 2n]]));
  });
  it('int64 keys join float64 keys by value', () => {
    const l = rel([['i', 'int64']], [[1n], [2n], [3n]]);
    const r = rel([['f', 'float64']], [[2], [2.5], [3], [null]]);
    expect(sorted(run(Join.create(l, r, 'inner', call('eq', col(0), col(1)))))).toEqual(sorted([[2n, 2], [3n, 3]]));
  });
  it('sparse int64 keys (hash table path) give the same answers as dense ones (direct index path)', () => {
    const scale = (r: ReturnType<typeof rel>): ReturnType<typeof rel> =>
      Project.create(r, [{ expr: call('mul', col(0), lit(1_000_000_000_007n)), name: 'k' }, { expr: col(1), name: 'v' }]);
    for (const kind of ['inner', 'left', 'right', 'full', 'semi', 'anti'] as const) {
      const dense = both(Join.create(left, right, kind, onId));
      const sparse = both(Join.create(scale(left), scale(right), kind, onId));
      const unscale = (rows: string[]): string[] => rows.map((r) => r.replace(/"(-?\d+)n"/g, (_m, d: string) => `"${BigInt(d) % 1_000_000_000_007n === 0n ? BigInt(d) / 1_000_000_000_007n : d}n"`)).sort();
      expect(unscale(sparse)).toEqual(dense);
    }
  });
  it('a project or aggregate above a join materialises only the columns it reads', () => {
    const full = Join.create(left, right, 'full', onId);
    const p = Project.create(full, [{ expr: col(3), name: 'val' }, { expr: col(1), name: 'name' }]);
    expect(sorted(run(p, { batchSize: 2 }))).toEqual(
      sorted([[null, 'a'], ['x', 'b'], ['x', 'b2'], ['y', 'c'], ['y2', 'c'], [null, 'n'], ['z', null], ['rn', null]]),
    );
    const a = Aggregate.create(Join.create(left, right, 'left', onId), [{ expr: col(1), name: 'name' }], [agg('count', [col(3)], 'n')]);
    expect(sorted(run(a))).toEqual(sorted([['a', 0n], ['b', 1n], ['b2', 1n], ['c', 2n], ['n', 0n]]));
  });
});
