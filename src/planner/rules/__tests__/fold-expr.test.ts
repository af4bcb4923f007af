/**
 * Constant folding compares literals in the one value order
 * (types/value-order.ts), exactly as the executor would: int64 against
 * float64 without rounding, NaN equal to itself and above every number,
 * −0 = 0, text by code point. Every fold is checked against the executor.
 */
import { describe, expect, it } from 'vitest';
import { call, lit } from '../../ir/expr-builders.js';
import type { Expr } from '../../ir/expr.js';
import { simplifyExpr } from '../fold-expr.js';
import type { Schema } from '../../../types/schema.js';
import type { Scalar } from '../../../types/data-type.js';
import { compileExpr } from '../../../engine/exec/expr/compile-expr.js';
import { getScalar } from '../../../engine/exec/column.js';

const EMPTY: Schema = { fields: [] };
const CMP = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;

/** The executor's answer for a literal-only expression. */
function executed(e: Expr): Scalar {
  const compiled = compileExpr(e, [], { params: {} });
  return getScalar(compiled.eval({ columns: [], length: 1, sel: null }), 0);
}

const PAIRS: [Expr, Expr][] = [
  [lit(9007199254740993n, 'int64'), lit(9007199254740992, 'float64')],
  [lit(9007199254740992n, 'int64'), lit(9007199254740992, 'float64')],
  [lit(-9223372036854775808n, 'int64'), lit(-9223372036854775808, 'float64')],
  [lit(9223372036854775807n, 'int64'), lit(9223372036854775808, 'float64')],
  [lit(NaN, 'float64'), lit(NaN, 'float64')],
  [lit(NaN, 'float64'), lit(Infinity, 'float64')],
  [lit(5n, 'int64'), lit(NaN, 'float64')],
  [lit(-0, 'float64'), lit(0, 'float64')],
  [lit('\u{1F600}', 'utf8'), lit('\uFFFD', 'utf8')],
  [lit(false), lit(true)],
];

describe('fold-expr comparisons', () => {
  it.each(PAIRS.map((p, i) => [i, p] as const))('pair %i folds to the executor answer for every comparison', (_i, [x, y]) => {
    for (const fn of CMP) {
      const e = call(fn, x, y);
      const folded = simplifyExpr(e, EMPTY);
      expect(folded.kind, `${fn} folds`).toBe('literal');
      expect((folded as { value: Scalar }).value, fn).toBe(executed(e));
    }
  });

  it('int64 2^53 + 1 is not the float 2^53', () => {
    const folded = simplifyExpr(call('eq', lit(9007199254740993n, 'int64'), lit(9007199254740992, 'float64')), EMPTY);
    expect(folded).toMatchObject({ kind: 'literal', value: false });
  });
});
