/**
 * Small constructors for IR expressions, for front ends, rules and tests:
 * `col(2, 'total')`, `lit(10n)`, `call('gt', a, b)`, `and(p, q, r)`.
 * They build nodes only; types are checked when a Rel constructor uses them.
 */
import type { SourceSpan } from '../../errors/pyralog-error.js';
import type { DataType, Scalar } from '../../types/data-type.js';
import type {
  AggregateCall,
  AggregateFn,
  CallExpr,
  CaseExpr,
  CastExpr,
  ColumnExpr,
  Expr,
  InListExpr,
  LiteralExpr,
  NamedExpr,
  ParamExpr,
  SortKey,
} from './expr.js';
import { planError } from './plan-error.js';
import { typeOfValue, valueFitsType } from './type-rules.js';

/** Column reference by position; the name is for printing only. */
export function col(index: number, name?: string, span?: SourceSpan): ColumnExpr {
  return { kind: 'column', index, ...(name !== undefined ? { name } : {}), ...(span !== undefined ? { span } : {}) };
}

/**
 * A literal. The type is inferred from the JS value (bigint -> int64,
 * number -> float64, string -> utf8, boolean -> bool, Uint8Array -> binary,
 * {months, nanos} -> interval, null -> the null type) unless given; dates and
 * timestamps need the explicit type.
 */
export function lit(value: Scalar, type?: DataType, span?: SourceSpan): LiteralExpr {
  const t = type ?? typeOfValue(value);
  if (!valueFitsType(value, t)) throw planError('TYPE_MISMATCH', `literal ${String(value)} is not a valid ${t}`, span);
  return { kind: 'literal', value, type: t, ...(span !== undefined ? { span } : {}) };
}

export function param(name: string, type: DataType, span?: SourceSpan): ParamExpr {
  return { kind: 'param', name, type, ...(span !== undefined ? { span } : {}) };
}

export function call(fn: string, ...args: Expr[]): CallExpr {
  return { kind: 'call', fn, args };
}

/** A call carrying a source span. */
export function callAt(span: SourceSpan | undefined, fn: string, ...args: Expr[]): CallExpr {
  return { kind: 'call', fn, args, ...(span !== undefined ? { span } : {}) };
}

/** Conjunction of any number of predicates as nested binary `and` calls (no predicates: `true`). */
export function and(...preds: Expr[]): Expr {
  return foldBinary('and', preds, true);
}

/** Disjunction as nested binary `or` calls (no predicates: `false`). */
export function or(...preds: Expr[]): Expr {
  return foldBinary('or', preds, false);
}

function foldBinary(fn: 'and' | 'or', preds: readonly Expr[], empty: boolean): Expr {
  const [first, ...rest] = preds;
  if (first === undefined) return lit(empty);
  return rest.reduce<Expr>((acc, p) => call(fn, acc, p), first);
}

export const not = (x: Expr): CallExpr => call('not', x);
export const eq = (a: Expr, b: Expr): CallExpr => call('eq', a, b);
export const ne = (a: Expr, b: Expr): CallExpr => call('ne', a, b);
export const lt = (a: Expr, b: Expr): CallExpr => call('lt', a, b);
export const le = (a: Expr, b: Expr): CallExpr => call('le', a, b);
export const gt = (a: Expr, b: Expr): CallExpr => call('gt', a, b);
export const ge = (a: Expr, b: Expr): CallExpr => call('ge', a, b);
export const isNull = (x: Expr): CallExpr => call('is_null', x);
export const isNotNull = (x: Expr): CallExpr => call('is_not_null', x);

export function cast(expr: Expr, to: DataType, span?: SourceSpan): CastExpr {
  return { kind: 'cast', expr, to, ...(span !== undefined ? { span } : {}) };
}

export function caseWhen(whens: readonly (readonly [Expr, Expr])[], otherwise: Expr | null = null): CaseExpr {
  return { kind: 'case', whens: whens.map(([when, then]) => ({ when, then })), otherwise };
}

export function inList(expr: Expr, list: readonly Expr[], negated = false): InListExpr {
  return { kind: 'in_list', expr, list, negated };
}

/** A named projection item / group key. */
export function named(expr: Expr, name: string): NamedExpr {
  return { expr, name };
}

/** Ascending sort key, nulls last (the SQL default). */
export function asc(expr: Expr, nullsFirst = false): SortKey {
  return { expr, descending: false, nullsFirst };
}

/** Descending sort key, nulls first (the SQL default). */
export function desc(expr: Expr, nullsFirst = true): SortKey {
  return { expr, descending: true, nullsFirst };
}

/** An aggregate call: `agg('sum', [col(1)], 'total')`. */
export function agg(
  fn: AggregateFn,
  args: readonly Expr[],
  name: string,
  options: { distinct?: boolean; filter?: Expr | null; span?: SourceSpan } = {},
): AggregateCall {
  return {
    fn,
    args,
    distinct: options.distinct ?? false,
    filter: options.filter ?? null,
    name,
    ...(options.span !== undefined ? { span: options.span } : {}),
  };
}
