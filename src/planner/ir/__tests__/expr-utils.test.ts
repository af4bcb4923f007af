import { describe, expect, it } from 'vitest';
import { and, call, caseWhen, cast, col, eq, gt, inList, lit, param } from '../expr-builders.js';
import {
  columnsWithin,
  conjoin,
  conjuncts,
  exprEquals,
  isDeterministic,
  readsColumns,
  referencedColumns,
  remapColumns,
  scalarEquals,
  shiftColumns,
  substituteColumns,
} from '../expr-utils.js';
import { printExpr } from '../print.js';

describe('expression utilities', () => {
  const p = gt(col(2), lit(1n));
  const q = eq(col(0), col(5));
  const r = inList(col(3), [lit('a')]);

  it('splits and joins conjunctions', () => {
    expect(conjuncts(and(p, q, r))).toEqual([p, q, r]);
    expect(conjuncts(and(and(p, q), and(r, p)))).toEqual([p, q, r, p]);
    expect(conjoin([])).toBeNull();
    expect(printExpr(conjoin([p, q, r])!)).toBe("and(and(gt(#2, 1), eq(#0, #5)), in(#3, ['a']))");
  });

  it('finds, shifts, remaps and substitutes columns everywhere in the tree', () => {
    const e = caseWhen([[q, cast(col(7), 'utf8')]], call('concat', col(3), lit('x')));
    expect(referencedColumns(e)).toEqual([0, 3, 5, 7]);
    expect(referencedColumns(shiftColumns(e, 2))).toEqual([2, 5, 7, 9]);
    expect(referencedColumns(remapColumns(e, (i) => 10 - i))).toEqual([3, 5, 7, 10]);
    expect(printExpr(substituteColumns(q, (i) => (i === 0 ? lit(4n) : col(i - 5))))).toBe('eq(4, #0)');
    expect(columnsWithin(e, 0, 8)).toBe(true);
    expect(columnsWithin(e, 0, 7)).toBe(false);
    expect(readsColumns(lit(1n))).toBe(false);
    expect(readsColumns(r)).toBe(true);
  });

  it('compares expressions structurally, ignoring names and spans', () => {
    expect(exprEquals(col(1, 'a'), col(1, 'b', { line: 1, column: 1 }))).toBe(true);
    expect(exprEquals(lit(1n), lit(1.0))).toBe(false);
    expect(exprEquals(and(p, q), and(p, q))).toBe(true);
    expect(exprEquals(and(p, q), and(q, p))).toBe(false);
    expect(exprEquals(inList(col(1), [lit(1n)]), inList(col(1), [lit(1n)], true))).toBe(false);
    expect(exprEquals(param('x', 'int64'), param('x', 'int64'))).toBe(true);
    expect(scalarEquals(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(scalarEquals({ months: 1, nanos: 2n }, { months: 1, nanos: 3n })).toBe(false);
    expect(scalarEquals(Number.NaN, Number.NaN)).toBe(true);
  });

  it('every vocabulary function is deterministic', () => {
    expect(isDeterministic(and(p, call('regexp_match', col(3), lit('^a'))))).toBe(true);
  });
});
