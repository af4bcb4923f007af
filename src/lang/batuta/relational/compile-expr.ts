/**
 * Relational expressions → IR expressions. A keyword is a column of the
 * frame; a symbol is a local (an inlined function's parameter), else its
 * lexical value as a literal; `$p` a parameter; lists are the vocabulary's
 * functions, `if`/`when`/`cond`/`let`/`in`/`between`/`str`, aggregates (in
 * group-by/aggregate) and window functions (in window), macros (expanded
 * first) or calls of user functions, inlined when their body compiles.
 * Anything else is a BATUTA_COMPILE_ERROR at its span: never a fallback to
 * row-by-row evaluation.
 */
import type { SourceSpan } from '../../../errors/pyralog-error.js';
import { BList, BVector, Keyword, ParamRef, Sym, Timestamp, spanOf } from '../../../grammars/batuta/forms.js';
import { callAt, caseWhen, col, inList, lit, param, and } from '../../../planner/ir/expr-builders.js';
import type { Expr } from '../../../planner/ir/expr.js';
import { inferExpr } from '../../../planner/ir/infer.js';
import { typeOfValue } from '../../../planner/ir/type-rules.js';
import type { Schema } from '../../../types/schema.js';
import { batutaError, compileError, evalError } from '../batuta-error.js';
import type { Env } from '../env.js';
import { macroexpand1, macroOf } from '../evaluator.js';
import { printValue } from '../printer.js';
import { Closure, Relation, runToEnd, type Value } from '../values.js';
import { SCALAR_FUNCTIONS } from './expr-vocabulary.js';
import { resolveColumn, type Frame, type RelContext } from './frame.js';

/** How a special context (group-by, window) compiles the calls it owns; undefined = not one of them. */
export type CallHook = (head: string, form: BList, scope: ExprScope) => Expr | undefined;

export interface ExprScope {
  readonly frame: Frame;
  readonly env: Env;
  readonly locals: ReadonlyMap<string, Expr>;
  readonly ctx: RelContext;
  /** Resolves a column keyword (default: by name in `frame`). */
  readonly column?: (name: string, span: SourceSpan | undefined) => Expr;
  readonly hook?: CallHook;
  /** The schema expressions are typed against, for `str`'s casts (none in aggregate contexts). */
  readonly schema?: Schema;
  readonly depth: number;
}

const MAX_INLINE_DEPTH = 32;

export function scope(frame: Frame, env: Env, ctx: RelContext): ExprScope {
  return { frame, env, locals: new Map(), ctx, schema: frame.rel.schema, depth: 0 };
}

/** A Batuta value as an IR literal (scalars, keywords as columns, timestamps); otherwise an error. */
export function valueExpr(v: Value, s: ExprScope, span: SourceSpan | undefined, what: string): Expr {
  if (v === null || typeof v === 'boolean' || typeof v === 'bigint' || typeof v === 'number' || typeof v === 'string') return lit(v, undefined, span);
  if (v instanceof Keyword) return columnExpr(v.name, s, span);
  // `@2024-01-31` is a timestamp at midnight, as `@2024-01-31T10:00:00` is one at ten (they compare with timestamp columns).
  if (v instanceof Timestamp) return lit(v.nanos, 'timestamp', span);
  if (v instanceof Relation) throw compileError(`${what} is a relation; a relation cannot be used as a value inside an expression (join it instead)`, span);
  throw compileError(`${what} is ${printValue(v)}, which has no value in a relational expression`, span);
}

function columnExpr(name: string, s: ExprScope, span: SourceSpan | undefined): Expr {
  if (s.column !== undefined) return s.column(name, span);
  const i = resolveColumn(s.frame, name, span);
  return col(i, s.frame.cols[i]?.name, span);
}

export function compileExpr(form: Value, s: ExprScope): Expr {
  const span = spanOf(form);
  if (form instanceof Keyword) return columnExpr(form.name, s, span);
  if (form instanceof Sym) {
    const local = s.locals.get(form.name);
    if (local !== undefined) return local;
    const v = s.env.get(form.name);
    if (v === undefined && !s.env.has(form.name)) throw batutaError('BATUTA_UNBOUND_SYMBOL', `unable to resolve symbol ${form.name}`, form);
    return valueExpr(v ?? null, s, span, form.name);
  }
  if (form instanceof ParamRef) {
    if (!Object.hasOwn(s.ctx.params, form.name)) throw batutaError('PARAM_MISSING', `parameter $${form.name} has no value`, form, ['pass it (--param name=… on the CLI, or params in the API)']);
    return param(form.name, typeOfValue(s.ctx.params[form.name] ?? null), span);
  }
  if (form instanceof BList) return compileList(form, s);
  if (form instanceof BVector) throw compileError('a vector is not an expression here (did you mean (in :x [..])?)', form);
  return valueExpr(form, s, span, printValue(form));
}

