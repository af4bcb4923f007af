import { describe, expect, it } from 'vitest';
import { Distinct, SetOp } from '../../../planner/ir/index.js';
import type { SetOpKind } from '../../../planner/ir/rel.js';
import type { Scalar } from '../../../types/data-type.js';
import { rel, run } from './helpers.js';

const a = rel([['x', 'int64'], ['s', 'utf8']], [[1n, 'a'], [1n, 'a'], [1n, 'a'], [2n, 'b'], [null, null], [null, null], [3n, 'c']]);
const b = rel([['x', 'int64'], ['s', 'utf8']], [[1n, 'a'], [1n, 'a'], [null, null], [4n, 'd'], [4n, 'd']]);

const key = (r: Scalar[]): string => r.map((v) => String(v)).join('|');
const sorted = (rows: Scalar[][]): string[] => rows.map(key).sort();
const op = (kind: SetOpKind): string[] => sorted(run(SetOp.create(kind, a, b), { batchSize: 2 }));

describe('distinct and set operations (duplicates and NULLs)', () => {
  it('distinct keeps first occurrences and treats NULLs as equal', () => {
    expect(run(Distinct.create(a), { batchSize: 3 })).toEqual([[1n, 'a'], [2n, 'b'], [null, null], [3n, 'c']]);
  });
  it('union all keeps every row', () => {
    expect(op('union_all').length).toBe(12);
  });
  it('union', () => {
    expect(op('union')).toEqual(sorted([[1n, 'a'], [2n, 'b'], [null, null], [3n, 'c'], [4n, 'd']]));
  });
  it('intersect and intersect all', () => {
    expect(op('intersect')).toEqual(sorted([[1n, 'a'], [null, null]]));
    expect(op('intersect_all')).toEqual(sorted([[1n, 'a'], [1n, 'a'], [null, null]]));
  });
  it('except and except all', () => {
    expect(op('except')).toEqual(sorted([[2n, 'b'], [3n, 'c']]));
    expect(op('except_all')).toEqual(sorted([[1n, 'a'], [2n, 'b'], [null, null], [3n, 'c']]));
  });
  it('unifies int64 with float64 columns', () => {
    const i = rel([['x', 'int64']], [[1n], [2n]]);
    const f = rel([['x', 'float64']], [[1], [2.5]]);
    expect(run(SetOp.create('union', i, f))).toEqual([[1], [2], [2.5]]);
  });
});
