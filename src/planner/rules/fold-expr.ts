/**
 * Expression simplification used by the simplify rule and by null-rejection
 * tests: folds calls whose arguments are literals (logic, comparisons,
 * arithmetic, null tests, coalesce) and applies identities (x AND true = x,
 * x OR false = x, NOT NOT x = x, CASE WHEN true). NULL semantics are kept:
 * a null-propagating call with a NULL argument is NULL of its result type,
 * and `and`/`or` follow three-valued logic. Anything it is unsure of (int64
 * overflow, division, text functions) is left for the executor.
 */
import type { DataType, Scalar } from '../../types/data-type.js';
import type { Schema } from '../../types/schema.js';
import type { CallExpr, Expr, LiteralExpr } from '../ir/expr.js';
import { lit } from '../ir/expr-builders.js';
import { exprEquals, mapExpr } from '../ir/expr-utils.js';
import { lookupFunction } from '../ir/functions.js';
import { inferExpr } from '../ir/infer.js';
import { comparableValues, compareValues } from '../../types/value-order.js';

const ARITHMETIC: ReadonlySet<string> = new Set(['add', 'sub', 'mul', 'neg']);
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

const isLit = (e: Expr | undefined): e is LiteralExpr => e?.kind === 'literal';
const isNullLit = (e: Expr | undefined): boolean => isLit(e) && e.value === null;
const isBoolLit = (e: Expr | undefined, v: boolean): boolean => isLit(e) && e.value === v;

/** `e` simplified bottom-up; `input` is the schema it reads (to type folded NULLs). */
export function simplifyExpr(e: Expr, input: Schema): Expr {
  return mapExpr(e, (x) => simplifyNode(x, input));
}

function nullOf(type: DataType): LiteralExpr {
  return { kind: 'literal', value: null, type };
}

function simplifyNode(e: Expr, input: Schema): Expr {
  switch (e.kind) {
    case 'call':
      return simplifyCall(e, input);
    case 'case': {
      // WHEN false/NULL never fires; a leading WHEN true always does.
      const whens = e.whens.filter((w) => !(isLit(w.when) && w.when.value !== true));
      const first = whens[0];
      if (first !== undefined && isBoolLit(first.when, true)) return keepType(first.then, e, input);
      if (whens.length === e.whens.length) return e;
      if (whens.length === 0) return keepType(e.otherwise ?? nullOf(inferExpr(e, input).type), e, input);
      return { ...e, whens };
    }
    case 'in_list':
      if (isNullLit(e.expr)) return nullOf('bool');
      return e;
    case 'cast':
      return isLit(e.expr) ? (foldCast(e.expr, e.to) ?? e) : e;
    default:
      return e;
  }
}

const NS_PER_DAY = 86_400_000_000_000n;

/**
 * A literal cast that cannot fail, folded with the executor's semantics
 * (engine/exec/expr/cast.ts): NULL, same type, date -> timestamp (midnight
 * UTC), int64 -> float64, bool -> int64 / float64. So that e.g.
 * `ts > cast(DATE '2020-01-01' as timestamp)` becomes a column-vs-literal
 * comparison that scans can turn into a key range or zone predicate.
 */
function foldCast(x: LiteralExpr, to: DataType): LiteralExpr | null {
  const v = x.value;
  if (v === null) return nullOf(to);
  if (x.type === to) return x;
  const out = (value: Scalar): LiteralExpr => ({ kind: 'literal', value, type: to });
  switch (`${x.type}->${to}`) {
    case 'date->timestamp':
      return out(BigInt(v as number) * NS_PER_DAY);
    case 'int64->float64':
      return out(Number(v as bigint));
    case 'bool->int64':
      return out(v === true ? 1n : 0n);
    case 'bool->float64':
      return out(v === true ? 1 : 0);
    default:
      return null;
  }
}

/** `replacement` when it has the type of `original`, else `original` (a CASE branch may be int64 in a float64 CASE). */
function keepType(replacement: Expr, original: Expr, input: Schema): Expr {
  return inferExpr(replacement, input).type === inferExpr(original, input).type ? replacement : original;
}

