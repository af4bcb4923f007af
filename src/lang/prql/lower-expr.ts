/**
 * Lowers one RQ expression to an IR expression over the current relation:
 * column ids resolve through the frame, literals and parameters become IR
 * literals and params, `std.*` operators map onto the IR vocabulary, `case`
 * becomes a CASE (a final `true =>` arm is its ELSE). Aggregate and window
 * functions are handed to the context's `onAggregate` (the Aggregate and
 * window lowering decide what they mean); s-strings (raw SQL) are refused.
 */
import type { DataType, Scalar } from '../../types/data-type.js';
import type { Schema } from '../../types/schema.js';
import type { Expr } from '../../planner/ir/expr.js';
import { caseWhen, col, lit, param } from '../../planner/ir/expr-builders.js';
import { inferExpr } from '../../planner/ir/infer.js';
import { typeOfValue } from '../../planner/ir/type-rules.js';
import { PyralogError } from '../../errors/pyralog-error.js';
import { LiteralError, lowerLiteral } from './rq-literal.js';
import { prqlError, rqSpanToSource } from './prql-error.js';
import { withOperatorSpan, withTransformSpan } from './locate-expr.js';
import { isAggregateOrWindow, lowerArrayIn, lowerCast, lowerStdScalar, StdFunctionError } from './std-functions.js';
import { tagOf, type RqExpr, type RqInterpolateItem, type RqLiteral } from './rq-types.js';

export interface ExprContext {
  /** The query text, for error spans. */
  readonly source: string;
  /** The schema the lowered expressions are evaluated over (for argument types). */
  readonly schema: Schema;
  /** The IR expression of a column id. */
  resolve(cid: number): Expr;
  readonly params: Readonly<Record<string, Scalar>> | undefined;
  /** Lowers an aggregate or window function call; absent where none may appear. */
  readonly onAggregate?: (name: string, args: readonly RqExpr[]) => Expr;
}

export function lowerExpr(e: RqExpr, ctx: ExprContext): Expr {
  const kind = e.kind;
  switch (tagOf(kind)) {
    case 'ColumnRef':
      return ctx.resolve((kind as { ColumnRef: number }).ColumnRef);
    case 'Literal':
      return literal((kind as { Literal: RqLiteral }).Literal, ctx);
    case 'Param':
      return lowerParam((kind as { Param: string }).Param, ctx);
    case 'Operator': {
      const { name, args } = (kind as { Operator: { name: string; args: readonly RqExpr[] } }).Operator;
      try {
        const lowered = lowerOperator(name, args, ctx);
        // Type-check the call here, where its place in the text can still be found (not inside an
        // aggregate or window, whose column ids resolve over another relation).
        if (ctx.onAggregate === undefined) inferExpr(lowered, ctx.schema);
        return lowered;
      } catch (e) {
        if (e instanceof PyralogError && e.spans.length === 0) throw textAddHint(withOperatorSpan(e, name, args, ctx.source, (cid) => columnName(cid, ctx)), name);
        throw e;
      }
    }
    case 'Case': {
      const arms = (kind as { Case: readonly { condition: RqExpr; value: RqExpr }[] }).Case;
      const last = arms[arms.length - 1];
      const hasElse = last !== undefined && isTrueLiteral(last.condition);
      const whens = (hasElse ? arms.slice(0, -1) : arms).map(
        (arm) => [lowerExpr(arm.condition, ctx), lowerExpr(arm.value, ctx)] as const,
      );
      const otherwise = hasElse ? lowerExpr(last.value, ctx) : null;
      if (whens.length === 0) return otherwise ?? lit(null);
      const lowered = caseWhen(whens, otherwise);
      try {
        if (ctx.onAggregate === undefined) inferExpr(lowered, ctx.schema);
      } catch (e) {
        // branches of different types: at the `case` keyword, when the query has one
        if (e instanceof PyralogError) throw withTransformSpan(e, 'case', ctx.source);
        throw e;
      }
      return lowered;
    }
    case 'SString': {
      const column = columnNamedByStdName((kind as { SString: readonly RqInterpolateItem[] }).SString, ctx);
      if (column !== undefined) return column;
      throw sstringError(ctx.source);
    }
    case 'Array':
      throw prqlError('PRQL_UNSUPPORTED', 'an array is only supported as the right side of `in`', ctx.source, '[');
    default:
      throw prqlError('PRQL_UNSUPPORTED', `unsupported RQ expression ${tagOf(kind)}`, ctx.source);
  }
}

/**
 * A column named like a PRQL std name (`date`, `text`, `int`): prqlc resolves
 * such a name to the std definition and writes it into RQ as the bare SQL text
 * `date` — which SQL reads as the column. Read it the same way when the
 * relation has exactly one column of that name.
 */
function columnNamedByStdName(items: readonly RqInterpolateItem[], ctx: ExprContext): Expr | undefined {
  const only = items.length === 1 ? items[0] : undefined;
  if (only === undefined || !('String' in only) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(only.String)) return undefined;
  const name = only.String;
  const matches = ctx.schema.fields.flatMap((f, i) => (f.name === name ? [i] : []));
  return matches.length === 1 && matches[0] !== undefined ? col(matches[0], name) : undefined;
}

