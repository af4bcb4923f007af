/**
 * The special forms of Batuta: the forms whose arguments are not evaluated
 * as a call's are (quote, def, fn, let, if, loop/recur, try, …). Each takes
 * the whole list form, the environment and the runtime. The relational forms
 * (from, where, select, …) are special forms too, defined in relational/.
 */
import { BList, BMap, BVector, Keyword, Sym, datumEquals } from '../../grammars/batuta/forms.js';
import { PyralogError, type SourceSpan } from '../../errors/pyralog-error.js';
import { evalError } from './batuta-error.js';
import { bindPattern } from './destructure.js';
import { Env } from './env.js';
import { apply, evalBody, evaluate, macroexpand, macroexpand1 } from './evaluator.js';
import { RELATIONAL_FORMS } from './relational/rel-forms.js';
import { WRITE_FORMS } from './relational/write-forms.js';
import { FOREIGN_KEY_FORMS } from './relational/foreign-key-forms.js';
import { requireNamespace } from './require.js';
import type { Runtime } from './runtime.js';
import { syntaxQuote } from './syntax-quote.js';
import { items } from './stdlib/collection-access.js';
import { printValue } from './printer.js';
import { Closure, ExInfo, Recur, truthy, type Arity, type Gen, type Value } from './values.js';

export type SpecialForm = (form: BList, env: Env, rt: Runtime) => Gen;

/** An exception a program threw with `throw` (uncaught: BATUTA_THROWN). */
export class ThrownValue extends PyralogError {
  constructor(
    readonly value: Value,
    message: string,
    span?: SourceSpan,
  ) {
    super('BATUTA_THROWN', message, { phase: 'execute', spans: span === undefined ? [] : [span] });
  }
}

const args = (form: BList): readonly Value[] => form.items.slice(1);

function expectCount(form: BList, min: number, max: number, usage: string): void {
  const n = form.items.length - 1;
  if (n < min || n > max) throw evalError(`${(form.items[0] as Sym).name}: wrong number of forms, usage ${usage}`, form);
}

function symbolArg(v: Value, what: string, where: Value): Sym {
  if (!(v instanceof Sym)) throw evalError(`${what} must be a symbol, got ${printValue(v)}`, where);
  return v;
}

/** Parses `[params] body…` or `([params] body…)+` into arities. */
export function parseArities(rest: readonly Value[], where: Value): Arity[] {
  const one = (params: Value, body: readonly Value[]): Arity => {
    if (!(params instanceof BVector)) throw evalError(`a function's parameters must be a vector, got ${printValue(params)}`, where);
    const amp = params.items.findIndex((p) => p instanceof Sym && p.name === '&');
    if (amp >= 0 && amp !== params.items.length - 2) throw evalError('& must be followed by exactly one parameter', params);
    return { params: amp >= 0 ? params.items.slice(0, amp) : params.items, rest: amp >= 0 ? (params.items[amp + 1] ?? null) : null, body };
  };
  const first = rest[0];
  if (first instanceof BVector) return [one(first, rest.slice(1))];
  if (rest.length === 0 || !rest.every((r) => r instanceof BList)) throw evalError('expected a parameter vector or arity lists ([params] body…)', where);
  return rest.map((r) => one((r as BList).items[0] ?? null, (r as BList).items.slice(1)));
}

function* defn(form: BList, env: Env, rt: Runtime, isMacro: boolean): Gen {
  const name = symbolArg(form.items[1] ?? null, 'the name', form);
  let rest = form.items.slice(2);
  let doc: string | null = null;
  if (typeof rest[0] === 'string' && rest.length > 1) {
    doc = rest[0];
    rest = rest.slice(1);
  }
  if (rest[0] instanceof BMap) rest = rest.slice(1); // attribute map
  const fn = new Closure(name.name, parseArities(rest, form), env, isMacro, doc, form.span);
  rt.ns.set(name.name, fn);
  return new Sym(`#'${name.name}`);
}

function* letForm(form: BList, env: Env, rt: Runtime): Gen {
  const bindings = form.items[1];
  if (!(bindings instanceof BVector) || bindings.items.length % 2 !== 0) throw evalError('let needs a vector of name value pairs', form);
  const local = new Env(env);
  for (let i = 0; i < bindings.items.length; i += 2) bindPattern(bindings.items[i] ?? null, yield* evaluate(bindings.items[i + 1] ?? null, local, rt), local, rt);
  return yield* evalBody(form.items.slice(2), local, rt);
}