function simplifyCall(e: CallExpr, input: Schema): Expr {
  const def = lookupFunction(e.fn);
  if (def === undefined) return e;
  const [a, b] = e.args;
  switch (e.fn) {
    case 'and':
      if (isBoolLit(a, false) || isBoolLit(b, false)) return lit(false);
      if (isBoolLit(a, true) && b !== undefined) return b;
      if (isBoolLit(b, true) && a !== undefined) return a;
      if (a !== undefined && b !== undefined && exprEquals(a, b)) return a;
      if (isNullLit(a) && isNullLit(b)) return nullOf('bool');
      return e;
    case 'or':
      if (isBoolLit(a, true) || isBoolLit(b, true)) return lit(true);
      if (isBoolLit(a, false) && b !== undefined) return b;
      if (isBoolLit(b, false) && a !== undefined) return a;
      if (a !== undefined && b !== undefined && exprEquals(a, b)) return a;
      if (isNullLit(a) && isNullLit(b)) return nullOf('bool');
      return e;
    case 'not':
      if (a?.kind === 'call' && a.fn === 'not' && a.args[0] !== undefined) return a.args[0];
      if (isLit(a) && typeof a.value === 'boolean') return lit(!a.value);
      if (isNullLit(a)) return nullOf('bool');
      return e;
    case 'is_null':
      return isLit(a) ? lit(a.value === null) : e;
    case 'is_not_null':
      return isLit(a) ? lit(a.value !== null) : e;
    case 'coalesce': {
      const args = e.args.filter((x, i) => !isNullLit(x) || i === e.args.length - 1);
      const firstNonNull = args.findIndex((x) => isLit(x) && x.value !== null);
      const kept = firstNonNull >= 0 ? args.slice(0, firstNonNull + 1) : args;
      if (kept.length === 1 && kept[0] !== undefined) return keepType(kept[0], e, input);
      return kept.length === e.args.length ? e : { ...e, args: kept };
    }
  }
  if (def.nullPropagating && e.args.some(isNullLit)) return nullOf(inferExpr(e, input).type);
  if (!e.args.every(isLit) || e.args.length === 0) return e;
  const literals = e.args as readonly LiteralExpr[];
  // Calendar arithmetic (dates, timestamps, intervals) is left to the executor.
  if (literals.some((x) => x.type !== 'int64' && x.type !== 'float64') && ARITHMETIC.has(e.fn)) return e;
  const values = literals.map((x) => x.value);
  const folded = foldLiterals(e.fn, values);
  if (folded === undefined) return e;
  const type = inferExpr(e, input).type;
  if (type === 'int64' && typeof folded === 'bigint' && (folded < INT64_MIN || folded > INT64_MAX)) return e;
  if (type === 'float64' && typeof folded === 'bigint') return lit(Number(folded), 'float64');
  return lit(folded, type);
}

type Num = number | bigint;

/** Both operands as one numeric kind (float64 when either is a number). */
function numbers(x: Scalar, y: Scalar): [Num, Num] | null {
  if (typeof x === 'bigint' && typeof y === 'bigint') return [x, y];
  if ((typeof x === 'number' || typeof x === 'bigint') && (typeof y === 'number' || typeof y === 'bigint')) return [Number(x), Number(y)];
  return null;
}

/** Literals compared in the one value order (types/value-order.ts), as the executor compares them. */
function compareLiterals(x: Scalar, y: Scalar): number | undefined {
  return comparableValues(x, y) ? compareValues(x, y) : undefined;
}

/** The value of `fn` applied to non-null literal values, or undefined when not folded here. */
function foldLiterals(fn: string, v: readonly Scalar[]): Scalar | undefined {
  const [x = null, y = null] = v;
  const cmp = (): number | undefined => compareLiterals(x, y);
  switch (fn) {
    case 'eq': {
      const c = cmp();
      return c === undefined ? undefined : c === 0;
    }
    case 'ne': {
      const c = cmp();
      return c === undefined ? undefined : c !== 0;
    }
    case 'lt': {
      const c = cmp();
      return c === undefined ? undefined : c < 0;
    }
    case 'le': {
      const c = cmp();
      return c === undefined ? undefined : c <= 0;
    }
    case 'gt': {
      const c = cmp();
      return c === undefined ? undefined : c > 0;
    }
    case 'ge': {
      const c = cmp();
      return c === undefined ? undefined : c >= 0;
    }
    case 'add':
    case 'sub':
    case 'mul': {
      const n = numbers(x, y);
      if (n === null) return undefined;
      const [p, q] = n;
      if (typeof p === 'bigint' && typeof q === 'bigint') return fn === 'add' ? p + q : fn === 'sub' ? p - q : p * q;
      const [pf, qf] = [Number(p), Number(q)];
      return fn === 'add' ? pf + qf : fn === 'sub' ? pf - qf : pf * qf;
    }
    case 'neg':
      return typeof x === 'bigint' ? -x : typeof x === 'number' ? -x : undefined;
    default:
      return undefined;
  }
}
