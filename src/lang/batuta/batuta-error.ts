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
