import { describe, expect, it } from 'vitest';
import { Limit, Sort, asc, col, desc } from '../../../planner/ir/index.js';
import { rel, run } from './helpers.js';

const BIG = 9007199254740993n;

describe('sort, top-k and limit', () => {
  const t = rel(
    [['s', 'utf8'], ['n', 'int64'], ['f', 'float64']],
    [
      ['\uFFFD', 3n, 1.5],
      ['😀', BIG, null],
      ['a', null, -1],
      [null, BIG - 1n, 2.5],
      ['B', 3n, NaN],
      ['a', 1n, 0],
    ],
  );

  it('orders strings by code point (astral above U+FFFD), nulls last', () => {
    expect(run(Sort.create(t, [asc(col(0))]), { batchSize: 2 }).map((r) => r[0])).toEqual(['B', 'a', 'a', '\uFFFD', '😀', null]);
  });

  it('desc with nulls first, multi-key, stable', () => {
    const rows = run(Sort.create(t, [desc(col(1)), asc(col(0))]), { batchSize: 4 });
    expect(rows.map((r) => r[1])).toEqual([null, BIG, BIG - 1n, 3n, 3n, 1n]);
    expect(rows.slice(3, 5).map((r) => r[0])).toEqual(['B', '\uFFFD']);
  });

  it('floats: NaN sorts above numbers, nulls placed as asked', () => {
    expect(run(Sort.create(t, [asc(col(2), true)])).map((r) => r[2])).toEqual([null, -1, 0, 1.5, 2.5, NaN]);
  });

  it('top-k equals sort then limit/offset, across many batches', () => {
    const rows = Array.from({ length: 500 }, (_, i) => [BigInt((i * 7919) % 503), `r${i}`]);
    const big = rel([['k', 'int64'], ['v', 'utf8']], rows);
    const full = run(Sort.create(big, [desc(col(0)), asc(col(1))]));
    for (const [offset, limit] of [[0, 1], [0, 10], [5, 20], [490, 50], [0, 600]] as const) {
      const top = run(Limit.create(Sort.create(big, [desc(col(0)), asc(col(1))]), offset, limit), { batchSize: 3 });
      expect(top).toEqual(full.slice(offset, offset + limit));
    }
  });

  it('limit stops early and offset skips across batches', () => {
    const nums = rel([['x', 'int64']], Array.from({ length: 20 }, (_, i) => [BigInt(i)]));
    expect(run(Limit.create(nums, 4, 5), { batchSize: 3 }).map((r) => r[0])).toEqual([4n, 5n, 6n, 7n, 8n]);
    expect(run(Limit.create(nums, 18, null), { batchSize: 3 }).map((r) => r[0])).toEqual([18n, 19n]);
    expect(run(Limit.create(nums, 0, 0))).toEqual([]);
    expect(run(Sort.create(rel([['x', 'int64']], []), [asc(col(0))]))).toEqual([]);
  });
});