function* loopForm(form: BList, env: Env, rt: Runtime): Gen {
  const bindings = form.items[1];
  if (!(bindings instanceof BVector) || bindings.items.length % 2 !== 0) throw evalError('loop needs a vector of name value pairs', form);
  const patterns: Value[] = [];
  let values: Value[] = [];
  const init = new Env(env);
  for (let i = 0; i < bindings.items.length; i += 2) {
    const v = yield* evaluate(bindings.items[i + 1] ?? null, init, rt);
    bindPattern(bindings.items[i] ?? null, v, init, rt);
    patterns.push(bindings.items[i] ?? null);
    values.push(v);
  }
  for (;;) {
    const local = new Env(env);
    patterns.forEach((p, i) => bindPattern(p, values[i] ?? null, local, rt));
    const result = yield* evalBody(form.items.slice(2), local, rt);
    if (!(result instanceof Recur)) return result;
    if (result.args.length !== patterns.length) throw evalError(`recur got ${result.args.length} argument(s), loop binds ${patterns.length}`, form);
    values = [...result.args];
  }
}

function* tryForm(form: BList, env: Env, rt: Runtime): Gen {
  const body: Value[] = [];
  const catches: BList[] = [];
  let fin: BList | null = null;
  for (const f of args(form)) {
    const head = f instanceof BList ? f.items[0] : undefined;
    if (head instanceof Sym && head.name === 'catch') catches.push(f as BList);
    else if (head instanceof Sym && head.name === 'finally') fin = f as BList;
    else body.push(f);
  }
  try {
    return yield* evalBody(body, env, rt);
  } catch (e) {
    // Budgets and cancellation are not the program's to catch.
    if (!(e instanceof PyralogError) || e.code === 'BATUTA_BUDGET_EXCEEDED' || e.code === 'BATUTA_ABORTED') throw e;
    const handler = catches[0];
    if (handler === undefined) throw e;
    const local = new Env(env);
    const name = symbolArg(handler.items[2] ?? null, 'the name in catch', handler);
    local.set(name.name, e instanceof ThrownValue ? e.value : new ExInfo(e.message, BMap.from([[new Keyword('code'), e.code]])));
    return yield* evalBody(handler.items.slice(3), local, rt);
  } finally {
    if (fin !== null) yield* evalBody(fin.items.slice(1), env, rt);
  }
}

function* condForm(form: BList, env: Env, rt: Runtime): Gen {
  const clauses = args(form);
  if (clauses.length % 2 !== 0) throw evalError('cond needs test expression pairs', form);
  for (let i = 0; i < clauses.length; i += 2) {
    const test = clauses[i] ?? null;
    if ((test instanceof Keyword && test.name === 'else') || truthy(yield* evaluate(test, env, rt))) return yield* evaluate(clauses[i + 1] ?? null, env, rt);
  }
  return null;
}

function* caseForm(form: BList, env: Env, rt: Runtime): Gen {
  const v = yield* evaluate(form.items[1] ?? null, env, rt);
  const clauses = form.items.slice(2);
  for (let i = 0; i + 1 < clauses.length; i += 2) {
    const test = clauses[i] ?? null;
    const options = test instanceof BList ? test.items : [test];
    if (options.some((o) => datumEquals(o, v))) return yield* evaluate(clauses[i + 1] ?? null, env, rt);
  }
  if (clauses.length % 2 === 1) return yield* evaluate(clauses[clauses.length - 1] ?? null, env, rt);
  throw evalError(`case: no clause matches ${printValue(v)}`, form);
}

function* doseq(form: BList, env: Env, rt: Runtime, times: boolean): Gen {
  const b = form.items[1];
  if (!(b instanceof BVector) || b.items.length !== 2) throw evalError(`${times ? 'dotimes' : 'doseq'} needs [name collection]`, form);
  const coll = yield* evaluate(b.items[1] ?? null, env, rt);
  const list: readonly Value[] = times ? Array.from({ length: Number(coll) }, (_, i) => BigInt(i)) : items(coll);
  for (const x of list) {
    const local = new Env(env);
    bindPattern(b.items[0] ?? null, x, local, rt);
    yield* evalBody(form.items.slice(2), local, rt);
  }
  return null;
}

