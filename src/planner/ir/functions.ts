/**
 * The function registry: the type of every scalar function of the shared
 * vocabulary (.helpers/functions.md), its arity, and how NULL flows through
 * it. `call` nodes name these functions; the executor implements them.
 * Implicit coercions: int64 widens to float64, the 'null' type fits anything.
 */
import type { SourceSpan } from '../../errors/pyralog-error.js';
import type { DataType } from '../../types/data-type.js';
import { planError } from './plan-error.js';
import { comparable, unifyAll, type TypeInfo } from './type-rules.js';
import { jsonObjectResult } from './functions-json.js';

export interface FunctionDef {
  readonly name: string;
  readonly minArgs: number;
  /** `Infinity` for n-ary functions (coalesce, concat). */
  readonly maxArgs: number;
  /** Indices of arguments that must be literals (date units, strftime formats, string_agg separators). */
  readonly literalArgs: readonly number[];
  /** NULL in any argument gives NULL out (the executor may short-circuit). */
  readonly nullPropagating: boolean;
  /** Same arguments, same result (false only for functions the optimizer must not fold). */
  readonly deterministic: boolean;
  /** Result type for these argument types; throws TYPE_MISMATCH (with `span`) on a bad argument. */
  returnType(args: readonly TypeInfo[], span?: SourceSpan): TypeInfo;
}

/**
 * How the result's nullability follows from the arguments': 'propagate' (NULL
 * in, NULL out), 'some' (may be NULL when an argument may be, but not always:
 * three-valued and/or), 'always', 'never', 'all' (NULL only if every argument is).
 */
type Nullability = 'propagate' | 'some' | 'always' | 'never' | 'all';

type ArgCheck = (t: DataType) => boolean;
const NUMERIC: ArgCheck = (t) => t === 'int64' || t === 'float64' || t === 'null';
const INT: ArgCheck = (t) => t === 'int64' || t === 'null';
const TEXT: ArgCheck = (t) => t === 'utf8' || t === 'null';
const BOOL: ArgCheck = (t) => t === 'bool' || t === 'null';
const TEMPORAL: ArgCheck = (t) => t === 'date' || t === 'timestamp' || t === 'null';
const INTERVAL: ArgCheck = (t) => t === 'interval' || t === 'null';
const ANY: ArgCheck = () => true;

const CHECK_NAMES = new Map<ArgCheck, string>([
  [NUMERIC, 'a number (int64 or float64)'],
  [INT, 'an int64'],
  [TEXT, 'text (utf8)'],
  [BOOL, 'a bool'],
  [TEMPORAL, 'a date or timestamp'],
  [INTERVAL, 'an interval'],
  [ANY, 'any value'],
]);

interface Spec {
  readonly min: number;
  readonly max: number;
  /** Check per argument position; the last one repeats for n-ary functions. */
  readonly args: readonly ArgCheck[];
  /** Result type from the (already checked) argument types; may throw via `fail`. */
  readonly result: (types: readonly DataType[], fail: (message: string) => never) => DataType;
  readonly nulls: Nullability;
  readonly literalArgs?: readonly number[];
  readonly deterministic?: boolean;
}

const fixed = (t: DataType) => (): DataType => t;
/** int64 when every argument is int64 (or null), float64 when any is float64. */
const numericResult = (types: readonly DataType[]): DataType => {
  const u = unifyAll(types);
  return u === null || u === 'null' ? (types.includes('float64') ? 'float64' : 'int64') : u;
};
const firstArgType = (types: readonly DataType[]): DataType => types[0] ?? 'null';

const arith = (): Spec => ({ min: 2, max: 2, args: [NUMERIC, NUMERIC], result: numericResult, nulls: 'propagate' });

const isTemporalOrInterval = (t: DataType): boolean => t === 'date' || t === 'timestamp' || t === 'interval';
/**
 * add/sub: numbers as `arith`, plus calendar arithmetic — date ± int64 days,
 * date/timestamp ± interval, interval ± interval, timestamp - timestamp
 * (an interval), date - date (int64 days).
 */
