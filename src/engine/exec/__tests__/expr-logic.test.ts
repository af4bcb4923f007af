import { describe, expect, it } from 'vitest';
import { call, caseWhen, col, inList, lit, param } from '../../../planner/ir/index.js';
import { Join, Project } from '../../../planner/ir/index.js';
import { allocValues, nullColumn } from '../column.js';
import type { Chunk } from '../chunk.js';
import { compileCast } from '../expr/cast.js';
import { evalExprs, evalOne, rel, run } from './helpers.js';

describe('comparison and logic kernels', () => {
  it('three-valued AND / OR / NOT over every combination', () => {
    const vals = [true, false, null];
    const rows = vals.flatMap((a) => vals.map((b) => [a, b]));
    const input = rel([['a', 'bool'], ['b', 'bool']], rows);
    const [and, or, notA] = evalExprs(input, [call('and', col(0), col(1)), call('or', col(0), col(1)), call('not', col(0))]);
    expect(and).toEqual([true, false, null, false, false, false, null, false, null]);
    expect(or).toEqual([true, true, true, true, false, null, true, null, null]);
    expect(notA).toEqual([false, false, false, true, true, true, null, null, null]);
  });

  it('compares int64 exactly beyond 2^53, with NULL propagation', () => {
    const a = 9007199254740993n;
    const input = rel([['x', 'int64'], ['y', 'int64']], [[a, a - 1n], [a, a], [-a, a], [null, 1n], [-1n, 1n]]);
    const [lt, eq, gt, ge, ne, le] = evalExprs(input, ['lt', 'eq', 'gt', 'ge', 'ne', 'le'].map((f) => call(f, col(0), col(1))));
    expect(lt).toEqual([false, false, true, null, true]);
    expect(eq).toEqual([false, true, false, null, false]);
    expect(gt).toEqual([true, false, false, null, false]);
    expect(ge).toEqual([true, true, false, null, false]);
    expect(ne).toEqual([true, false, true, null, true]);
    expect(le).toEqual([false, true, true, null, true]);
  });

  it('NaN equals itself and is above every number, float/float and int/float alike (as sorting and compareScalars)', () => {
    const fns = ['lt', 'le', 'eq', 'ne', 'ge', 'gt'];
    const ff = rel([['x', 'float64'], ['y', 'float64']], [[NaN, NaN], [NaN, 1], [1, NaN], [Infinity, NaN], [2, 1], [-0, 0]]);
    const got = evalExprs(ff, fns.map((f) => call(f, col(0), col(1))));
    expect(Object.fromEntries(fns.map((f, j) => [f, got[j]]))).toEqual({
      lt: [false, false, true, true, false, false],
      le: [true, false, true, true, false, true],
      eq: [true, false, false, false, false, true],
      ne: [false, true, true, true, true, false],
      ge: [true, true, false, false, true, true],
      gt: [false, true, false, false, true, false],
    });
    const fi = rel([['x', 'float64'], ['y', 'int64']], [[NaN, 5n], [NaN, 9007199254740993n], [1, 5n]]);
    const mixed = evalExprs(fi, ['eq', 'gt', 'lt'].map((f) => call(f, col(0), col(1))));
    expect(mixed).toEqual([
      [false, false, false],
      [true, true, false],
      [false, false, true],
    ]);
    const fi2 = evalExprs(rel([['y', 'int64'], ['x', 'float64']], [[5n, NaN]]), ['eq', 'lt'].map((f) => call(f, col(0), col(1))));
    expect(fi2).toEqual([[false], [true]]);
  });

  it('compares int64 with float64 numerically, even near 2^53', () => {
    const input = rel([['x', 'int64'], ['y', 'float64']], [[2n, 1.5], [9007199254740993n, 9007199254740992], [3n, 3]]);
    const [gt, eq] = evalExprs(input, [call('gt', col(0), col(1)), call('eq', col(0), col(1))]);
    expect(gt).toEqual([true, true, false]);
    expect(eq).toEqual([false, false, true]);
  });

  it('compares strings by code point, not UTF-16 unit', () => {
    // U+1F600 (astral, surrogates D83D..) is above U+FFFD in code point order
    const input = rel([['x', 'utf8'], ['y', 'utf8']], [['😀', '\uFFFD'], ['a', 'b'], ['ab', 'a']]);
    const [lt] = evalExprs(input, [call('lt', col(0), col(1))]);
    expect(lt).toEqual([false, true, false]);
  });

  it('null tests and IS DISTINCT FROM', () => {
    const input = rel([['x', 'int64'], ['y', 'int64']], [[1n, 1n], [1n, null], [null, null], [1n, 2n]]);
    const [isNull, notNull, distinct, notDistinct] = evalExprs(input, [
      call('is_null', col(1)),
      call('is_not_null', col(1)),
      call('is_distinct_from', col(0), col(1)),
      call('is_not_distinct_from', col(0), col(1)),
    ]);
    expect(isNull).toEqual([false, true, true, false]);
    expect(notNull).toEqual([true, false, false, true]);
    expect(distinct).toEqual([false, true, false, true]);
    expect(notDistinct).toEqual([true, false, true, false]);
  });

  it('coalesce and nullif', () => {
    const input = rel([['x', 'int64'], ['y', 'int64']], [[null, 2n], [1n, 2n], [null, null], [3n, 3n]]);
    const [co, ni, coLit] = evalExprs(input, [call('coalesce', col(0), col(1)), call('nullif', col(0), col(1)), call('coalesce', col(0), col(1), lit(0n))]);
    expect(co).toEqual([2n, 1n, null, 3n]);
    expect(ni).toEqual([null, 1n, null, null]);
    expect(coLit).toEqual([2n, 1n, 0n, 3n]);
  });

  it('CASE evaluates a branch only on the rows that reach it', () => {
    const input = rel([['s', 'utf8']], [['12'], ['abc'], [null]]);
    const expr = caseWhen([[call('regexp_match', col(0), lit('^[0-9]+$')), { kind: 'cast', expr: col(0), to: 'int64' }]], lit(-1n));
    expect(evalExprs(input, [expr])[0]).toEqual([12n, -1n, -1n]);
    // a constant branch that would fail is never folded when no row reaches it
    const never = caseWhen([[lit(false), { kind: 'cast', expr: lit('oops'), to: 'int64' }]], lit(7n));
    expect(evalOne(never)).toBe(7n);
    expect(() => evalOne(caseWhen([[lit(true), { kind: 'cast', expr: lit('oops'), to: 'int64' }]], lit(7n)))).toThrow(
      expect.objectContaining({ code: 'CAST_FAILED' }),
    );
  });

  it('a cast of a NULL-typed column is all NULL in the storage of the target type', () => {
    // a PRQL inline column of only NULLs appended to int64 rows is cast to int64, then hashed as a join key
    for (const to of ['int64', 'timestamp', 'float64', 'date', 'utf8', 'bool'] as const) {
      const inner = { type: 'null' as const, eval: (c: Chunk) => nullColumn('null', c.length) };
      const out = compileCast(inner, to)({ columns: [], length: 3, sel: null });
      expect(out.type).toBe(to);
      expect(out.values.constructor, to).toBe(allocValues(to, 3).constructor);
      expect(Array.from(out.valid ?? [])).toEqual([0, 0, 0]);
    }
    const input = rel([['n', 'null']], [[null], [null]]);
    const joined = Join.create(Project.create(input, [{ expr: { kind: 'cast', expr: col(0), to: 'int64' }, name: 'a' }]), rel([['b', 'int64']], [[1n]]), 'left', call('eq', col(0), col(1)));
    expect(run(joined)).toEqual([[null, null], [null, null]]);
  });

  it('IN lists with three-valued results', () => {
    const input = rel([['x', 'int64']], [[1n], [4n], [null]]);
    const [inA, notIn, inWithNull] = evalExprs(input, [
      inList(col(0), [lit(1n), lit(2n), lit(3n)]),
      inList(col(0), [lit(1n), lit(2n)], true),
      inList(col(0), [lit(1n), lit(null, 'int64')]),
    ]);
    expect(inA).toEqual([true, false, null]);
    expect(notIn).toEqual([false, true, null]);
    expect(inWithNull).toEqual([true, null, null]);
  });

  it('binds parameters and reports a missing one', () => {
    expect(evalOne(call('add', param('x', 'int64'), lit(1n)), { params: { x: 41n } })).toBe(42n);
    expect(() => evalOne(param('y', 'int64'))).toThrow(expect.objectContaining({ code: 'PARAM_MISSING' }));
  });
});
