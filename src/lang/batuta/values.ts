/**
 * Batuta's runtime values beyond the reader's data: functions (closures and
 * built-ins, with macro flags), relations (lazy query values), atoms, thrown
 * exception values, and `recur` signals. Forms and values are one type
 * (`Value`), so code is data.
 */
import type { SourceSpan } from '../../errors/pyralog-error.js';
import { BatutaObject, type Datum } from '../../grammars/batuta/forms.js';
import type { Env } from './env.js';
import type { Frame, RelContext } from './relational/frame.js';

export type Value = Datum;

/** The generator type of evaluation: it yields 'slice' where a scheduler may pause it, and returns the value. */
export type Gen<T = Value> = Generator<'slice', T, void>;

/** One arity of a function: parameter patterns, an optional rest pattern after `&`, and the body forms. */
export interface Arity {
  readonly params: readonly Value[];
  readonly rest: Value | null;
  readonly body: readonly Value[];
}

export class Closure extends BatutaObject {
  readonly typeName = 'fn';
  constructor(
    readonly name: string | null,
    readonly arities: readonly Arity[],
    readonly env: Env,
    readonly isMacro: boolean,
    readonly doc: string | null = null,
    readonly span?: SourceSpan,
  ) {
    super();
  }
}

/** What a built-in sees of its caller: apply a function (re-entering the evaluator), and the call's span. */
export interface CallContext {
  apply(fn: Value, args: readonly Value[]): Gen<Value>;
  readonly span: SourceSpan | undefined;
  /** Where println and prn write. */
  out(text: string): void;
  /** A fresh symbol name. */
  gensym(prefix: string): string;
}

export type BuiltinImpl = (args: readonly Value[], ctx: CallContext) => Value | Gen<Value>;

export class Builtin extends BatutaObject {
  readonly typeName = 'fn';
  constructor(
    readonly name: string,
    readonly impl: BuiltinImpl,
    /** Built-in macros take forms and return a form (the threading macros). */
    readonly isMacro = false,
    readonly doc: string | null = null,
  ) {
    super();
  }
}

/** A relation: built (planned) only when needed, against the catalog and parameters of that moment. */
export class Relation extends BatutaObject {
  readonly typeName = 'relation';
  constructor(
    readonly build: (ctx: RelContext) => Frame,
    readonly span?: SourceSpan,
  ) {
    super();
  }
}

export class Atom extends BatutaObject {
  readonly typeName = 'atom';
  constructor(public value: Value) {
    super();
  }
}

/** `(ex-info msg data)`: what programs throw and catch. */
export class ExInfo extends BatutaObject {
  readonly typeName = 'ex-info';
  constructor(
    readonly message: string,
    readonly data: Value,
  ) {
    super();
  }
}

/** The value of `(recur …)` in tail position: loop and fn rebind and go again. */
export class Recur extends BatutaObject {
  readonly typeName = 'recur';
  constructor(readonly args: readonly Value[]) {
    super();
  }
}

export const isFn = (v: Value): v is Closure | Builtin => v instanceof Closure || v instanceof Builtin;

/** True for everything except nil and false. */
export const truthy = (v: Value): boolean => v !== null && v !== false;

/** Drives a generator to its end without pausing (macro expansion, compile mode, transactions). */
export function runToEnd<T>(g: Gen<T>): T {
  for (;;) {
    const r = g.next();
    if (r.done === true) return r.value;
  }
}

/** Whether a built-in's result is a generator to run. */
export function isGen(v: unknown): v is Gen<Value> {
  return typeof v === 'object' && v !== null && typeof (v as { next?: unknown }).next === 'function' && typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function' && !(v instanceof BatutaObject);
}