const addSub = (fn: 'add' | 'sub'): Spec => ({
  min: 2,
  max: 2,
  args: [ANY, ANY],
  result: (types, fail) => {
    const [a = 'null', b = 'null'] = types;
    if (!isTemporalOrInterval(a) && !isTemporalOrInterval(b)) {
      if (!NUMERIC(a) || !NUMERIC(b)) fail(`argument ${NUMERIC(a) ? 2 : 1} must be a number (int64 or float64), got ${NUMERIC(a) ? b : a}`);
      return numericResult(types);
    }
    const [x, y] = a === 'null' ? [b, b === 'interval' ? 'interval' : 'null'] : [a, b];
    if (x === 'interval' && (y === 'interval' || y === 'null')) return 'interval';
    if ((x === 'date' || x === 'timestamp') && (y === 'interval' || y === 'null')) return x;
    if (x === 'date' && y === 'int64') return 'date';
    if (fn === 'add' && x === 'int64' && y === 'date') return 'date';
    if (fn === 'add' && x === 'interval' && (y === 'date' || y === 'timestamp')) return y;
    if (fn === 'sub' && x === 'timestamp' && y === 'timestamp') return 'interval';
    if (fn === 'sub' && x === 'date' && y === 'date') return 'int64';
    return fail(`cannot ${fn} ${a} and ${b}`);
  },
  nulls: 'propagate',
});
const unaryNumeric: Spec = { min: 1, max: 1, args: [NUMERIC], result: numericResult, nulls: 'propagate' };
const floatMath = (nulls: Nullability): Spec => ({ min: 1, max: 1, args: [NUMERIC], result: fixed('float64'), nulls });
const compare: Spec = {
  min: 2,
  max: 2,
  args: [ANY, ANY],
  result: (types, fail) => {
    const [a = 'null', b = 'null'] = types;
    if (!comparable(a, b)) fail(`cannot compare ${a} with ${b}`);
    return 'bool';
  },
  nulls: 'propagate',
};
const distinctFrom: Spec = { ...compare, nulls: 'never' };
const textToText: Spec = { min: 1, max: 1, args: [TEXT], result: fixed('utf8'), nulls: 'propagate' };
const textPredicate: Spec = { min: 2, max: 2, args: [TEXT, TEXT], result: fixed('bool'), nulls: 'propagate' };
const trimSpec: Spec = { min: 1, max: 2, args: [TEXT, TEXT], result: fixed('utf8'), nulls: 'propagate' };
const padSpec: Spec = { min: 2, max: 3, args: [TEXT, INT, TEXT], result: fixed('utf8'), nulls: 'propagate' };
const datePart: Spec = { min: 1, max: 1, args: [TEMPORAL], result: fixed('int64'), nulls: 'propagate' };
const intervalArith: Spec = {
  min: 2,
  max: 2,
  args: [TEMPORAL, INTERVAL],
  result: (types) => (types[0] === 'null' ? 'timestamp' : firstArgType(types)),
  nulls: 'propagate',
};
const unifyingArgs = (types: readonly DataType[], fail: (message: string) => never): DataType => {
  const u = unifyAll(types);
  if (u === null) fail(`arguments of types ${types.join(', ')} have no common type`);
  return u;
};

const SPECS: Readonly<Record<string, Spec>> = {
  // arithmetic
  add: addSub('add'),
  sub: addSub('sub'),
  mul: arith(),
  div: { min: 2, max: 2, args: [NUMERIC, NUMERIC], result: fixed('float64'), nulls: 'always' },
  div_int: { min: 2, max: 2, args: [NUMERIC, NUMERIC], result: fixed('int64'), nulls: 'always' },
  mod: { min: 2, max: 2, args: [NUMERIC, NUMERIC], result: numericResult, nulls: 'always' },
  neg: unaryNumeric,
  abs: unaryNumeric,
  pow: { min: 2, max: 2, args: [NUMERIC, NUMERIC], result: fixed('float64'), nulls: 'propagate' },
  sqrt: floatMath('always'),
  exp: floatMath('propagate'),
  ln: floatMath('always'),
  log10: floatMath('always'),
  log: { min: 2, max: 2, args: [NUMERIC, NUMERIC], result: fixed('float64'), nulls: 'always' },
  round: { min: 1, max: 2, args: [NUMERIC, INT], result: (t) => numericResult(t.slice(0, 1)), nulls: 'propagate' },
  floor: unaryNumeric,
  ceil: unaryNumeric,
  sign: unaryNumeric,
  pi: { min: 0, max: 0, args: [], result: fixed('float64'), nulls: 'propagate' },
  // comparison
  eq: compare,
  ne: compare,
  lt: compare,
  le: compare,
  gt: compare,
  ge: compare,
  is_null: { min: 1, max: 1, args: [ANY], result: fixed('bool'), nulls: 'never' },
  is_not_null: { min: 1, max: 1, args: [ANY], result: fixed('bool'), nulls: 'never' },
  is_distinct_from: distinctFrom,
  is_not_distinct_from: distinctFrom,
  // logic (three-valued: NULL only when an argument can be NULL)
  and: { min: 2, max: 2, args: [BOOL, BOOL], result: fixed('bool'), nulls: 'some' },
  or: { min: 2, max: 2, args: [BOOL, BOOL], result: fixed('bool'), nulls: 'some' },
  not: { min: 1, max: 1, args: [BOOL], result: fixed('bool'), nulls: 'propagate' },
  // null handling
  coalesce: { min: 1, max: Infinity, args: [ANY], result: unifyingArgs, nulls: 'all' },
  nullif: {
    min: 2,
    max: 2,
    args: [ANY, ANY],
    result: (types, fail) => {
      const [a = 'null', b = 'null'] = types;
      if (!comparable(a, b)) fail(`cannot compare ${a} with ${b}`);
      return a;
    },
    nulls: 'always',
  },
  // text
  concat: { min: 1, max: Infinity, args: [TEXT], result: fixed('utf8'), nulls: 'propagate' },
  lower: textToText,
  upper: textToText,
  length: { min: 1, max: 1, args: [(t) => TEXT(t) || t === 'binary'], result: fixed('int64'), nulls: 'propagate' },
  trim: trimSpec,
  ltrim: trimSpec,
  rtrim: trimSpec,
  substr: { min: 2, max: 3, args: [TEXT, INT, INT], result: fixed('utf8'), nulls: 'propagate' },
  replace: { min: 3, max: 3, args: [TEXT, TEXT, TEXT], result: fixed('utf8'), nulls: 'propagate' },
  like: textPredicate,
  ilike: textPredicate,
  starts_with: textPredicate,
  ends_with: textPredicate,
  contains: textPredicate,
  regexp_match: textPredicate,
  lpad: padSpec,
  rpad: padSpec,
  reverse: textToText,
  to_text: { min: 1, max: 1, args: [ANY], result: fixed('utf8'), nulls: 'propagate' },
  // date/time
  year: datePart,
  month: datePart,
  day: datePart,
  hour: datePart,
  minute: datePart,
  second: datePart,
  day_of_week: datePart,
  date_trunc: {
    min: 2,
    max: 2,
    args: [TEXT, TEMPORAL],
    result: (types) => (types[1] === 'null' ? 'timestamp' : types[1] ?? 'timestamp'),
    nulls: 'propagate',
    literalArgs: [0],
  },
  strftime: { min: 2, max: 2, args: [TEXT, TEMPORAL], result: fixed('utf8'), nulls: 'propagate', literalArgs: [0] },
  add_interval: intervalArith,
  sub_interval: intervalArith,
  date_diff: { min: 3, max: 3, args: [TEXT, TEMPORAL, TEMPORAL], result: fixed('int64'), nulls: 'propagate', literalArgs: [0] },
  // JSON building (functions-json.ts): key literals interleaved with values
  json_object: { min: 0, max: Infinity, args: [ANY], result: jsonObjectResult, nulls: 'never' },
};

