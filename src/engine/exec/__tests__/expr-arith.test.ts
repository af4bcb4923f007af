import { describe, expect, it } from 'vitest';
import { call, cast, col, lit } from '../../../planner/ir/index.js';
import { evalExprs, evalOne, rel } from './helpers.js';

const BIG = 9007199254740993n; // 2^53 + 1, not representable as a double

describe('arithmetic kernels', () => {
  it('adds int64 exactly beyond 2^53 and across batch boundaries', () => {
    const input = rel([['a', 'int64'], ['b', 'int64']], [[BIG, 1n], [null, 2n], [-BIG, -1n], [5n, null], [10n, 20n]]);
    const [sum, diff, prod] = evalExprs(input, [call('add', col(0), col(1)), call('sub', col(0), col(1)), call('mul', col(0), col(1))], { batchSize: 2 });
    expect(sum).toEqual([BIG + 1n, null, -BIG - 1n, null, 30n]);
    expect(diff).toEqual([BIG - 1n, null, -BIG + 1n, null, -10n]);
    expect(prod).toEqual([BIG, null, BIG, null, 200n]);
  });

  it('raises NUMERIC_OVERFLOW on int64 overflow', () => {
    const input = rel([['a', 'int64']], [[9223372036854775807n]]);
    expect(() => evalExprs(input, [call('add', col(0), lit(1n))])).toThrow(expect.objectContaining({ code: 'NUMERIC_OVERFLOW' }));
    expect(() => evalExprs(input, [call('mul', col(0), lit(2n))])).toThrow(expect.objectContaining({ code: 'NUMERIC_OVERFLOW' }));
  });

  it('mixes int64 and float64 as float64', () => {
    const input = rel([['a', 'int64'], ['b', 'float64']], [[3n, 0.5], [null, 1], [2n, null]]);
    const [sum, prod] = evalExprs(input, [call('add', col(0), col(1)), call('mul', col(0), col(1))]);
    expect(sum).toEqual([3.5, null, null]);
    expect(prod).toEqual([1.5, null, null]);
  });

  it('div is float division and division or modulo by zero is NULL', () => {
    const input = rel([['a', 'int64'], ['b', 'int64']], [[7n, 2n], [7n, 0n], [-7n, 2n], [null, 3n]]);
    const [d, di, m] = evalExprs(input, [call('div', col(0), col(1)), call('div_int', col(0), col(1)), call('mod', col(0), col(1))]);
    expect(d).toEqual([3.5, null, -3.5, null]);
    expect(di).toEqual([3n, null, -3n, null]);
    expect(m).toEqual([1n, null, -1n, null]);
    expect(evalOne(call('mod', lit(-7.5), lit(2)))).toBe(-1.5);
    expect(evalOne(call('div', lit(1.5), lit(0)))).toBe(null);
  });

  it('div_int of huge int64 stays exact', () => {
    expect(evalOne(call('div_int', lit(BIG * 3n), lit(3n)))).toBe(BIG);
  });

  it('math functions', () => {
    expect(evalOne(call('neg', lit(BIG)))).toBe(-BIG);
    expect(evalOne(call('abs', lit(-BIG)))).toBe(BIG);
    expect(evalOne(call('abs', lit(-2.5)))).toBe(2.5);
    expect(evalOne(call('pow', lit(2n), lit(10n)))).toBe(1024);
    expect(evalOne(call('sqrt', lit(16)))).toBe(4);
    expect(evalOne(call('sqrt', lit(-1)))).toBe(null);
    expect(evalOne(call('ln', lit(0)))).toBe(null);
    expect(evalOne(call('exp', lit(0)))).toBe(1);
    expect(evalOne(call('log10', lit(1000)))).toBeCloseTo(3, 12);
    expect(evalOne(call('log', lit(2), lit(8)))).toBeCloseTo(3, 12);
    expect(evalOne(call('round', lit(2.5)))).toBe(3);
    expect(evalOne(call('round', lit(-2.5)))).toBe(-3);
    expect(evalOne(call('round', lit(1.005), lit(2n)))).toBe(1.01);
    expect(evalOne(call('round', lit(1250n), lit(-2n)))).toBe(1300n);
    expect(evalOne(call('round', lit(BIG)))).toBe(BIG);
    expect(evalOne(call('floor', lit(-1.5)))).toBe(-2);
    expect(evalOne(call('ceil', lit(-1.5)))).toBe(-1);
    expect(evalOne(call('sign', lit(-3n)))).toBe(-1n);
    expect(evalOne(call('sign', lit(0.5)))).toBe(1);
    expect(evalOne(call('pi'))).toBe(Math.PI);
  });

  it('casts numbers, text and bools', () => {
    expect(evalOne(cast(lit(-2.7), 'int64'))).toBe(-2n);
    expect(evalOne(cast(lit('9007199254740993'), 'int64'))).toBe(BIG);
    expect(evalOne(cast(lit(' 12 '), 'int64'))).toBe(12n);
    expect(evalOne(cast(lit('1.5e3'), 'float64'))).toBe(1500);
    expect(evalOne(cast(lit(BIG), 'utf8'))).toBe('9007199254740993');
    expect(evalOne(cast(lit(true), 'int64'))).toBe(1n);
    expect(evalOne(cast(lit(0n), 'bool'))).toBe(false);
    expect(evalOne(cast(lit('yes'), 'bool'))).toBe(true);
    expect(evalOne(cast(lit(null), 'int64'))).toBe(null);
    const input = rel([['s', 'utf8']], [['12'], ['x1']]);
    expect(() => evalExprs(input, [cast(col(0), 'int64')])).toThrow(expect.objectContaining({ code: 'CAST_FAILED' }));
  });
  it('arithmetic on the null type yields NULL', () => {
    const input = rel([['a', 'int64']], [[1n], [null]]);
    const [sum, prod] = evalExprs(input, [call('add', lit(null), lit(null)), call('mul', col(0), lit(null))]);
    expect(sum).toEqual([null, null]);
    expect(prod).toEqual([null, null]);
  });
});
