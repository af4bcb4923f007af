import { describe, expect, it } from 'vitest';
import { Filter, Join, Project, Recursive, RecursiveRef, call, col, lit } from '../../../planner/ir/index.js';
import { rel, run } from './helpers.js';

describe('recursive fixpoint', () => {
  const seed = rel([['n', 'int64']], [[1n]]);
  const ref = RecursiveRef.create('t', seed.schema);

  it('counts 1..10', () => {
    const step = Project.create(Filter.create(ref, call('lt', col(0), lit(10n))), [{ expr: call('add', col(0), lit(1n)), name: 'n' }]);
    const rows = run(Recursive.create('t', seed, step), { batchSize: 3 });
    expect(rows.map((r) => r[0])).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n]);
  });

  it('computes a graph closure, terminating on cycles with UNION semantics', () => {
    const edges = rel([['src', 'utf8'], ['dst', 'utf8']], [['a', 'b'], ['b', 'c'], ['c', 'a'], ['c', 'd'], ['x', 'y']]);
    const start = rel([['node', 'utf8']], [['a']]);
    const reach = RecursiveRef.create('reach', start.schema);
    const step = Project.create(Join.create(reach, edges, 'inner', call('eq', col(0), col(1))), [{ expr: col(2), name: 'node' }]);
    const rows = run(Recursive.create('reach', start, step, true), { batchSize: 2 });
    expect(rows.map((r) => r[0]).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('raises RECURSION_LIMIT when there is no fixpoint', () => {
    const step = Project.create(ref, [{ expr: call('add', col(0), lit(1n)), name: 'n' }]);
    expect(() => run(Recursive.create('t', seed, step), { recursionLimit: 50 })).toThrow(expect.objectContaining({ code: 'RECURSION_LIMIT' }));
  });

  it('an empty base produces nothing', () => {
    const empty = rel([['n', 'int64']], []);
    const step = Project.create(RecursiveRef.create('t', empty.schema), [{ expr: call('add', col(0), lit(1n)), name: 'n' }]);
    expect(run(Recursive.create('t', empty, step))).toEqual([]);
  });
});