const DATE_UNITS = ['year', 'month', 'day', 'hour', 'minute', 'second'] as const;
/** The unit literals accepted by date_trunc and date_diff. */
export const DATE_UNIT_NAMES: readonly string[] = DATE_UNITS;

function toDef(name: string, spec: Spec): FunctionDef {
  return {
    name,
    minArgs: spec.min,
    maxArgs: spec.max,
    literalArgs: spec.literalArgs ?? [],
    nullPropagating: spec.nulls === 'propagate',
    deterministic: spec.deterministic ?? true,
    returnType(args: readonly TypeInfo[], span?: SourceSpan): TypeInfo {
      const fail = (message: string): never => {
        throw planError('TYPE_MISMATCH', `${name}: ${message}`, span);
      };
      if (args.length < spec.min || args.length > spec.max) {
        const expected = spec.min === spec.max ? `${spec.min}` : spec.max === Infinity ? `at least ${spec.min}` : `${spec.min} to ${spec.max}`;
        throw planError('WRONG_ARGUMENT_COUNT', `${name} takes ${expected} argument(s), got ${args.length}`, span);
      }
      args.forEach((arg, i) => {
        const check = spec.args[Math.min(i, spec.args.length - 1)] ?? ANY;
        if (!check(arg.type)) fail(`argument ${i + 1} must be ${CHECK_NAMES.get(check) ?? 'valid'}, got ${arg.type}`);
      });
      const types = args.map((a) => a.type);
      const type = spec.result(types, fail);
      return { type, nullable: resultNullable(spec.nulls, args) };
    },
  };
}

function resultNullable(rule: Nullability, args: readonly TypeInfo[]): boolean {
  const isNullable = (a: TypeInfo): boolean => a.nullable || a.type === 'null';
  switch (rule) {
    case 'propagate':
    case 'some':
      return args.some(isNullable);
    case 'always':
      return true;
    case 'never':
      return false;
    case 'all':
      return args.every(isNullable);
  }
}

const REGISTRY: ReadonlyMap<string, FunctionDef> = new Map(Object.entries(SPECS).map(([name, spec]) => [name, toDef(name, spec)]));

/** The definition of a scalar function, or undefined when the name is not in the vocabulary. */
export function lookupFunction(name: string): FunctionDef | undefined {
  return REGISTRY.get(name);
}

/** Every function name of the vocabulary, sorted. */
export function functionNames(): readonly string[] {
  return [...REGISTRY.keys()].sort();
}