const CORE: Readonly<Record<string, SpecialForm>> = {
  quote: function* (form) {
    expectCount(form, 1, 1, '(quote form)');
    return form.items[1] ?? null;
  },
  'syntax-quote': function* (form, env, rt) {
    return yield* syntaxQuote(form.items[1] ?? null, env, rt, new Map());
  },
  unquote: function* (form) {
    throw evalError('unquote (~) outside a syntax-quote', form);
  },
  'unquote-splicing': function* (form) {
    throw evalError('unquote-splicing (~@) outside a syntax-quote', form);
  },
  if: function* (form, env, rt) {
    expectCount(form, 2, 3, '(if test then else?)');
    return truthy(yield* evaluate(form.items[1] ?? null, env, rt)) ? yield* evaluate(form.items[2] ?? null, env, rt) : yield* evaluate(form.items[3] ?? null, env, rt);
  },
  when: function* (form, env, rt) {
    return truthy(yield* evaluate(form.items[1] ?? null, env, rt)) ? yield* evalBody(form.items.slice(2), env, rt) : null;
  },
  'when-not': function* (form, env, rt) {
    return truthy(yield* evaluate(form.items[1] ?? null, env, rt)) ? null : yield* evalBody(form.items.slice(2), env, rt);
  },
  cond: condForm,
  case: caseForm,
  do: function* (form, env, rt) {
    return yield* evalBody(args(form), env, rt);
  },
  and: function* (form, env, rt) {
    let v: Value = true;
    for (const f of args(form)) if (!truthy((v = yield* evaluate(f, env, rt)))) return v;
    return v;
  },
  or: function* (form, env, rt) {
    let v: Value = null;
    for (const f of args(form)) if (truthy((v = yield* evaluate(f, env, rt)))) return v;
    return v;
  },
  def: function* (form, env, rt) {
    expectCount(form, 1, 3, '(def name doc? value)');
    const name = symbolArg(form.items[1] ?? null, 'the name', form);
    const valueForm = form.items.length === 4 ? form.items[3] : form.items[2];
    rt.ns.set(name.name, yield* evaluate(valueForm ?? null, env, rt));
    return new Sym(`#'${name.name}`);
  },
  defn: (form, env, rt) => defn(form, env, rt, false),
  defmacro: (form, env, rt) => defn(form, env, rt, true),
  fn: function* (form, env) {
    const named = form.items[1] instanceof Sym ? (form.items[1] as Sym) : null;
    return new Closure(named?.name ?? null, parseArities(form.items.slice(named === null ? 1 : 2), form), env, false, null, form.span);
  },
  let: letForm,
  loop: loopForm,
  recur: function* (form, env, rt) {
    const vs: Value[] = [];
    for (const f of args(form)) vs.push(yield* evaluate(f, env, rt));
    return new Recur(vs);
  },
  try: tryForm,
  throw: function* (form, env, rt) {
    const v = yield* evaluate(form.items[1] ?? null, env, rt);
    throw new ThrownValue(v, v instanceof ExInfo ? v.message : `thrown: ${printValue(v)}`, form.span);
  },
  doseq: (form, env, rt) => doseq(form, env, rt, false),
  dotimes: (form, env, rt) => doseq(form, env, rt, true),
  comment: function* () {
    return null;
  },
  'macroexpand-1': function* (form, env, rt) {
    return yield* macroexpand1(yield* evaluate(form.items[1] ?? null, env, rt), env, rt);
  },
  macroexpand: function* (form, env, rt) {
    return yield* macroexpand(yield* evaluate(form.items[1] ?? null, env, rt), env, rt);
  },
  ns: function* (form, env, rt) {
    symbolArg(form.items[1] ?? null, 'the namespace name', form);
    for (const clause of form.items.slice(2)) {
      if (clause instanceof BList && clause.items[0] instanceof Keyword && clause.items[0].name === 'require') {
        for (const spec of clause.items.slice(1)) yield* requireNamespace(spec, rt, clause);
      }
    }
    return null;
  },
  require: function* (form, env, rt) {
    for (const f of args(form)) yield* requireNamespace(yield* evaluate(f, env, rt), rt, form);
    return null;
  },
  apply: function* (form, env, rt) {
    const fn = yield* evaluate(form.items[1] ?? null, env, rt);
    const vs: Value[] = [];
    for (const f of form.items.slice(2, -1)) vs.push(yield* evaluate(f, env, rt));
    // One push per item: spreading a million arguments into push() overflows the JS stack.
    if (form.items.length > 2) for (const x of items(yield* evaluate(form.items[form.items.length - 1] ?? null, env, rt))) vs.push(x);
    return yield* apply(fn, vs, rt, form.span);
  },
};

export const SPECIAL_FORMS: ReadonlyMap<string, SpecialForm> = new Map(Object.entries({ ...CORE, ...RELATIONAL_FORMS, ...WRITE_FORMS, ...FOREIGN_KEY_FORMS }));
