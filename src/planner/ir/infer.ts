/**
 * Type inference for scalar expressions, aggregate calls and window calls
 * against an input schema. Every error is a PyralogError in the 'plan' phase
 * carrying the span of the offending expression when the front end gave one.
 */
import type { SourceSpan } from '../../errors/pyralog-error.js';
import { assertNever } from '../../errors/pyralog-error.js';
import type { DataType } from '../../types/data-type.js';
import type { Schema } from '../../types/schema.js';
import type { AggregateCall, Expr, WindowCall } from './expr.js';
import { jsonAggResult } from './functions-json.js';
import { DATE_UNIT_NAMES, lookupFunction } from './functions.js';
import { planError } from './plan-error.js';
import { castAllowed, comparable, isOrdered, unifyTypes, valueFitsType, type TypeInfo } from './type-rules.js';

export type { TypeInfo } from './type-rules.js';

const nullish = (t: TypeInfo): boolean => t.nullable || t.type === 'null';

/** The type and nullability of `expr` evaluated over rows of `input`. */
export function inferExpr(expr: Expr, input: Schema): TypeInfo {
  switch (expr.kind) {
    case 'literal':
      if (!valueFitsType(expr.value, expr.type)) {
        throw planError('TYPE_MISMATCH', `literal ${String(expr.value)} is not a valid ${expr.type}`, expr.span);
      }
      return { type: expr.type, nullable: expr.value === null };
    case 'column': {
      const field = input.fields[expr.index];
      if (field === undefined || !Number.isInteger(expr.index) || expr.index < 0) {
        const label = expr.name !== undefined ? ` (${expr.name})` : '';
        throw planError(
          'COLUMN_OUT_OF_RANGE',
          `column #${expr.index}${label} does not exist: the input has ${input.fields.length} column(s)`,
          expr.span,
        );
      }
      return { type: field.type, nullable: field.nullable };
    }
    case 'param':
      return { type: expr.type, nullable: true };
    case 'call': {
      const def = lookupFunction(expr.fn);
      if (def === undefined) throw planError('UNKNOWN_FUNCTION', `unknown function ${expr.fn}`, expr.span);
      const args = expr.args.map((a) => inferExpr(a, input));
      for (const i of def.literalArgs) checkLiteralArg(expr.fn, expr.args[i], i, expr.span);
      return def.returnType(args, expr.span);
    }
    case 'case': {
      if (expr.whens.length === 0) throw planError('TYPE_MISMATCH', 'case needs at least one WHEN', expr.span);
      let type: DataType = 'null';
      let nullable = expr.otherwise === null;
      const branches = [...expr.whens.map((w) => w.then), ...(expr.otherwise === null ? [] : [expr.otherwise])];
      for (const w of expr.whens) expectBool(inferExpr(w.when, input), w.when.span ?? expr.span, 'a WHEN condition');
      for (const b of branches) {
        const t = inferExpr(b, input);
        const u = unifyTypes(type, t.type);
        if (u === null) throw planError('TYPE_MISMATCH', `case branches mix ${type} and ${t.type}`, b.span ?? expr.span);
        type = u;
        nullable = nullable || nullish(t);
      }
      return { type, nullable };
    }
    case 'cast': {
      const from = inferExpr(expr.expr, input);
      if (!castAllowed(from.type, expr.to)) {
        throw planError('TYPE_MISMATCH', `cannot cast ${from.type} to ${expr.to}`, expr.span);
      }
      return { type: expr.to, nullable: nullish(from) };
    }
    case 'in_list': {
      const value = inferExpr(expr.expr, input);
      let nullable = nullish(value);
      for (const item of expr.list) {
        const t = inferExpr(item, input);
        if (!comparable(value.type, t.type)) {
          throw planError('TYPE_MISMATCH', `IN list item of type ${t.type} cannot be compared with ${value.type}`, item.span ?? expr.span);
        }
        nullable = nullable || nullish(t);
      }
      return { type: 'bool', nullable };
    }
    default:
      return assertNever(expr, 'expression kind');
  }
}

function checkLiteralArg(fn: string, arg: Expr | undefined, index: number, span?: SourceSpan): void {
  if (arg === undefined) return;
  if (arg.kind !== 'literal' && arg.kind !== 'param') {
    throw planError('TYPE_MISMATCH', `${fn}: argument ${index + 1} must be a literal`, arg.span ?? span);
  }
  if ((fn === 'date_trunc' || fn === 'date_diff') && arg.kind === 'literal' && !DATE_UNIT_NAMES.includes(String(arg.value))) {
    throw planError('TYPE_MISMATCH', `${fn}: unknown unit '${String(arg.value)}'`, arg.span ?? span, [
      `units: ${DATE_UNIT_NAMES.join(', ')}`,
    ]);
  }
}

/** Throws TYPE_MISMATCH unless `t` is bool (or the null type). */
export function expectBool(t: TypeInfo, span: SourceSpan | undefined, what: string): void {
  if (t.type !== 'bool' && t.type !== 'null') throw planError('TYPE_MISMATCH', `${what} must be bool, got ${t.type}`, span);
}

/**
 * The result type of an aggregate over `input`. `grouped`: the aggregate has
 * group keys, so every group has at least one row (no group keys: one row even
 * for empty input, where sum/min/… are NULL).
 */
