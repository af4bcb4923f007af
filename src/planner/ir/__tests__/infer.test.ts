import { describe, expect, it } from 'vitest';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { agg, call, callAt, caseWhen, cast, col, gt, inList, lit, param } from '../expr-builders.js';
import { inferAggregate, inferExpr, inferWindow } from '../infer.js';
import { invoices } from './fixtures.js';

const errorOf = (f: () => unknown): PyralogError => {
  try {
    f();
  } catch (e) {
    if (e instanceof PyralogError) return e;
    throw e;
  }
  throw new Error('expected an error');
};

describe('inferExpr', () => {
  it('types columns, literals and params', () => {
    expect(inferExpr(col(2), invoices)).toEqual({ type: 'float64', nullable: true });
    expect(inferExpr(lit(5n), invoices)).toEqual({ type: 'int64', nullable: false });
    expect(inferExpr(lit(null), invoices)).toEqual({ type: 'null', nullable: true });
    expect(inferExpr(param('min', 'float64'), invoices)).toEqual({ type: 'float64', nullable: true });
  });

  it('types nested calls, case, cast and in-lists', () => {
    expect(inferExpr(gt(call('mul', col(0), lit(2n)), col(2)), invoices)).toEqual({ type: 'bool', nullable: true });
    expect(inferExpr(caseWhen([[gt(col(0), lit(1n)), lit(1n)]], lit(2.5)), invoices)).toEqual({ type: 'float64', nullable: false });
    expect(inferExpr(caseWhen([[gt(col(0), lit(1n)), lit('a')]]), invoices)).toEqual({ type: 'utf8', nullable: true });
    expect(inferExpr(cast(col(0), 'utf8'), invoices)).toEqual({ type: 'utf8', nullable: false });
    expect(inferExpr(inList(col(3), [lit('Paris'), lit('Oslo')]), invoices)).toEqual({ type: 'bool', nullable: true });
    expect(inferExpr(call('year', col(4)), invoices)).toEqual({ type: 'int64', nullable: false });
  });

  it('reports COLUMN_OUT_OF_RANGE with the span', () => {
    const e = errorOf(() => inferExpr(col(9, 'ghost', { line: 1, column: 4 }), invoices));
    expect(e.code).toBe('COLUMN_OUT_OF_RANGE');
    expect(e.message).toBe('column #9 (ghost) does not exist: the input has 5 column(s)');
    expect(e.spans).toEqual([{ line: 1, column: 4 }]);
  });

  it('reports UNKNOWN_FUNCTION and TYPE_MISMATCH with the call span', () => {
    const span = { line: 2, column: 10 };
    const unknown = errorOf(() => inferExpr(callAt(span, 'frobnicate', col(0)), invoices));
    expect([unknown.code, unknown.spans]).toEqual(['UNKNOWN_FUNCTION', [span]]);
    const mismatch = errorOf(() => inferExpr(callAt(span, 'add', col(3), lit(1n)), invoices));
    expect([mismatch.code, mismatch.spans]).toEqual(['TYPE_MISMATCH', [span]]);
    expect(errorOf(() => inferExpr(cast(col(4), 'bool'), invoices)).message).toBe('cannot cast timestamp to bool');
    expect(errorOf(() => inferExpr(call('date_trunc', lit('week'), col(4)), invoices)).message).toBe("date_trunc: unknown unit 'week'");
    expect(errorOf(() => inferExpr(call('strftime', col(3), col(4)), invoices)).message).toBe('strftime: argument 1 must be a literal');
  });
});

describe('aggregate and window types', () => {
  it('follows the aggregate semantics', () => {
    expect(inferAggregate(agg('count', [], 'n'), invoices, false)).toEqual({ type: 'int64', nullable: false });
    expect(inferAggregate(agg('sum', [col(0)], 's'), invoices, false)).toEqual({ type: 'int64', nullable: true });
    expect(inferAggregate(agg('sum', [col(0)], 's'), invoices, true)).toEqual({ type: 'int64', nullable: false });
    expect(inferAggregate(agg('avg', [col(0)], 'a'), invoices, true)).toEqual({ type: 'float64', nullable: false });
    expect(inferAggregate(agg('stddev', [col(2)], 'sd'), invoices, true)).toEqual({ type: 'float64', nullable: true });
    expect(inferAggregate(agg('max', [col(4)], 'm'), invoices, true)).toEqual({ type: 'timestamp', nullable: false });
    expect(inferAggregate(agg('string_agg', [col(3), lit(',')], 'cities'), invoices, true)).toEqual({ type: 'utf8', nullable: true });
    expect(errorOf(() => inferAggregate(agg('sum', [col(3)], 's'), invoices, true)).message).toBe('sum needs a number, got utf8');
  });

  it('types window functions', () => {
    const base = { partitionBy: [col(1)], orderBy: [], frame: null };
    expect(inferWindow({ ...base, fn: 'row_number', args: [], name: 'rn' }, invoices)).toEqual({ type: 'int64', nullable: false });
    expect(inferWindow({ ...base, fn: 'lag', args: [col(2)], name: 'prev' }, invoices)).toEqual({ type: 'float64', nullable: true });
    expect(inferWindow({ ...base, fn: 'sum', args: [col(0)], name: 's' }, invoices)).toEqual({ type: 'int64', nullable: true });
    expect(inferWindow({ ...base, fn: 'count', args: [], name: 'c' }, invoices)).toEqual({ type: 'int64', nullable: false });
  });
});
