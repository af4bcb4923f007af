import { describe, expect, it } from 'vitest';
import { Window, asc, col, lit } from '../../../planner/ir/index.js';
import type { Expr, FrameBound, WindowCall, WindowFn, WindowFrame } from '../../../planner/ir/expr.js';
import type { Scalar } from '../../../types/data-type.js';
import { rel, run } from './helpers.js';

// rows (g, x) in input order; per partition g ordered by x (nulls last):
// g=1: x = 1 (r3), 2 (r2), 2 (r6), 4 (r0), 7 (r5);  g=2: x = 3 (r4), null (r1)
const t = rel([['g', 'int64'], ['x', 'int64']], [[1n, 4n], [2n, null], [1n, 2n], [1n, 1n], [2n, 3n], [1n, 7n], [1n, 2n]]);

const bound = (kind: FrameBound['kind'], offset?: bigint): FrameBound => (offset === undefined ? { kind } : { kind, offset });
const rows = (s: FrameBound, e: FrameBound): WindowFrame => ({ unit: 'rows', start: s, end: e });

function w(fn: WindowFn, args: Expr[] = [], frame: WindowFrame | null = null, order = true): WindowCall {
  return { fn, args, partitionBy: [col(0)], orderBy: order ? [asc(col(1))] : [], frame, name: fn };
}

function column(call: WindowCall, batchSize = 3): Scalar[] {
  return run(Window.create(t, [call]), { batchSize }).map((r) => r[2] ?? null);
}

describe('window functions (values listed in input row order r0..r6)', () => {
  it('ranking', () => {
    expect(column(w('row_number'))).toEqual([4n, 2n, 2n, 1n, 1n, 5n, 3n]);
    expect(column(w('rank'))).toEqual([4n, 2n, 2n, 1n, 1n, 5n, 2n]);
    expect(column(w('dense_rank'))).toEqual([3n, 2n, 2n, 1n, 1n, 4n, 2n]);
    expect(column(w('percent_rank'))).toEqual([0.75, 1, 0.25, 0, 0, 1, 0.25]);
    expect(column(w('cume_dist'))).toEqual([0.8, 1, 0.6, 0.2, 0.5, 1, 0.6]);
    expect(column(w('ntile', [lit(2n)]))).toEqual([2n, 2n, 1n, 1n, 1n, 2n, 1n]);
  });

  it('lag / lead with offsets and defaults', () => {
    expect(column(w('lag', [col(1)]))).toEqual([2n, 3n, 1n, null, null, 4n, 2n]);
    expect(column(w('lead', [col(1), lit(2n), lit(-1n)]))).toEqual([-1n, -1n, 4n, 2n, -1n, -1n, 7n]);
  });

  it('aggregates over the default frame (RANGE UNBOUNDED PRECEDING .. CURRENT ROW, peers included)', () => {
    expect(column(w('sum', [col(1)]))).toEqual([9n, 3n, 5n, 1n, 3n, 16n, 5n]);
    expect(column(w('count', []))).toEqual([4n, 2n, 3n, 1n, 1n, 5n, 3n]);
    expect(column(w('last_value', [col(1)]))).toEqual([4n, null, 2n, 1n, 3n, 7n, 2n]);
  });

  it('whole-partition frame without ORDER BY', () => {
    expect(column(w('count', [], null, false))).toEqual([5n, 2n, 5n, 5n, 2n, 5n, 5n]);
    expect(column(w('max', [col(1)], null, false))).toEqual([7n, 3n, 7n, 7n, 3n, 7n, 7n]);
  });

  it('sliding ROWS frames: sum, avg, min, max, first_value, nth_value, stddev', () => {
    const around = rows(bound('preceding', 1n), bound('following', 1n));
    expect(column(w('sum', [col(1)], around))).toEqual([13n, 3n, 5n, 3n, 3n, 11n, 8n]);
    const back = rows(bound('preceding', 1n), bound('current_row'));
    expect(column(w('avg', [col(1)], back))).toEqual([3, 3, 1.5, 1, 3, 5.5, 2]);
    expect(column(w('min', [col(1)], back))).toEqual([2n, 3n, 1n, 1n, 3n, 4n, 2n]);
    expect(column(w('max', [col(1)], rows(bound('current_row'), bound('following', 1n))))).toEqual([7n, null, 2n, 2n, 3n, 7n, 4n]);
    expect(column(w('first_value', [col(1)], back))).toEqual([2n, 3n, 1n, 1n, 3n, 4n, 2n]);
    const all = rows(bound('unbounded_preceding'), bound('unbounded_following'));
    expect(column(w('nth_value', [col(1), lit(2n)], all))).toEqual([2n, null, 2n, 2n, null, 2n, 2n]);
    const sd = column(w('stddev', [col(1)], back)) as (number | null)[];
    expect(sd[3]).toBe(null);
    expect(sd[2]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(sd[6]).toBe(0);
    expect(sd[0]).toBeCloseTo(Math.SQRT2, 12);
    expect(sd[5]).toBeCloseTo(Math.sqrt(4.5), 12);
  });

  it('count_distinct over sliding and running frames', () => {
    const back = rows(bound('preceding', 1n), bound('current_row'));
    expect(column(w('count_distinct', [col(1)], back))).toEqual([2n, 1n, 2n, 1n, 1n, 2n, 1n]);
    expect(column(w('count_distinct', [col(1)]))).toEqual([3n, 1n, 2n, 1n, 1n, 4n, 2n]);
  });

  it('RANGE frame with a value offset', () => {
    const frame: WindowFrame = { unit: 'range', start: bound('preceding', 2n), end: bound('current_row') };
    // x=1 -> [1]; x=2 -> keys in [0,2] = 1+2+2; x=4 -> [2,4] = 2+2+4; x=7 -> [5,7] = 7
    expect(column(w('sum', [col(1)], frame))).toEqual([8n, null, 5n, 1n, 3n, 7n, 5n]);
    const fwd: WindowFrame = { unit: 'range', start: bound('current_row'), end: bound('following', 3n) };
    expect(column(w('count', [col(1)], fwd))).toEqual([2n, 0n, 3n, 4n, 1n, 1n, 3n]);
  });

  it('several calls with different orderings keep the input order', () => {
    const plan = Window.create(t, [
      { fn: 'row_number', args: [], partitionBy: [], orderBy: [asc(col(1), true)], frame: null, name: 'rn' },
      { fn: 'sum', args: [col(1)], partitionBy: [], orderBy: [], frame: null, name: 'total' },
    ]);
    expect(run(plan, { batchSize: 2 })).toEqual([
      [1n, 4n, 6n, 19n], [2n, null, 1n, 19n], [1n, 2n, 3n, 19n], [1n, 1n, 2n, 19n], [2n, 3n, 5n, 19n], [1n, 7n, 7n, 19n], [1n, 2n, 4n, 19n],
    ]);
  });

  it('empty input gives no rows', () => {
    expect(run(Window.create(rel([['g', 'int64'], ['x', 'int64']], []), [w('row_number')]))).toEqual([]);
  });
});