/** The error for raw SQL (s-strings), located at the first `s"` of the query. */
export function sstringError(source: string): PyralogError {
  const offset = source.search(/\bs"/);
  const err = prqlError(
    'PRQL_UNSUPPORTED',
    's-strings (raw SQL) cannot run in Pyralog: it evaluates PRQL natively, not through SQL',
    source,
    undefined,
    { hints: ['rewrite the s-string with PRQL functions (std.text.*, std.math.*, …)'] },
  );
  if (offset < 0) return err;
  const span = rqSpanToSource(`1:${offset}-${offset + 2}`, source);
  return new PyralogError(err.code, err.message, { phase: 'lower', spans: span ? [span] : [], hints: err.hints, sourceText: source });
}

function literal(l: RqLiteral, ctx: ExprContext): Expr {
  try {
    return lowerLiteral(l);
  } catch (e) {
    if (e instanceof LiteralError) throw prqlError('PRQL_INVALID_LITERAL', e.message, ctx.source, /@[0-9A-Za-z:.+-]+/.exec(e.message)?.[0].replace(/:$/, ''));
    throw e;
  }
}

/**
 * `+` on text (or `++`, which prql-js 0.12 reads as `a + (+b)`) gets a hint
 * at f-strings, PRQL's way to join text.
 */
function textAddHint(e: PyralogError, name: string): PyralogError {
  if (name !== 'std.add' || e.code !== 'TYPE_MISMATCH' || !/got utf8/.test(e.message)) return e;
  const hints = [...e.hints, 'to join text write an f-string: f"{first_name} {last_name}" (prql-js 0.12 has no `++`)'];
  return new PyralogError(e.code, e.message, { phase: e.phase, spans: e.spans, hints, cause: e.cause, ...(e.sourceText !== undefined ? { sourceText: e.sourceText } : {}), details: e.details });
}

/** The name of the column a column id resolves to, for locating expressions in the text. */
function columnName(cid: number, ctx: ExprContext): string | undefined {
  try {
    const e = ctx.resolve(cid);
    return e.kind === 'column' ? ctx.schema.fields[e.index]?.name ?? e.name : undefined;
  } catch {
    return undefined;
  }
}

function isTrueLiteral(e: RqExpr): boolean {
  const k = e.kind as { Literal?: RqLiteral };
  const l = k.Literal;
  return l !== undefined && l !== 'Null' && tagOf(l) === 'Boolean' && (l as { Boolean: boolean }).Boolean;
}

/** The IR type of a parameter's value (bigint int64, number float64, …). */
export const scalarType: (value: Scalar) => DataType = typeOfValue;

function lowerParam(name: string, ctx: ExprContext): Expr {
  const params = ctx.params ?? {};
  if (!Object.prototype.hasOwnProperty.call(params, name)) {
    throw prqlError('PRQL_MISSING_PARAM', `no value was given for the parameter $${name}`, ctx.source, `$${name}`, {
      hints: [`give it a value: \`db.query(lang, text, { '${name}': value })\` in the API, \`--param ${name}=VALUE\` on the CLI`],
    });
  }
  const value = params[name] as Scalar;
  return param(name, scalarType(value));
}

function lowerOperator(name: string, rqArgs: readonly RqExpr[], ctx: ExprContext): Expr {
  if (isAggregateOrWindow(name)) {
    if (ctx.onAggregate === undefined) {
      throw prqlError('PRQL_UNSUPPORTED', `${name.replace(/^std\./, '')} is only allowed in aggregate or window`, ctx.source, name.split('.').pop());
    }
    return ctx.onAggregate(name, rqArgs);
  }
  if (name === 'std.as') {
    const [typeArg, value] = rqArgs;
    if (typeArg === undefined || value === undefined) throw prqlError('PRQL_UNSUPPORTED', '`as` needs a type and a value', ctx.source, 'as');
    return withStdErrors(ctx, () => lowerCast(lowerExpr(value, ctx), typeNameOf(typeArg, ctx)));
  }
  if (name === 'std.array_in') {
    const [value, array] = rqArgs;
    const items = (array?.kind as { Array?: readonly RqExpr[] } | undefined)?.Array;
    if (value === undefined || items === undefined) throw prqlError('PRQL_UNSUPPORTED', '`in` needs a list', ctx.source, 'in');
    return lowerArrayIn(lowerExpr(value, ctx), items.map((x) => lowerExpr(x, ctx)));
  }
  const args = rqArgs.map((a) => lowerExpr(a, ctx));
  const types = args.map((a) => typeOf(a, ctx));
  return withStdErrors(ctx, () => lowerStdScalar(name, args, types));
}

function typeOf(e: Expr, ctx: ExprContext): DataType {
  if (e.kind === 'literal') return e.type;
  if (e.kind === 'param') return e.type;
  return inferExpr(e, ctx.schema).type;
}

function typeNameOf(e: RqExpr, ctx: ExprContext): string {
  const items = (e.kind as { SString?: readonly RqInterpolateItem[] }).SString;
  if (items !== undefined && items.length === 1 && items[0] !== undefined && 'String' in items[0]) return items[0].String;
  const ident = (e.kind as { Literal?: RqLiteral }).Literal;
  if (ident !== undefined && ident !== 'Null' && 'String' in ident) return ident.String;
  throw prqlError('PRQL_UNSUPPORTED', 'the target of `as` must be a type name', ctx.source, 'as');
}

function withStdErrors<T>(ctx: ExprContext, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof StdFunctionError) throw prqlError(e.code, e.message, ctx.source, e.word);
    throw e;
  }
}