function compileList(form: BList, s: ExprScope): Expr {
  const head = form.items[0];
  const span = form.span;
  if (!(head instanceof Sym)) throw compileError(`cannot compile ${printValue(form)} in a relational expression`, form);
  const name = head.name;
  const rest = form.items.slice(1);
  const sub = (f: Value): Expr => compileExpr(f, s);
  // A user's function or macro shadows the vocabulary.
  const bound = s.env.get(name);
  if (macroOf(form, s.env) !== undefined) return compileExpr(runToEnd(macroexpand1(form, s.env, s.ctx.rt)), s);
  if (bound instanceof Closure && !s.locals.has(name)) return inline(bound, form, s);
  const hooked = s.hook?.(name, form, s);
  if (hooked !== undefined) return hooked;
  switch (name) {
    case 'if':
    case 'when': {
      if (rest.length < 2 || rest.length > (name === 'if' ? 3 : 2)) throw compileError(`${name} takes a test, a then${name === 'if' ? ' and an optional else' : ''}`, form);
      return { ...caseWhen([[sub(rest[0] ?? null), sub(rest[1] ?? null)]], rest.length === 3 ? sub(rest[2] ?? null) : null), ...(span ? { span } : {}) };
    }
    case 'cond': {
      if (rest.length % 2 !== 0 || rest.length === 0) throw compileError('cond takes test expression pairs', form);
      const whens: [Expr, Expr][] = [];
      let otherwise: Expr | null = null;
      for (let i = 0; i < rest.length; i += 2) {
        const t = rest[i] ?? null;
        if (t instanceof Keyword && t.name === 'else') {
          otherwise = sub(rest[i + 1] ?? null);
          break;
        }
        whens.push([sub(t), sub(rest[i + 1] ?? null)]);
      }
      return whens.length === 0 ? (otherwise ?? lit(null)) : { ...caseWhen(whens, otherwise), ...(span ? { span } : {}) };
    }
    case 'in': {
      const list = rest[1];
      if (rest.length !== 2) throw compileError('in takes a value and a vector: (in :x [1 2 3])', form);
      let values: readonly Value[];
      if (list instanceof BVector) values = list.items;
      else {
        const v = list instanceof Sym ? s.env.get(list.name) : undefined;
        if (!(v instanceof BVector || (v instanceof BList && list instanceof Sym))) throw compileError('in takes a vector of values: (in :x [1 2 3])', list ?? form);
        values = (v as BVector).items;
      }
      return { ...inList(sub(rest[0] ?? null), values.map(sub)), ...(span ? { span } : {}) };
    }
    case 'between': {
      if (rest.length !== 3) throw compileError('between takes a value, a low and a high bound', form);
      const x = sub(rest[0] ?? null);
      return and(callAt(span, 'ge', x, sub(rest[1] ?? null)), callAt(span, 'le', x, sub(rest[2] ?? null)));
    }
    case 'str':
      return rest.length === 0 ? lit('') : callAt(span, 'concat', ...rest.map((f) => asText(sub(f), s, spanOf(f) ?? span)));
    case 'let':
      return compileLet(form, s);
    case 'do':
      if (rest.length === 0) return lit(null);
      return sub(rest[rest.length - 1] ?? null);
    case 'quote':
      return valueExpr(rest[0] ?? null, s, span, 'a quoted form');
  }
  const builder = SCALAR_FUNCTIONS.get(name);
  if (builder !== undefined) return builder(rest.map(sub), span);
  if (bound === undefined && !s.env.has(name) && !s.locals.has(name)) throw batutaError('BATUTA_UNBOUND_SYMBOL', `unable to resolve symbol ${name}`, head);
  throw compileError(`${name} cannot be used inside a relational expression`, form, [
    'relational expressions take columns (:col), values, parameters, the expression functions, aggregates in group-by/aggregate, window functions in window, and user functions made of these',
  ]);
}

/** Text for `str`: utf8 as is, other types through to_text. */
function asText(e: Expr, s: ExprScope, span: SourceSpan | undefined): Expr {
  if (e.kind === 'literal' && typeof e.value === 'string') return e;
  if (s.schema !== undefined) {
    try {
      if (inferExpr(e, s.schema).type === 'utf8') return e;
    } catch {
      // typed later, with a span, by the node that uses it
    }
  }
  return callAt(span, 'to_text', e);
}

function compileLet(form: BList, s: ExprScope): Expr {
  const bindings = form.items[1];
  if (!(bindings instanceof BVector) || bindings.items.length % 2 !== 0) throw compileError('let needs a vector of name value pairs', form);
  const locals = new Map(s.locals);
  for (let i = 0; i < bindings.items.length; i += 2) {
    const name = bindings.items[i];
    if (!(name instanceof Sym)) throw compileError('let inside a relational expression binds plain symbols only', name ?? form);
    locals.set(name.name, compileExpr(bindings.items[i + 1] ?? null, { ...s, locals }));
  }
  const body = form.items.slice(2);
  return compileExpr(body[body.length - 1] ?? null, { ...s, locals });
}

/** Inlines a user function: its parameters are bound to the argument expressions, its body compiled in its own lexical env. */
function inline(fn: Closure, form: BList, s: ExprScope): Expr {
  if (s.depth >= MAX_INLINE_DEPTH) throw compileError(`${fn.name ?? 'fn'} inlines deeper than ${MAX_INLINE_DEPTH} calls (recursion cannot compile to a query)`, form);
  const args = form.items.slice(1).map((f) => compileExpr(f, s));
  const arity = fn.arities.find((a) => a.rest === null && a.params.length === args.length);
  if (arity === undefined) {
    const exists = fn.arities.some((a) => a.params.length === args.length || (a.rest !== null && a.params.length <= args.length));
    if (!exists) throw evalError(`wrong number of arguments (${args.length}) passed to ${fn.name ?? 'fn'}`, form);
    throw compileError(`${fn.name ?? 'fn'} takes a variable number of arguments, which cannot be inlined into a query`, form);
  }
  const locals = new Map<string, Expr>();
  arity.params.forEach((p, i) => {
    if (!(p instanceof Sym)) throw compileError(`${fn.name ?? 'fn'}: only plain parameters can be inlined into a query (no destructuring)`, form);
    locals.set(p.name, args[i] as Expr);
  });
  if (fn.name !== null && !locals.has(fn.name)) {
    // the function's own name stays bound to itself in its body (recursion is caught by the depth limit)
  }
  const body = arity.body;
  if (body.length === 0) return lit(null);
  return compileExpr(body[body.length - 1] ?? null, { ...s, env: fn.env, locals, depth: s.depth + 1 });
}
