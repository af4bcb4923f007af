/**
 * The result type of an expression over input column types, as the executor
 * sees it (the function vocabulary's typing rules). The planner's inference
 * checks plans; this one only has to agree with it on well-typed plans.
 */
import type { DataType } from '../../../types/data-type.js';
import type { Expr } from '../../../planner/ir/expr.js';
import { PyralogError, assertNever } from '../../../errors/pyralog-error.js';
import { lookupFunction } from '../../../planner/ir/functions.js';
import { unifyTypes } from '../../../planner/ir/type-rules.js';

const BOOL_FNS = new Set([
  'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'is_null', 'is_not_null', 'is_distinct_from', 'is_not_distinct_from',
  'and', 'or', 'not', 'like', 'ilike', 'starts_with', 'ends_with', 'contains', 'regexp_match',
]);
const TEXT_FNS = new Set([
  'concat', 'lower', 'upper', 'trim', 'ltrim', 'rtrim', 'substr', 'replace', 'lpad', 'rpad', 'reverse', 'to_text', 'strftime',
]);
const INT_FNS = new Set(['length', 'year', 'month', 'day', 'hour', 'minute', 'second', 'day_of_week', 'date_diff', 'div_int']);
const FLOAT_FNS = new Set(['div', 'pow', 'sqrt', 'exp', 'ln', 'log10', 'log', 'pi']);
const SAME_FNS = new Set(['neg', 'abs', 'round', 'floor', 'ceil', 'sign']);

/** First argument type that is not 'null' (or 'null'). */
function firstNonNull(types: readonly DataType[]): DataType {
  for (const t of types) if (t !== 'null') return t;
  return 'null';
}

/** The planner's result type when its registry accepts the arguments, else the executor's own rules. */
export function callType(fn: string, argTypes: readonly DataType[]): DataType {
  const def = lookupFunction(fn);
  if (def !== undefined) {
    try {
      return def.returnType(argTypes.map((type) => ({ type, nullable: true }))).type;
    } catch {
      // e.g. temporal arithmetic the planner does not type: fall through
    }
  }
  return ownCallType(fn, argTypes);
}

function ownCallType(fn: string, argTypes: readonly DataType[]): DataType {
  if (BOOL_FNS.has(fn)) return 'bool';
  if (TEXT_FNS.has(fn)) return 'utf8';
  if (INT_FNS.has(fn)) return 'int64';
  if (FLOAT_FNS.has(fn)) return 'float64';
  if (SAME_FNS.has(fn)) return firstNonNull(argTypes.slice(0, 1));
  const [a = 'null', b = 'null'] = argTypes;
  switch (fn) {
    case 'add':
    case 'sub':
    case 'mul': {
      if (a === 'float64' || b === 'float64') return 'float64';
      if (fn === 'sub' && a === 'timestamp' && b === 'timestamp') return 'interval';
      if (fn === 'sub' && a === 'date' && b === 'date') return 'int64';
      if (a === 'date' || a === 'timestamp' || a === 'interval') return a;
      if (b === 'date' || b === 'timestamp' || b === 'interval') return b;
      return a === 'null' && b === 'null' ? 'null' : 'int64';
    }
    case 'mod':
      return a === 'float64' || b === 'float64' ? 'float64' : 'int64';
    case 'coalesce':
      return firstNonNull(argTypes);
    case 'nullif':
      return a;
    case 'date_trunc':
      return b === 'date' ? 'date' : 'timestamp';
    case 'add_interval':
    case 'sub_interval':
      return a;
    default:
      throw new PyralogError('UNKNOWN_FUNCTION', `unknown function '${fn}'`, { phase: 'execute' });
  }
}

export function exprType(expr: Expr, input: readonly DataType[]): DataType {
  switch (expr.kind) {
    case 'literal':
      return expr.type;
    case 'column': {
      const t = input[expr.index];
      if (t === undefined) throw new PyralogError('INTERNAL', `column #${expr.index} out of range`, { phase: 'execute' });
      return t;
    }
    case 'param':
      return expr.type;
    case 'cast':
      return expr.to;
    case 'in_list':
      return 'bool';
    case 'case': {
      const types = expr.whens.map((w) => exprType(w.then, input));
      if (expr.otherwise !== null) types.push(exprType(expr.otherwise, input));
      let t: DataType = 'null';
      for (const u of types) t = unifyTypes(t, u) ?? t;
      return t;
    }
    case 'call':
      return callType(expr.fn, expr.args.map((a) => exprType(a, input)));
    default:
      return assertNever(expr, 'expression');
  }
}
