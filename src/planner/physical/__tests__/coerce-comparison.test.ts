import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareValues } from '../../../types/value-order.js';
import { coerceComparison, coerceInList, type CompareOp } from '../coerce-comparison.js';

describe('coerceComparison', () => {
  it('same type: unchanged; NULL never holds; NaN is unusable', () => {
    expect(coerceComparison('>', 5n, 'int64', 'int64')).toEqual({ kind: 'predicate', op: '>', value: 5n });
    expect(coerceComparison('=', 'a', 'utf8', 'utf8')).toEqual({ kind: 'predicate', op: '=', value: 'a' });
    expect(coerceComparison('=', 19000, 'date', 'date')).toEqual({ kind: 'predicate', op: '=', value: 19000 });
    for (const op of ['=', '!=', '<', '<=', '>', '>='] as const) {
      expect(coerceComparison(op, null, 'int64', 'int64')).toEqual({ kind: 'never' });
      expect(coerceComparison(op, null, 'null', 'float64')).toEqual({ kind: 'never' });
    }
    expect(coerceComparison('<', Number.NaN, 'float64', 'float64')).toEqual({ kind: 'unusable' });
  });

  it('a value that does not fit its own type is unusable', () => {
    expect(coerceComparison('=', 'x', 'int64', 'int64')).toEqual({ kind: 'unusable' });
    expect(coerceComparison('=', 1.5, 'date', 'date')).toEqual({ kind: 'unusable' });
  });

  it('int64 value vs float64 column: exact within ±2^53, unusable beyond', () => {
    expect(coerceComparison('>', 5n, 'int64', 'float64')).toEqual({ kind: 'predicate', op: '>', value: 5 });
    expect(coerceComparison('<=', -(2n ** 53n), 'int64', 'float64')).toEqual({ kind: 'predicate', op: '<=', value: -(2 ** 53) });
    expect(coerceComparison('=', 2n ** 53n + 1n, 'int64', 'float64')).toEqual({ kind: 'unusable' });
  });

  it('float64 value vs int64 column: integral values convert, fractions adjust the operator', () => {
    expect(coerceComparison('=', 3, 'float64', 'int64')).toEqual({ kind: 'predicate', op: '=', value: 3n });
    expect(coerceComparison('<', -0, 'float64', 'int64')).toEqual({ kind: 'predicate', op: '<', value: 0n });
    expect(coerceComparison('>', 2.5, 'float64', 'int64')).toEqual({ kind: 'predicate', op: '>=', value: 3n });
    expect(coerceComparison('>=', 2.5, 'float64', 'int64')).toEqual({ kind: 'predicate', op: '>=', value: 3n });
    expect(coerceComparison('<', 2.5, 'float64', 'int64')).toEqual({ kind: 'predicate', op: '<=', value: 2n });
    expect(coerceComparison('<=', -2.5, 'float64', 'int64')).toEqual({ kind: 'predicate', op: '<=', value: -3n });
    expect(coerceComparison('=', 2.5, 'float64', 'int64')).toEqual({ kind: 'never' });
    expect(coerceComparison('!=', 2.5, 'float64', 'int64')).toEqual({ kind: 'unusable' });
  });

  it('float64 value vs int64 column: non-finite or beyond the int64 range is unusable', () => {
    for (const v of [Infinity, -Infinity, Number.NaN, 2 ** 63, -(2 ** 64), 1e300]) {
      expect(coerceComparison('<', v, 'float64', 'int64')).toEqual({ kind: 'unusable' });
    }
    expect(coerceComparison('>=', -(2 ** 63), 'float64', 'int64')).toEqual({ kind: 'predicate', op: '>=', value: -(2n ** 63n) });
  });

  it('other type pairs are unusable', () => {
    expect(coerceComparison('=', 5n, 'int64', 'timestamp')).toEqual({ kind: 'unusable' });
    expect(coerceComparison('=', 5, 'float64', 'date')).toEqual({ kind: 'unusable' });
  });

  it('property: the coerced predicate holds for exactly the int64 values the original comparison holds for', () => {
    const holds = (op: CompareOp, r: number): boolean =>
      op === '=' ? r === 0 : op === '!=' ? r !== 0 : op === '<' ? r < 0 : op === '<=' ? r <= 0 : op === '>' ? r > 0 : r >= 0;
    const ops = fc.constantFrom<CompareOp>('=', '!=', '<', '<=', '>', '>=');
    const floats = fc.oneof(fc.integer({ min: -20, max: 20 }).map((n) => n / 4), fc.double({ noNaN: true }));
    fc.assert(
      fc.property(ops, floats, fc.bigInt({ min: -30n, max: 30n }), (op, v, x) => {
        const c = coerceComparison(op, v, 'float64', 'int64');
        const expected = holds(op, compareValues(x, v));
        if (c.kind === 'never') expect(expected).toBe(false);
        else if (c.kind === 'predicate') expect(holds(c.op, compareValues(x, c.value))).toBe(expected);
      }),
      { numRuns: 400 },
    );
  });
});

describe('coerceInList', () => {
  it('converts items, drops ones that never match, and gives up on unusable ones', () => {
    expect(coerceInList([{ value: 1n, type: 'int64' }, { value: 2.0, type: 'float64' }, { value: 2.5, type: 'float64' }, { value: null, type: 'null' }], 'int64')).toEqual({
      kind: 'values',
      values: [1n, 2n],
    });
    expect(coerceInList([{ value: 2.5, type: 'float64' }, { value: null, type: 'int64' }], 'int64')).toEqual({ kind: 'never' });
    expect(coerceInList([{ value: 1n, type: 'int64' }, { value: Infinity, type: 'float64' }], 'int64')).toEqual({ kind: 'unusable' });
  });
});
