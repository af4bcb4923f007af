/**
 * The Batuta evaluator: an environment/closure interpreter written as
 * generators. `evaluate(form, env, rt)` runs one form; every step ticks the
 * process budget and may yield a 'slice' so a driver can pause it (abort
 * checks, the event loop, later: actors scheduled at these points). Special
 * forms live in special-forms.ts, macros are expanded here before a call.
 * Nothing here reaches JS globals, files or the process.
 */
import { PyralogError, type SourceSpan } from '../../errors/pyralog-error.js';
import { BList, BMap, BSet, BVector, Keyword, ParamRef, Sym, spanOf } from '../../grammars/batuta/forms.js';
import type { Scalar } from '../../types/data-type.js';
import { batutaError, evalError, isStackOverflow, stackExhausted, withSpan } from './batuta-error.js';
import { bindPattern } from './destructure.js';
import { Env } from './env.js';
import { gensym, type Runtime } from './runtime.js';
import { SPECIAL_FORMS } from './special-forms.js';
import { Builtin, Closure, Recur, isGen, type Arity, type CallContext, type Gen, type Value } from './values.js';
import { printValue } from './printer.js';
import { lookupCollection } from './stdlib/collection-access.js';

/** A scalar parameter as a Batuta value. */
export function scalarToValue(v: Scalar): Value {
  if (v === null || typeof v === 'boolean' || typeof v === 'bigint' || typeof v === 'number' || typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  return `${v.months} months ${v.nanos} ns`;
}

export function* evaluate(form: Value, env: Env, rt: Runtime): Gen {
  if (rt.proc.tick()) yield 'slice';
  if (form instanceof Sym) return lookupSymbol(form, env);
  if (form instanceof BList) return yield* evalList(form, env, rt);
  if (form instanceof BVector) {
    const items: Value[] = [];
    for (const f of form.items) items.push(yield* evaluate(f, env, rt));
    rt.proc.alloc(16 + 8 * items.length);
    return new BVector(items);
  }
  if (form instanceof BMap) {
    const entries: [Value, Value][] = [];
    for (const [k, v] of form.entries) entries.push([yield* evaluate(k, env, rt), yield* evaluate(v, env, rt)]);
    rt.proc.alloc(16 + 16 * entries.length);
    return BMap.from(entries);
  }
  if (form instanceof BSet) {
    const items: Value[] = [];
    for (const f of form.items) items.push(yield* evaluate(f, env, rt));
    rt.proc.alloc(16 + 8 * items.length);
    return BSet.from(items);
  }
  if (form instanceof ParamRef) {
    if (!Object.hasOwn(rt.params, form.name)) throw batutaError('PARAM_MISSING', `parameter $${form.name} has no value`, form, ['pass it (--param name=… on the CLI, or params in the API)']);
    return scalarToValue(rt.params[form.name] ?? null);
  }
  return form;
}

export function lookupSymbol(s: Sym, env: Env): Value {
  const v = env.get(s.name);
  if (v !== undefined) return v;
  if (env.has(s.name)) return null;
  if (SPECIAL_FORMS.has(s.name)) throw evalError(`${s.name} is a special form, not a value`, s);
  throw batutaError('BATUTA_UNBOUND_SYMBOL', `unable to resolve symbol ${s.name}`, s);
}

/** The macro a list's head names in `env`, if any. */
export function macroOf(form: Value, env: Env): Closure | Builtin | undefined {
  if (!(form instanceof BList)) return undefined;
  const head = form.items[0];
  if (!(head instanceof Sym) || SPECIAL_FORMS.has(head.name)) return undefined;
  const v = env.get(head.name);
  return (v instanceof Closure || v instanceof Builtin) && v.isMacro ? v : undefined;
}

/** One macro expansion step of `form` (itself when it is not a macro call). */
export function* macroexpand1(form: Value, env: Env, rt: Runtime): Gen {
  const macro = macroOf(form, env);
  if (macro === undefined) return form;
  const list = form as BList;
  try {
    return yield* apply(macro, list.items.slice(1), rt, list.span);
  } catch (e) {
    throw withSpan(e, list.span);
  }
}

/** Expands `form` until its head is no macro. */
export function* macroexpand(form: Value, env: Env, rt: Runtime): Gen {
  let f = form;
  for (let i = 0; ; i++) {
    if (i > 10_000) throw evalError('macro expansion does not end', form);
    const next = yield* macroexpand1(f, env, rt);
    if (next === f) return f;
    f = next;
  }
}

/**
 * A list: a special form, a macro call (expanded until its head is no macro,
 * so an expansion that never ends is an error at the call), or a call.
 * Running out of JS stack anywhere below is BATUTA_BUDGET_EXCEEDED at the
 * innermost list that can still build the error.
 */
function* evalList(form: BList, env: Env, rt: Runtime): Gen {
  const head = form.items[0];
  if (head === undefined) return form;
  try {
    if (head instanceof Sym) {
      const special = SPECIAL_FORMS.get(head.name);
      if (special !== undefined) {
        try {
          return yield* special(form, env, rt);
        } catch (e) {
          throw withSpan(e, form.span);
        }
      }
      if (macroOf(form, env) !== undefined) {
        const expanded = yield* macroexpand(form, env, rt);
        return yield* evaluate(expanded, env, rt);
      }
    }
    const fn = yield* evaluate(head, env, rt);
    const args: Value[] = [];
    for (let i = 1; i < form.items.length; i++) {
      const a = yield* evaluate(form.items[i] ?? null, env, rt);
      if (a instanceof Recur) throw evalError('recur can only be used in tail position', form.items[i] ?? form);
      args.push(a);
    }
    return yield* apply(fn, args, rt, form.span);
  } catch (e) {
    if (isStackOverflow(e)) {
      rt.proc.depth = 0;
      throw stackExhausted(form);
    }
    throw e;
  }
}

function arityOf(fn: Closure, n: number): Arity {
  const exact = fn.arities.find((a) => a.rest === null && a.params.length === n);
  if (exact !== undefined) return exact;
  const variadic = fn.arities.find((a) => a.rest !== null && a.params.length <= n);
  if (variadic !== undefined) return variadic;
  throw evalError(`wrong number of arguments (${n}) passed to ${fn.name ?? 'fn'}`);
}

/** Binds the arguments of a call to an arity's parameters in `local`. */
export function bindArity(arity: Arity, args: readonly Value[], local: Env, rt: Runtime): void {
  arity.params.forEach((p, i) => bindPattern(p, args[i] ?? null, local, rt));
  if (arity.rest !== null) {
    const rest = args.slice(arity.params.length);
    bindPattern(arity.rest, rest.length === 0 ? null : new BList(rest), local, rt);
  }
}

/** Calls any callable value: closures, built-ins, keywords (`(:k m)`), maps, sets and vectors. */
export function* apply(fn: Value, args: readonly Value[], rt: Runtime, span?: SourceSpan): Gen {
  if (fn instanceof Closure) {
    rt.proc.enter();
    try {
      let current = args;
      let arity = arityOf(fn, current.length);
      for (;;) {
        const local = new Env(fn.env);
        if (fn.name !== null) local.set(fn.name, fn);
        bindArity(arity, current, local, rt);
        let result: Value = null;
        for (const f of arity.body) result = yield* evaluate(f, local, rt);
        if (!(result instanceof Recur)) return result;
        current = result.args;
        const expected = arity.params.length + (arity.rest === null ? 0 : 1);
        if (current.length !== expected) throw evalError(`recur got ${current.length} argument(s), the function takes ${expected}`, span);
        if (arity.rest !== null) current = [...current.slice(0, -1), ...seqItems(current[current.length - 1] ?? null)];
        arity = arityOf(fn, current.length);
      }
    } catch (e) {
      if (e instanceof RangeError) {
        rt.proc.depth = 0;
        throw stackExhausted(span, 'calls nested too deeply');
      }
      throw withSpan(e, span);
    } finally {
      rt.proc.leave();
    }
  }
  if (fn instanceof Builtin) {
    const ctx: CallContext = { apply: (f, a) => apply(f, a, rt, span), span, out: rt.out, gensym: (prefix) => gensym(rt, prefix) };
    try {
      const r = fn.impl(args, ctx);
      const v = isGen(r) ? yield* r : r;
      accountFor(v, rt);
      return v;
    } catch (e) {
      // A value nested too deeply for the built-in's recursion (a printer, equality, hashing).
      if (isStackOverflow(e)) throw stackExhausted(span, `${fn.name}: a value or the program is nested too deeply`);
      // A built-in given values it cannot use: an evaluation error at the call, never a raw JS error.
      if (e instanceof RangeError || e instanceof TypeError) throw evalError(`${fn.name}: ${e.message}`, span);
      throw withSpan(e, span);
    }
  }
  if (fn instanceof Keyword || fn instanceof BMap || fn instanceof BSet || fn instanceof BVector) {
    if (args.length < 1 || args.length > 2) throw evalError(`${printValue(fn)} called with ${args.length} arguments (takes 1 or 2)`, span);
    if (fn instanceof Keyword) return lookupCollection(args[0] ?? null, fn, args[1] ?? null);
    return lookupCollection(fn, args[0] ?? null, args[1] ?? null);
  }
  throw evalError(`${printValue(fn)} is not a function`, span ?? spanOf(fn));
}

/** Charges a built-in's new collection or string to the process's memory budget (an estimate). */
function accountFor(v: Value, rt: Runtime): void {
  if (typeof v === 'string') rt.proc.alloc(16 + 2 * v.length);
  else if (v instanceof BList || v instanceof BVector || v instanceof BSet) rt.proc.alloc(16 + 8 * v.items.length);
  else if (v instanceof BMap) rt.proc.alloc(16 + 16 * v.size);
}

function seqItems(v: Value): readonly Value[] {
  if (v === null) return [];
  if (v instanceof BList || v instanceof BVector) return v.items;
  return [v];
}

/** Evaluates a body (forms in order, last value), as `do` does. */
export function* evalBody(body: readonly Value[], env: Env, rt: Runtime): Gen {
  let result: Value = null;
  for (const f of body) result = yield* evaluate(f, env, rt);
  return result;
}

export { PyralogError };
