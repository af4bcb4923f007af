/**
 * Errors across a thread boundary: a worker thread's PyralogError (or a bug)
 * as plain, structured-clonable data, and back into the PyralogError the
 * server's error mapping expects (code, message, phase, spans, hints,
 * details, and the source text for carets). Anything that is not a
 * PyralogError stays an internal error on the other side.
 */
import { isPyralogError, PyralogError, type ErrorCode, type Phase, type SourceSpan } from '../index.js';

export type WireError =
  | {
      readonly kind: 'pyralog';
      readonly code: ErrorCode;
      readonly message: string;
      readonly phase: Phase;
      readonly spans: readonly SourceSpan[];
      readonly hints: readonly string[];
      readonly details: Readonly<Record<string, unknown>> | undefined;
      readonly sourceText: string | undefined;
    }
  | { readonly kind: 'internal'; readonly message: string; readonly stack: string | undefined };

export function toWireError(e: unknown): WireError {
  if (isPyralogError(e)) {
    return { kind: 'pyralog', code: e.code, message: e.message, phase: e.phase, spans: e.spans, hints: e.hints, details: e.details, sourceText: e.sourceText };
  }
  return { kind: 'internal', message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined };
}

export function fromWireError(w: WireError): Error {
  if (w.kind === 'pyralog') {
    return new PyralogError(w.code, w.message, {
      phase: w.phase,
      spans: w.spans,
      hints: w.hints,
      ...(w.details !== undefined ? { details: w.details } : {}),
      ...(w.sourceText !== undefined ? { sourceText: w.sourceText } : {}),
    });
  }
  const e = new Error(`in a server thread: ${w.message}`);
  if (w.stack !== undefined) e.stack = w.stack;
  return e;
}
