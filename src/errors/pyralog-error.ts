/**
 * The one error class of Pyralog. Every user-facing failure is a PyralogError
 * with a stable `code`, the `phase` (pipeline stage) that raised it, optional
 * source spans into query text or input files, hints, and a cause.
 * `invariant()` is for bugs (states that cannot happen), not for bad input.
 */

import { escapeControl } from '../util/escape-control.js';
import type { ErrorCode } from './error-codes.js';

/** `s` safe for a terminal, keeping its line breaks (messages and hints quote user text). */
const safeLines = (s: string): string => s.split('\n').map(escapeControl).join('\n');

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
    const out: string[] = [`error[${this.code}]: ${safeLines(this.message)}`];
    for (const span of this.spans) {
      const where = `${span.source ?? '<query>'}:${span.line}:${span.column}`;
      out.push(`  --> ${where}`);
      if (this.sourceText !== undefined) out.push(renderCaret(this.sourceText, span));
    }
    for (const hint of this.hints) out.push(`  hint: ${safeLines(hint)}`);
    return out.join('\n');
  }
}

/** The widest excerpt line shown; a longer line is cut to a window around the caret, marked with …. */
const EXCERPT_WIDTH = 100;

/**
 * The excerpt of `text` at `span`: the line, prefixed by its number, and a
 * caret line under it. The line is shown safe for a terminal (a tab as one
 * space, other control characters as visible escapes, so query text cannot
 * move the cursor or retitle the window) with the caret under the same
 * characters, and a long line is shown as a window around the caret.
 */
export function renderCaret(text: string, span: SourceSpan): string {
  const lines = text.split(/\r?\n/);
  const lineText = lines[span.line - 1] ?? '';
  const gutter = String(span.line);
  const pad = ' '.repeat(gutter.length);
  const start = Math.max(1, span.column);
  const sameLine = span.endLine === undefined || span.endLine === span.line;
  const end = sameLine && span.endColumn !== undefined ? Math.max(span.endColumn, start + 1) : start + 1;
  // Display text of each character, and where each starts in the display line.
  const shown: string[] = [];
  const at: number[] = [0];
  for (let i = 0; i < lineText.length; i++) {
    const ch = lineText[i] as string;
    const d = ch === '\t' ? ' ' : escapeControl(ch);
    shown.push(d);
    at.push((at[i] as number) + d.length);
  }
  const total = at[lineText.length] as number;
  const col = (c: number): number => (c - 1 <= lineText.length ? (at[c - 1] as number) : total + (c - 1 - lineText.length));
  const caretStart = col(start);
  const caretEnd = Math.max(caretStart + 1, Math.min(col(end), total + 1));
  let from = 0;
  let to = lineText.length;
  if (total > EXCERPT_WIDTH) {
    // First and last characters of a window that starts a little before the caret.
    const want = caretStart + 20 <= EXCERPT_WIDTH ? 0 : Math.max(0, Math.min(caretStart - 20, total - EXCERPT_WIDTH));
    while (from < lineText.length && (at[from] as number) < want) from++;
    to = from;
    while (to < lineText.length && (at[to + 1] as number) - (at[from] as number) <= EXCERPT_WIDTH) to++;
  }
  const left = from > 0 ? '…' : '';
  const right = to < lineText.length ? '…' : '';
  const windowStart = at[from] as number;
  const windowEnd = to < lineText.length ? (at[to] as number) : Math.max(total, caretEnd);
  const caretFrom = Math.max(caretStart, windowStart);
  const width = Math.max(1, Math.min(caretEnd, windowEnd + 1) - caretFrom);
  const excerpt = left + shown.slice(from, to).join('') + right;
  return `${pad} |\n${gutter} | ${excerpt}\n${pad} | ${' '.repeat(left.length + caretFrom - windowStart)}${'^'.repeat(width)}`;
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