export function inferAggregate(call: AggregateCall, input: Schema, grouped: boolean): TypeInfo {
  const args = call.args.map((a) => inferExpr(a, input));
  if (call.filter !== null) expectBool(inferExpr(call.filter, input), call.filter.span ?? call.span, 'an aggregate FILTER');
  // NULL whenever no row reaches the aggregate or every value is NULL.
  const maybeEmpty = !grouped || call.filter !== null || args.some(nullish);
  return aggregateResult(call.fn, args, maybeEmpty, call.span, call.args);
}

function aggregateResult(
  fn: AggregateCall['fn'],
  args: readonly TypeInfo[],
  maybeEmpty: boolean,
  span: SourceSpan | undefined,
  exprs: readonly Expr[],
): TypeInfo {
  const arity = (min: number, max: number): void => {
    if (args.length < min || args.length > max) {
      throw planError('WRONG_ARGUMENT_COUNT', `${fn} takes ${min === max ? min : `${min} to ${max}`} argument(s), got ${args.length}`, span);
    }
  };
  const arg0 = (): TypeInfo => args[0] ?? { type: 'null', nullable: true };
  const numeric = (): DataType => {
    const t = arg0().type;
    if (t !== 'int64' && t !== 'float64' && t !== 'null') throw planError('TYPE_MISMATCH', `${fn} needs a number, got ${t}`, span);
    return t === 'null' ? 'int64' : t;
  };
  switch (fn) {
    case 'count':
      arity(0, 1);
      return { type: 'int64', nullable: false };
    case 'count_distinct':
      arity(1, Infinity);
      return { type: 'int64', nullable: false };
    case 'sum':
      arity(1, 1);
      return { type: numeric(), nullable: maybeEmpty };
    case 'avg':
      arity(1, 1);
      numeric();
      return { type: 'float64', nullable: maybeEmpty };
    case 'stddev_pop':
    case 'var_pop':
      arity(1, 1);
      numeric();
      return { type: 'float64', nullable: maybeEmpty };
    case 'stddev':
    case 'variance':
      arity(1, 1);
      numeric();
      return { type: 'float64', nullable: true };
    case 'min':
    case 'max': {
      arity(1, 1);
      const t = arg0().type;
      if (!isOrdered(t)) throw planError('TYPE_MISMATCH', `${fn} needs an ordered type, got ${t}`, span);
      return { type: t, nullable: maybeEmpty };
    }
    case 'first':
    case 'last':
      arity(1, 1);
      return { type: arg0().type, nullable: maybeEmpty };
    case 'string_agg': {
      arity(2, 2);
      const [value, sep] = args;
      if (value?.type !== 'utf8' && value?.type !== 'null') throw planError('TYPE_MISMATCH', `string_agg needs text, got ${value?.type}`, span);
      if (sep?.type !== 'utf8' || exprs[1]?.kind !== 'literal') {
        throw planError('TYPE_MISMATCH', 'string_agg: the separator must be a text literal', exprs[1]?.span ?? span);
      }
      return { type: 'utf8', nullable: maybeEmpty };
    }
    case 'any':
    case 'every':
      arity(1, 1);
      expectBool(arg0(), span, `the argument of ${fn}`);
      return { type: 'bool', nullable: maybeEmpty };
    case 'json_agg':
      return jsonAggResult(args, span);
    default:
      return assertNever(fn, 'aggregate function');
  }
}

/** The result type of a window call over `input` (aggregates over a frame may see no rows: nullable). */
export function inferWindow(call: WindowCall, input: Schema): TypeInfo {
  const args = call.args.map((a) => inferExpr(a, input));
  for (const p of call.partitionBy) inferExpr(p, input);
  for (const k of call.orderBy) inferExpr(k.expr, input);
  const arity = (min: number, max: number): void => {
    if (args.length < min || args.length > max) {
      throw planError('WRONG_ARGUMENT_COUNT', `${call.fn} takes ${min === max ? min : `${min} to ${max}`} argument(s), got ${args.length}`, call.span);
    }
  };
  const intArg = (i: number): void => {
    const t = args[i];
    if (t !== undefined && t.type !== 'int64') throw planError('TYPE_MISMATCH', `${call.fn}: argument ${i + 1} must be int64, got ${t.type}`, call.span);
  };
  switch (call.fn) {
    case 'row_number':
    case 'rank':
    case 'dense_rank':
      arity(0, 0);
      return { type: 'int64', nullable: false };
    case 'percent_rank':
    case 'cume_dist':
      arity(0, 0);
      return { type: 'float64', nullable: false };
    case 'ntile':
      arity(1, 1);
      intArg(0);
      return { type: 'int64', nullable: false };
    case 'lag':
    case 'lead': {
      arity(1, 3);
      intArg(1);
      const value = args[0] ?? { type: 'null', nullable: true };
      const dflt = args[2];
      const type = dflt === undefined ? value.type : unifyTypes(value.type, dflt.type);
      if (type === null) throw planError('TYPE_MISMATCH', `${call.fn}: default of type ${dflt?.type} does not match ${value.type}`, call.span);
      return { type, nullable: true };
    }
    case 'first_value':
    case 'last_value':
      arity(1, 1);
      return { type: args[0]?.type ?? 'null', nullable: true };
    case 'nth_value':
      arity(2, 2);
      intArg(1);
      return { type: args[0]?.type ?? 'null', nullable: true };
    default: {
      const result = aggregateResult(call.fn, args, true, call.span, call.args);
      return result;
    }
  }
}
