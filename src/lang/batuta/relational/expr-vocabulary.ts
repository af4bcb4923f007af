/**
 * The scalar functions of relational expressions: Batuta names → IR calls.
 * Comparisons chain (`(< a b c)`), arithmetic folds left, `/` is always
 * float64 division, `quot` integer division. Aggregate and window function
 * names are listed here too, for the compiler to route.
 */
import type { SourceSpan } from '../../../errors/pyralog-error.js';
import { and, callAt, lit, or } from '../../../planner/ir/expr-builders.js';
import type { AggregateFn, Expr, WindowFn } from '../../../planner/ir/expr.js';
import { compileError } from '../batuta-error.js';

type Builder = (args: readonly Expr[], span: SourceSpan | undefined) => Expr;

const need = (name: string, min: number, max: number): ((args: readonly Expr[], span: SourceSpan | undefined) => void) => (args, span) => {
  if (args.length < min || args.length > max) {
    throw compileError(`${name} takes ${min === max ? min : max === Infinity ? `at least ${min}` : `${min} to ${max}`} argument(s), got ${args.length}`, span);
  }
};

function chain(fn: string, name: string): Builder {
  return (args, span) => {
    need(name, 2, Infinity)(args, span);
    const pairs: Expr[] = [];
    for (let i = 0; i + 1 < args.length; i++) pairs.push(callAt(span, fn, args[i] as Expr, args[i + 1] as Expr));
    return pairs.length === 1 ? (pairs[0] as Expr) : and(...pairs);
  };
}

function fold(fn: string, name: string, unary?: (x: Expr, span: SourceSpan | undefined) => Expr, empty?: Expr): Builder {
  return (args, span) => {
    if (args.length === 0 && empty !== undefined) return empty;
    need(name, 1, Infinity)(args, span);
    if (args.length === 1) return unary !== undefined ? unary(args[0] as Expr, span) : (args[0] as Expr);
    return args.slice(1).reduce<Expr>((acc, a) => callAt(span, fn, acc, a), args[0] as Expr);
  };
}

function direct(fn: string, name: string, min: number, max: number): Builder {
  return (args, span) => {
    need(name, min, max)(args, span);
    return callAt(span, fn, ...args);
  };
}

export const SCALAR_FUNCTIONS: ReadonlyMap<string, Builder> = new Map<string, Builder>([
  ['=', chain('eq', '=')],
  ['==', chain('eq', '==')],
  ['not=', direct('ne', 'not=', 2, 2)],
  ['<', chain('lt', '<')],
  ['<=', chain('le', '<=')],
  ['>', chain('gt', '>')],
  ['>=', chain('ge', '>=')],
  ['+', fold('add', '+', undefined, lit(0n))],
  ['-', fold('sub', '-', (x, span) => callAt(span, 'neg', x))],
  ['*', fold('mul', '*', undefined, lit(1n))],
  ['/', fold('div', '/', (x, span) => callAt(span, 'div', lit(1), x))],
  ['quot', direct('div_int', 'quot', 2, 2)],
  ['mod', direct('mod', 'mod', 2, 2)],
  ['rem', direct('mod', 'rem', 2, 2)],
  ['and', (args) => and(...args)],
  ['or', (args) => or(...args)],
  ['not', direct('not', 'not', 1, 1)],
  ['nil?', direct('is_null', 'nil?', 1, 1)],
  ['some?', direct('is_not_null', 'some?', 1, 1)],
  ['like', direct('like', 'like', 2, 2)],
  ['coalesce', direct('coalesce', 'coalesce', 1, Infinity)],
  ['upper', direct('upper', 'upper', 1, 1)],
  ['lower', direct('lower', 'lower', 1, 1)],
  ['str/upper', direct('upper', 'str/upper', 1, 1)],
  ['str/lower', direct('lower', 'str/lower', 1, 1)],
  ['length', direct('length', 'length', 1, 1)],
  ['count-chars', direct('length', 'count-chars', 1, 1)],
  ['substr', direct('substr', 'substr', 2, 3)],
  ['trim', direct('trim', 'trim', 1, 1)],
  ['str/trim', direct('trim', 'str/trim', 1, 1)],
  ['replace', direct('replace', 'replace', 3, 3)],
  ['str/replace', direct('replace', 'str/replace', 3, 3)],
  ['starts-with?', direct('starts_with', 'starts-with?', 2, 2)],
  ['str/starts-with?', direct('starts_with', 'str/starts-with?', 2, 2)],
  ['ends-with?', direct('ends_with', 'ends-with?', 2, 2)],
  ['str/ends-with?', direct('ends_with', 'str/ends-with?', 2, 2)],
  ['includes?', direct('contains', 'includes?', 2, 2)],
  ['str/includes?', direct('contains', 'str/includes?', 2, 2)],
  ['round', direct('round', 'round', 1, 2)],
  ['abs', direct('abs', 'abs', 1, 1)],
  ['floor', direct('floor', 'floor', 1, 1)],
  ['ceil', direct('ceil', 'ceil', 1, 1)],
  ['sqrt', direct('sqrt', 'sqrt', 1, 1)],
  ['pow', direct('pow', 'pow', 2, 2)],
  ['year', direct('year', 'year', 1, 1)],
  ['month', direct('month', 'month', 1, 1)],
  ['day', direct('day', 'day', 1, 1)],
  ['hour', direct('hour', 'hour', 1, 1)],
  ['minute', direct('minute', 'minute', 1, 1)],
  ['second', direct('second', 'second', 1, 1)],
]);

export const AGGREGATES: ReadonlyMap<string, AggregateFn> = new Map<string, AggregateFn>([
  ['count', 'count'],
  ['count-distinct', 'count_distinct'],
  ['sum', 'sum'],
  ['avg', 'avg'],
  ['min', 'min'],
  ['max', 'max'],
]);

export const WINDOW_FUNCTIONS: ReadonlyMap<string, WindowFn> = new Map<string, WindowFn>([
  ['row-number', 'row_number'],
  ['rank', 'rank'],
  ['dense-rank', 'dense_rank'],
  ['lag', 'lag'],
  ['lead', 'lead'],
  ['first-value', 'first_value'],
  ['last-value', 'last_value'],
]);
