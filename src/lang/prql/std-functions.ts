/**
 * PRQL's `std` scalar operators (as RQ names them: `std.add`, `std.text.lower`,
 * `std.math.round`, …) mapped onto the IR function vocabulary, with the
 * meaning the SQLite/generic SQL that prqlc emits would give them:
 * `== null` is IS NULL, `//` truncates toward zero, `/` is float division,
 * f-strings concatenate text (other values cast to text), PRQL's argument
 * order (`math.round 2 x`, `text.extract 1 3 s`) becomes the IR's.
 * Aggregate and window functions are listed here but lowered by the caller.
 */
import type { ErrorCode } from '../../errors/error-codes.js';
import type { DataType } from '../../types/data-type.js';
import type { Expr } from '../../planner/ir/expr.js';
import type { AggregateFn, WindowFn } from '../../planner/ir/expr.js';
import { call, cast, inList, isNotNull, isNull, lit } from '../../planner/ir/expr-builders.js';

/** Why a std function cannot be lowered (the caller turns it into a PyralogError). */
export class StdFunctionError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The PRQL name of the function, to locate it in the query text. */
    readonly word: string,
  ) {
    super(message);
  }
}

/** An aggregate of PRQL: the IR aggregate, and the value SQL gives it over no rows when prqlc wraps it in COALESCE. */
export interface AggregateSpec {
  readonly fn: AggregateFn;
  /** Inside `aggregate`, prqlc emits COALESCE(agg, this). */
  readonly emptyValue?: Expr;
  /** count ignores its argument (prqlc emits COUNT(*)). */
  readonly countRows?: boolean;
  readonly extraArgs?: readonly Expr[];
}

export const AGGREGATES: Readonly<Record<string, AggregateSpec>> = {
  'std.min': { fn: 'min' },
  'std.max': { fn: 'max' },
  'std.sum': { fn: 'sum', emptyValue: lit(0n) },
  'std.average': { fn: 'avg' },
  'std.stddev': { fn: 'stddev' },
  'std.all': { fn: 'every', emptyValue: lit(true) },
  'std.any': { fn: 'any', emptyValue: lit(false) },
  'std.concat_array': { fn: 'string_agg', emptyValue: lit(''), extraArgs: [lit('')] },
  'std.count': { fn: 'count', countRows: true },
  'std.count_distinct': { fn: 'count_distinct' },
};

/** Window-only functions: the IR window function and how PRQL's arguments map onto its arguments. */
export interface WindowSpec {
  readonly fn: WindowFn;
  /** From PRQL's argument list (e.g. `lag offset column`) to the IR's (`lag(column, offset)`). */
  readonly args: (args: readonly Expr[]) => readonly Expr[];
}

export const WINDOW_FUNCTIONS: Readonly<Record<string, WindowSpec>> = {
  'std.lag': { fn: 'lag', args: ([offset, column]) => [column as Expr, offset as Expr] },
  'std.lead': { fn: 'lead', args: ([offset, column]) => [column as Expr, offset as Expr] },
  'std.first': { fn: 'first_value', args: ([column]) => [column as Expr] },
  'std.last': { fn: 'last_value', args: ([column]) => [column as Expr] },
  'std.rank': { fn: 'rank', args: () => [] },
  'std.rank_dense': { fn: 'dense_rank', args: () => [] },
  'std.row_number': { fn: 'row_number', args: () => [] },
};

/**
 * `table[key]` when `key` is the table's own entry: user text (an `as`
 * target, a function name) must never reach Object.prototype (`constructor`,
 * `__proto__`, `toString`).
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

export function isAggregateOrWindow(name: string): boolean {
  return Object.hasOwn(AGGREGATES, name) || Object.hasOwn(WINDOW_FUNCTIONS, name);
}

const SAME_NAME: Readonly<Record<string, string>> = {
  'std.mul': 'mul',
  'std.div_f': 'div',
  'std.div_i': 'div_int',
  'std.mod': 'mod',
  'std.and': 'and',
  'std.or': 'or',
  'std.not': 'not',
  'std.neg': 'neg',
  'std.coalesce': 'coalesce',
  'std.regex_search': 'regexp_match',
  'std.text.lower': 'lower',
  'std.text.upper': 'upper',
  'std.text.ltrim': 'ltrim',
  'std.text.rtrim': 'rtrim',
  'std.text.trim': 'trim',
  'std.text.length': 'length',
  'std.math.abs': 'abs',
  'std.math.floor': 'floor',
  'std.math.ceil': 'ceil',
  'std.math.pi': 'pi',
  'std.math.exp': 'exp',
  'std.math.ln': 'ln',
  'std.math.log10': 'log10',
  'std.math.sqrt': 'sqrt',
};

const COMPARISONS: Readonly<Record<string, string>> = {
  'std.eq': 'eq',
  'std.ne': 'ne',
  'std.gt': 'gt',
  'std.lt': 'lt',
  'std.gte': 'ge',
  'std.lte': 'le',
};

/** PRQL `as` type names (as SQL spells them) → IR types. */
const CAST_TYPES: Readonly<Record<string, DataType>> = {
  int: 'int64',
  integer: 'int64',
  int64: 'int64',
  bigint: 'int64',
  int8: 'int64',
  float: 'float64',
  float64: 'float64',
  double: 'float64',
  real: 'float64',
  numeric: 'float64',
  decimal: 'float64',
  text: 'utf8',
  string: 'utf8',
  varchar: 'utf8',
  str: 'utf8',
  bool: 'bool',
  boolean: 'bool',
  date: 'date',
  timestamp: 'timestamp',
  datetime: 'timestamp',
};

