/** Helpers to raise Batuta's PyralogErrors with the span of the form at fault. */
import type { ErrorCode } from '../../errors/error-codes.js';
import { PyralogError, type Phase, type SourceSpan } from '../../errors/pyralog-error.js';
import { spanOf } from '../../grammars/batuta/forms.js';
import type { Value } from './values.js';

const PHASE: Partial<Record<ErrorCode, Phase>> = {
  BATUTA_COMPILE_ERROR: 'lower',
  BATUTA_UNKNOWN_COLUMN: 'lower',
  BATUTA_UNKNOWN_TABLE: 'lower',
  BATUTA_WRITE_IN_QUERY: 'lower',
  BATUTA_READ_ERROR: 'parse',
};

/** A PyralogError at `where` (a span, or a form whose span is used). */
export function batutaError(code: ErrorCode, message: string, where?: SourceSpan | Value, hints: readonly string[] = []): PyralogError {
  const span = where === undefined || where === null ? undefined : isSpan(where) ? where : spanOf(where as Value);
  return new PyralogError(code, message, { phase: PHASE[code] ?? 'execute', spans: span === undefined ? [] : [span], hints });
}

function isSpan(v: unknown): v is SourceSpan {
  return typeof v === 'object' && v !== null && typeof (v as SourceSpan).line === 'number' && typeof (v as SourceSpan).column === 'number' && !('kind' in v);
}

export const evalError = (message: string, where?: SourceSpan | Value, hints?: readonly string[]): PyralogError => batutaError('BATUTA_EVAL_ERROR', message, where, hints);
export const compileError = (message: string, where?: SourceSpan | Value, hints?: readonly string[]): PyralogError => batutaError('BATUTA_COMPILE_ERROR', message, where, hints);

/** Attaches a span to an error that has none (the innermost known form wins). */
export function withSpan(e: unknown, span: SourceSpan | undefined): unknown {
  // Subclasses (a thrown Batuta value) keep their identity.
  if (!(e instanceof PyralogError) || e.constructor !== PyralogError || e.spans.length > 0 || span === undefined) return e;
  return new PyralogError(e.code, e.message, { phase: e.phase, spans: [span], hints: e.hints, cause: e.cause, ...(e.sourceText !== undefined ? { sourceText: e.sourceText } : {}), ...(e.details !== undefined ? { details: e.details } : {}) });
}

/** Whether `e` is the JS engine running out of stack (deep recursion in a program, its macros or its values). */
export function isStackOverflow(e: unknown): e is RangeError {
  // No regular expression here: compiling one with the stack nearly spent throws a SyntaxError.
  return e instanceof RangeError && e.message.includes('call stack');
}

/** BATUTA_BUDGET_EXCEEDED for running out of stack at `where` (`what` ran too deep). */
export function stackExhausted(where: SourceSpan | Value | undefined, what = 'calls or forms nested too deeply'): PyralogError {
  return batutaError('BATUTA_BUDGET_EXCEEDED', `${what} (stack exhausted)`, where, ['a runaway recursion or a recursive macro (use loop/recur), or a |> pipeline of thousands of steps (split it with let)']);
}
