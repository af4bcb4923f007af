/**
 * The one error class of Pyralog. Every user-facing failure is a PyralogError
 * with a stable `code`, the `phase` (pipeline stage) that raised it, optional
 * source spans into query text or input files, hints, and a cause.
 * `invariant()` is for bugs (states that cannot happen), not for bad input.
 */

import type { ErrorCode } from './error-codes.js';

export type { ErrorCode } from './error-codes.js';

export type Phase =
  | 'parse'
  | 'lower'
  | 'plan'
  | 'optimize'
  | 'execute'
  | 'storage'
  | 'import'
  | 'chain'
  | 'server'
  | 'cli'
  | 'internal';

/** A position range in some source text: 1-based line and column, end exclusive. */
export interface SourceSpan {
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  /** Byte/char offset into the source, when known. */
  readonly offset?: number;
  readonly length?: number;
  /** File name or other label of the source (a CSV path, a query file). */
  readonly source?: string;
}

export interface PyralogErrorOptions {
  readonly phase?: Phase;
  readonly spans?: readonly SourceSpan[];
  readonly hints?: readonly string[];
  readonly cause?: unknown;
  /** The full source text the spans point into, for caret rendering. */
  readonly sourceText?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export class PyralogError extends Error {
  override readonly name = 'PyralogError';
  readonly code: ErrorCode;
  readonly phase: Phase;
  readonly spans: readonly SourceSpan[];
  readonly hints: readonly string[];
  readonly sourceText: string | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, options: PyralogErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.phase = options.phase ?? 'internal';
    this.spans = options.spans ?? [];
    this.hints = options.hints ?? [];
    this.sourceText = options.sourceText;
    this.details = options.details;
  }

  /** A copy with query text attached (front ends call this so renderers can show a caret). */
  withSource(sourceText: string): PyralogError {
    return new PyralogError(this.code, this.message, {
      phase: this.phase,
      spans: this.spans,
      hints: this.hints,
      cause: this.cause,
      sourceText,
      details: this.details,
    });
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      phase: this.phase,
      message: this.message,
      ...(this.spans.length > 0 ? { spans: this.spans } : {}),
      ...(this.hints.length > 0 ? { hints: this.hints } : {}),
      ...(this.details !== undefined ? { details: this.details } : {}),
    };
  }

  /** Human rendering: `error[CODE]: message`, then each span with a caret excerpt. */
  render(): string {
    const out: string[] = [`error[${this.code}]: ${this.message}`];
    for (const span of this.spans) {
      const where = `${span.source ?? '<query>'}:${span.line}:${span.column}`;
      out.push(`  --> ${where}`);
      if (this.sourceText !== undefined) out.push(renderCaret(this.sourceText, span));
    }
    for (const hint of this.hints) out.push(`  hint: ${hint}`);
    return out.join('\n');
  }
}

/** The excerpt of `text` at `span`: the line, prefixed by its number, and a caret line under it. */
export function renderCaret(text: string, span: SourceSpan): string {
  const lines = text.split(/\r?\n/);
  const lineText = lines[span.line - 1] ?? '';
  const gutter = String(span.line);
  const pad = ' '.repeat(gutter.length);
  const start = Math.max(1, span.column);
  const sameLine = span.endLine === undefined || span.endLine === span.line;
  const end = sameLine && span.endColumn !== undefined ? Math.max(span.endColumn, start + 1) : start + 1;
  const width = Math.max(1, Math.min(end, lineText.length + 2) - start);
  return `${pad} |\n${gutter} | ${lineText}\n${pad} | ${' '.repeat(start - 1)}${'^'.repeat(width)}`;
}

/** 1-based line/column of a 0-based offset into `text`. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Fails loudly on a state that cannot happen: a bug in Pyralog, not bad input. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new PyralogError('INTERNAL', `internal invariant violated: ${message}`, { phase: 'internal' });
}

export function assertNever(value: never, what = 'value'): never {
  throw new PyralogError('INTERNAL', `unexpected ${what}: ${JSON.stringify(value)}`, { phase: 'internal' });
}

export function isPyralogError(e: unknown): e is PyralogError {
  return e instanceof PyralogError;
}
