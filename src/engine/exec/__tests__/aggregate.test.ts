import { describe, expect, it } from 'vitest';
import { Aggregate, Filter, Window, agg, call, col, lit } from '../../../planner/ir/index.js';
import { rel, run } from './helpers.js';

const BIG = 9007199254740993n;

describe('hash aggregate', () => {
  const sales = rel(
    [['region', 'utf8'], ['qty', 'int64'], ['price', 'float64']],
    [
      ['north', 1n, 2.0],
      ['south', BIG, 1.0],
      ['north', 3n, null],
      [null, 5n, 4.0],
      ['south', 1n, 3.0],
      ['north', null, 6.0],
      [null, 2n, null],
    ],
  );

  it('groups by a string key (NULL is a group) with every basic aggregate, across batches', () => {
    const plan = Aggregate.create(sales, [{ expr: col(0), name: 'region' }], [
      agg('count', [], 'n'),
      agg('count', [col(1)], 'n_qty'),
      agg('sum', [col(1)], 'sum_qty'),
      agg('avg', [col(2)], 'avg_price'),
      agg('min', [col(2)], 'min_price'),
      agg('max', [col(1)], 'max_qty'),
      agg('first', [col(2)], 'first_price'),
      agg('last', [col(1)], 'last_qty'),
    ]);
    for (const batchSize of [3, 4096]) {
      const rows = run(plan, { batchSize });
      expect(rows).toEqual([
        ['north', 3n, 2n, 4n, 4.0, 2.0, 3n, 2.0, null],
        ['south', 2n, 2n, BIG + 1n, 2.0, 1.0, BIG, 1.0, 1n],
        [null, 2n, 2n, 7n, 4.0, 4.0, 5n, 4.0, 2n],
      ]);
    }
  });

  it('without group keys yields one row even on empty input', () => {
    const empty = Filter.create(sales, lit(false));
    const plan = Aggregate.create(empty, [], [agg('count', [], 'n'), agg('sum', [col(1)], 's'), agg('max', [col(0)], 'm'), agg('string_agg', [col(0), lit(',')], 'sa')]);
    expect(run(plan)).toEqual([[0n, null, null, null]]);
  });

  it('grouped aggregate over empty input yields no rows', () => {
    const plan = Aggregate.create(Filter.create(sales, lit(false)), [{ expr: col(0), name: 'r' }], [agg('count', [], 'n')]);
    expect(run(plan)).toEqual([]);
  });

  it('count distinct, sum distinct, string_agg, FILTER', () => {
    const t = rel([['g', 'int64'], ['v', 'utf8'], ['x', 'int64']], [
      [1n, 'a', 1n], [1n, 'b', 1n], [1n, 'a', 2n], [2n, null, null], [2n, 'c', 5n], [1n, 'b', 2n],
    ]);
    const plan = Aggregate.create(t, [{ expr: col(0), name: 'g' }], [
      agg('count_distinct', [col(1)], 'nd'),
      agg('sum', [col(2)], 'sd', { distinct: true }),
      agg('string_agg', [col(1), lit('|')], 'sa'),
      agg('count', [], 'big', { filter: call('gt', col(2), lit(1n)) }),
      agg('count_distinct', [col(1), col(2)], 'pairs'),
    ]);
    expect(run(plan, { batchSize: 2 })).toEqual([
      [1n, 2n, 3n, 'a|b|a|b', 2n, 4n],
      [2n, 1n, 5n, 'c', 1n, 1n],
    ]);
  });

  it('variance family matches a hand computation', () => {
    const t = rel([['x', 'float64']], [[2], [4], [4], [4], [5], [5], [7], [9]]);
    const plan = Aggregate.create(t, [], [
      agg('stddev_pop', [col(0)], 'sp'),
      agg('var_pop', [col(0)], 'vp'),
      agg('variance', [col(0)], 'vs'),
      agg('stddev', [col(0)], 'ss'),
    ]);
    const [row] = run(plan);
    expect(row?.[0]).toBeCloseTo(2, 12);
    expect(row?.[1]).toBeCloseTo(4, 12);
    expect(row?.[2]).toBeCloseTo(32 / 7, 12);
    expect(row?.[3]).toBeCloseTo(Math.sqrt(32 / 7), 12);
    const one = Aggregate.create(rel([['x', 'int64']], [[3n]]), [], [agg('stddev', [col(0)], 's'), agg('var_pop', [col(0)], 'v')]);
    expect(run(one)).toEqual([[null, 0]]);
  });

  it('any / every ignore NULLs', () => {
    const t = rel([['g', 'int64'], ['b', 'bool']], [[1n, true], [1n, false], [2n, true], [2n, null], [3n, null]]);
    const plan = Aggregate.create(t, [{ expr: col(0), name: 'g' }], [agg('any', [col(1)], 'a'), agg('every', [col(1)], 'e')]);
    expect(run(plan)).toEqual([[1n, true, false], [2n, true, true], [3n, null, null]]);
  });

  it('sums int64 exactly and detects overflow', () => {
    const t = rel([['x', 'int64']], [[9223372036854775807n], [-1n], [1n]]);
    expect(run(Aggregate.create(t, [], [agg('sum', [col(0)], 's')]))).toEqual([[9223372036854775807n]]);
    const over = rel([['x', 'int64']], [[9223372036854775807n], [1n]]);
    expect(() => run(Aggregate.create(over, [], [agg('sum', [col(0)], 's')]))).toThrow(expect.objectContaining({ code: 'NUMERIC_OVERFLOW' }));
    const many = rel([['x', 'int64']], Array.from({ length: 100 }, (_, i) => [BIG + BigInt(i)]));
    const sum = BIG * 100n + 4950n;
    expect(run(Aggregate.create(many, [], [agg('sum', [col(0)], 's'), agg('avg', [col(0)], 'a')]), { batchSize: 7 })).toEqual([
      [sum, Number((sum << 20n) / 100n) / 2 ** 20],
    ]);
  });

  it('averages int64 from the exact sum (not the sum rounded to a double first), also in windows', () => {
    // found by the DuckDB differential test: (2^53 + 1 + 2 - 2) / 3 is exactly 3002399751580331
    const t = rel([['x', 'int64']], [[9007199254740993n], [2n], [-2n]]);
    expect(run(Aggregate.create(t, [], [agg('avg', [col(0)], 'a')]))).toEqual([[3002399751580331]]);
    const whole = Window.create(t, [{ fn: 'avg', args: [col(0)], partitionBy: [], orderBy: [], frame: null, name: 'a' }]);
    expect(run(whole).map((r) => r[1])).toEqual([3002399751580331, 3002399751580331, 3002399751580331]);
    // a sliding frame (rows 2 preceding .. current): 2^53 + 1, (2^53 + 3) / 2, (2^53 + 1) / 3
    const frame = { unit: 'rows', start: { kind: 'preceding', offset: 2n }, end: { kind: 'current_row' } } as const;
    const sliding = Window.create(t, [{ fn: 'avg', args: [col(0)], partitionBy: [], orderBy: [], frame, name: 'a' }]);
    expect(run(sliding).map((r) => r[1])).toEqual([9007199254740992, 4503599627370497.5, 3002399751580331]);
  });

  it('groups by two keys including int64 beyond 2^53 and float -0/0', () => {
    const t = rel([['a', 'int64'], ['b', 'float64']], [[BIG, 0], [BIG - 1n, 0], [BIG, -0], [BIG, 1], [null, null], [null, null]]);
    const plan = Aggregate.create(t, [{ expr: col(0), name: 'a' }, { expr: col(1), name: 'b' }], [agg('count', [], 'n')]);
    expect(run(plan, { batchSize: 3 })).toEqual([[BIG, 0, 2n], [BIG - 1n, 0, 1n], [BIG, 1, 1n], [null, null, 2n]]);
  });

  it('many groups force hash table growth', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => [BigInt(i % 1500), BigInt(i)]);
    const t = rel([['k', 'int64'], ['v', 'int64']], rows);
    const out = run(Aggregate.create(t, [{ expr: col(0), name: 'k' }], [agg('count', [], 'n'), agg('sum', [col(1)], 's')]), { batchSize: 1000 });
    expect(out.length).toBe(1500);
    const k7 = out.find((r) => r[0] === 7n);
    expect(k7).toEqual([7n, 4n, 7n + 1507n + 3007n + 4507n]);
  });
});
