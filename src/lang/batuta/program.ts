/**
 * Running a Batuta program: read the text, evaluate each form in order in a
 * runtime, and return the last value. `runProgram` drives the evaluator as
 * an async loop that gives the event loop a turn at every slice (so an
 * AbortSignal can stop it); `runProgramSync` drives it to the end at once
 * (compile mode). Errors leave with the source text attached, for carets.
 */
import { PyralogError } from '../../errors/pyralog-error.js';
import { spanOf } from '../../grammars/batuta/forms.js';
import { readBatuta } from '../../grammars/batuta/read-batuta.js';
import type { Scalar } from '../../types/data-type.js';
import { coreEnv } from './core-env.js';
import { Env } from './env.js';
import { evaluate } from './evaluator.js';
import type { BatutaHost } from './host.js';
import { Process, type ProcessLimits } from './process.js';
import type { Runtime } from './runtime.js';
import { Recur, Relation, type Gen, type Value } from './values.js';
import { batutaError, evalError, isStackOverflow, stackExhausted, withSpan } from './batuta-error.js';
import { MAX_PRINT_DEPTH, nestedDeeperThan } from './printer.js';
import { attachKnownSource, rememberSource } from './source-texts.js';

export interface RuntimeOptions extends ProcessLimits {
  readonly params?: Readonly<Record<string, Scalar>>;
  readonly out?: (text: string) => void;
}

/** A runtime with a fresh core and namespace (or `ns`/`core` kept from an earlier run: a session). */
export function createRuntime(host: BatutaHost, options: RuntimeOptions = {}, keep?: { ns: Env; core: Env; loaded: Map<string, Env>; gensymCounter: number }): Runtime {
  const core = keep?.core ?? coreEnv();
  const rt: Runtime = {
    proc: new Process(options),
    ns: keep?.ns ?? new Env(core),
    core,
    host,
    params: options.params ?? {},
    loaded: keep?.loaded ?? new Map(),
    out: options.out ?? (() => undefined),
    gensymCounter: keep?.gensymCounter ?? 0,
  };
  return rt;
}

/** Evaluates `forms` in order; an error without a span gets the span of the top-level form that raised it. */
function* evalAll(forms: readonly Value[], rt: Runtime): Gen {
  let last: Value = null;
  for (const f of forms) {
    try {
      last = yield* evaluate(f, rt.ns, rt);
    } catch (e) {
      throw withSpan(isStackOverflow(e) ? stackExhausted(f) : e, spanOf(f));
    }
    if (last instanceof Recur) throw evalError('recur outside loop or fn', f);
  }
  const final = forms[forms.length - 1];
  if (final !== undefined && nestedDeeperThan(last, MAX_PRINT_DEPTH)) {
    throw batutaError('BATUTA_BUDGET_EXCEEDED', `the result is nested more than ${MAX_PRINT_DEPTH} deep to print`, final, ['print a part of it (first, get-in), or count it']);
  }
  return last;
}

/** `e` with source text for its carets: the text its span was read from (an earlier entry's, a required file's), else `text`. */
function attach(e: unknown, text: string, rt: Runtime): unknown {
  if (isStackOverflow(e)) return stackExhausted(undefined).withSource(text);
  const known = attachKnownSource(e, rt.core);
  if (known instanceof PyralogError) return known.sourceText === undefined ? known.withSource(text) : known;
  return known;
}

/** Reads `text` and remembers it for the session, so later errors at these forms render under it. */
function readProgram(text: string, rt: Runtime): readonly Value[] {
  const forms = readBatuta(text);
  rememberSource(rt.core, text, forms);
  return forms;
}

/** A relation that, when built later (by the caller), reports errors under the text of the form at fault. */
function reportingSource(rel: Relation, rt: Runtime): Relation {
  return new Relation((ctx) => {
    try {
      return rel.build(ctx);
    } catch (e) {
      throw attachKnownSource(e, rt.core);
    }
  }, rel.span);
}

/** Evaluates every form of `text`; returns the last value. */
export async function runProgram(text: string, rt: Runtime): Promise<Value> {
  try {
    const g = evalAll(readProgram(text, rt), rt);
    for (;;) {
      const r = g.next();
      if (r.done === true) return r.value instanceof Relation ? reportingSource(r.value, rt) : r.value;
      await new Promise<void>((resolve) => setImmediate(resolve));
      rt.proc.checkAbort();
    }
  } catch (e) {
    throw attach(e, text, rt);
  }
}

/** Evaluates `forms` to the end without pausing. */
export function runFormsSync(forms: readonly Value[], rt: Runtime, text: string): Value {
  rememberSource(rt.core, text, forms);
  try {
    const g = evalAll(forms, rt);
    for (;;) {
      const r = g.next();
      if (r.done === true) return r.value;
    }
  } catch (e) {
    throw attach(e, text, rt);
  }
}