/** The IR type named by a PRQL `as` target, or undefined. */
export function castTarget(name: string): DataType | undefined {
  return ownEntry(CAST_TYPES, name.trim().toLowerCase());
}

const isNullLiteral = (e: Expr): boolean => e.kind === 'literal' && e.value === null;
const isInterval = (t: DataType): boolean => t === 'interval';

/** A LIKE pattern with `%`/`_` inside cannot be replaced by a plain prefix/suffix test. */
const plainText = (e: Expr): boolean => e.kind === 'literal' && typeof e.value === 'string' && !/[%_]/.test(e.value);

/**
 * The IR expression of the scalar std operator `name` applied to lowered
 * arguments (`types` are their IR types). Throws StdFunctionError for names
 * Pyralog cannot evaluate.
 */
/** `e` cast to `other` when `e` is a text parameter or literal (or an int64 parameter: nanoseconds) and `other` a date or timestamp. */
function temporalOperand(e: Expr, type: DataType | undefined, other: DataType | undefined): Expr | undefined {
  if (other !== 'timestamp' && other !== 'date') return undefined;
  if (type === 'utf8' && (e.kind === 'param' || e.kind === 'literal')) return cast(e, other);
  // a timestamp value is a bigint of nanoseconds: the parameter is bound as one
  if (type === 'int64' && other === 'timestamp' && e.kind === 'param') return { ...e, type: 'timestamp' };
  return undefined;
}

export function lowerStdScalar(name: string, args: readonly Expr[], types: readonly DataType[]): Expr {
  const a = args[0] as Expr;
  const b = args[1] as Expr;
  const c = args[2] as Expr;
  const cmp = ownEntry(COMPARISONS, name);
  if (cmp !== undefined) {
    if (name === 'std.eq' || name === 'std.ne') {
      const other = isNullLiteral(b) ? a : isNullLiteral(a) ? b : undefined;
      if (other !== undefined) return name === 'std.eq' ? isNull(other) : isNotNull(other);
    }
    // A date beside a timestamp compares as midnight of that day.
    if (types[0] === 'timestamp' && types[1] === 'date') return call(cmp, a, cast(b, 'timestamp'));
    if (types[0] === 'date' && types[1] === 'timestamp') return call(cmp, cast(a, 'timestamp'), b);
    // A parameter or string literal beside a date or timestamp is read as one (`invoice_date > $since`
    // with '2010-01-01' from the CLI, or a bigint of nanoseconds from the API), as SQL reads an untyped literal.
    const [x, y] = [temporalOperand(b, types[1], types[0]), temporalOperand(a, types[0], types[1])];
    if (x !== undefined) return call(cmp, a, x);
    if (y !== undefined) return call(cmp, y, b);
    return call(cmp, a, b);
  }
  const same = ownEntry(SAME_NAME, name);
  if (same !== undefined) return call(same, ...args);
  switch (name) {
    case 'std.add':
      if (isInterval(types[1] ?? 'null')) return call('add_interval', a, b);
      if (isInterval(types[0] ?? 'null')) return call('add_interval', b, a);
      return call('add', a, b);
    case 'std.sub':
      if (isInterval(types[1] ?? 'null')) return call('sub_interval', a, b);
      return call('sub', a, b);
    case 'std.concat':
      return call('concat', ...args.map((x, i) => (types[i] === 'utf8' || types[i] === 'null' ? x : call('to_text', x))));
    case 'std.array_in':
      // handled by the caller (its second argument is an RQ array)
      break;
    case 'std.text.extract':
      return call('substr', c, a, b);
    case 'std.text.replace':
      return call('replace', c, a, b);
    case 'std.text.starts_with':
      return plainText(a) ? call('starts_with', b, a) : call('like', b, call('concat', a, lit('%')));
    case 'std.text.ends_with':
      return plainText(a) ? call('ends_with', b, a) : call('like', b, call('concat', lit('%'), a));
    case 'std.text.contains':
      return plainText(a) ? call('contains', b, a) : call('like', b, call('concat', lit('%'), a, lit('%')));
    case 'std.math.round':
      return call('round', b, a);
    case 'std.math.pow':
      return call('pow', b, a);
    case 'std.math.log':
      return call('log', a, b);
    case 'std.math.degrees':
      return call('mul', a, lit(180 / Math.PI));
    case 'std.math.radians':
      return call('mul', a, lit(Math.PI / 180));
    case 'std.date.to_text':
      return call('strftime', a, b);
    default:
      break;
  }
  const short = name.replace(/^std\./, '');
  throw new StdFunctionError('PRQL_UNSUPPORTED', `the PRQL function ${short} is not supported by Pyralog`, short);
}

/** `x in [a, b, c]`. */
export function lowerArrayIn(value: Expr, list: readonly Expr[]): Expr {
  return inList(value, list);
}

/** `value | as type`. */
export function lowerCast(value: Expr, typeName: string): Expr {
  const to = castTarget(typeName);
  if (to === undefined) throw new StdFunctionError('PRQL_UNSUPPORTED', `cannot cast to the type ${typeName}`, typeName);
  return cast(value, to);
}
