/**
 * Turns the errors of the PRQL compiler (prql-js throws an Error whose message
 * is JSON: `{"inner":[{code, reason, hints, span, location}]}`) into one
 * PyralogError with a stable code, the stage that failed, every span as
 * line/column, and the query text for caret rendering. Also builds Pyralog's
 * own PRQL errors (unsupported constructs, unknown tables) with a span found in
 * the query text.
 */
import { PyralogError, positionOf, type Phase, type SourceSpan } from '../../errors/pyralog-error.js';
import { isErrorCode, type ErrorCode } from '../../errors/error-codes.js';

interface PrqlMessage {
  readonly code?: string | null;
  readonly reason?: string;
  readonly hints?: readonly string[];
  readonly span?: string | null;
  readonly location?: { readonly start: readonly [number, number]; readonly end: readonly [number, number] } | null;
}

/** The PyralogError for an exception thrown by prql-js at `stage` ('parse' for prql_to_pl, 'lower' for pl_to_rq). */
export function fromPrqlException(error: unknown, stage: Phase, sourceText: string): PyralogError {
  const raw = error instanceof Error ? error.message : String(error);
  const messages = parseMessages(raw);
  if (messages.length === 0) {
    return new PyralogError(stage === 'parse' ? 'PRQL_PARSE_ERROR' : 'PRQL_COMPILE_ERROR', raw, {
      phase: stage,
      cause: error,
      sourceText,
    });
  }
  const first = messages[0] as PrqlMessage;
  const spans = messages.flatMap((m) => spanOf(m, sourceText));
  const hints = messages.flatMap((m) => m.hints ?? []);
  if (messages.some((m) => namesStdDefinition(m.reason ?? ''))) hints.push(STD_NAME_HINT);
  const prqlCode = `PRQL_${first.code ?? ''}`;
  const code: ErrorCode = first.code && isErrorCode(prqlCode) ? prqlCode : stage === 'parse' ? 'PRQL_PARSE_ERROR' : 'PRQL_COMPILE_ERROR';
  const text = messages.map((m) => m.reason ?? 'error').join('; ');
  return new PyralogError(code, text, {
    phase: stage,
    spans,
    hints,
    cause: error,
    sourceText,
    details: { prqlCode: first.code ?? null },
  });
}

const STD_NAME_HINT =
  'a table or column named like a PRQL keyword or std function (date, text, count, group, from, …) must be quoted: default_db.`name` for a table, this.`name` for a column';

/** Whether prql-js's reason is what it says when a name resolved to a std function or transform instead of a table or column. */
function namesStdDefinition(reason: string): boolean {
  return /found type `func|but found func|expected a value, but found a type|internal compiler error; tracked at .*issues\/4474|unexpected `.*\binternal \w+`/.test(reason);
}

function parseMessages(raw: string): PrqlMessage[] {
  try {
    const parsed = JSON.parse(raw) as { inner?: PrqlMessage[] };
    return Array.isArray(parsed.inner) ? parsed.inner : [];
  } catch {
    return [];
  }
}

function spanOf(message: PrqlMessage, sourceText: string): SourceSpan[] {
  if (message.location) {
    const [line0, col0] = message.location.start;
    const [endLine0, endCol0] = message.location.end;
    return [{ line: line0 + 1, column: col0 + 1, endLine: endLine0 + 1, endColumn: endCol0 + 1 }];
  }
  const fromRq = rqSpanToSource(message.span ?? null, sourceText);
  return fromRq === undefined ? [] : [fromRq];
}

/** A RQ span string (`"1:12-17"`) as a SourceSpan, when it points into the query (source 1). */
export function rqSpanToSource(span: string | null | undefined, sourceText: string): SourceSpan | undefined {
  if (!span) return undefined;
  const m = /^(\d+):(\d+)-(\d+)$/.exec(span);
  if (m === null || m[1] !== '1') return undefined;
  return offsetSpan(sourceText, Number(m[2]), Number(m[3]) - Number(m[2]));
}

/** The span of `length` chars at `offset` in `text`. */
export function offsetSpan(text: string, offset: number, length: number): SourceSpan {
  const start = positionOf(text, offset);
  const end = positionOf(text, offset + length);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column, offset, length };
}

/**
 * The span of the first whole-word occurrence of `word` in `text` (RQ keeps
 * almost no spans, so Pyralog's own errors locate the name they are about).
 */
export function findWordSpan(text: string, word: string): SourceSpan | undefined {
  if (word === '') return undefined;
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(^|[^A-Za-z0-9_.])(${escaped})(?![A-Za-z0-9_])`, 'u');
  const m = re.exec(text);
  if (m === null) return undefined;
  const offset = m.index + (m[1] ?? '').length;
  return offsetSpan(text, offset, word.length);
}

/** A Pyralog error about the PRQL query, located at `word` in the text when it occurs there. */
export function prqlError(
  code: ErrorCode,
  message: string,
  sourceText: string,
  word?: string,
  options: { readonly hints?: readonly string[]; readonly phase?: Phase } = {},
): PyralogError {
  const span = word === undefined ? undefined : findWordSpan(sourceText, word);
  return new PyralogError(code, message, {
    phase: options.phase ?? 'lower',
    spans: span === undefined ? [] : [span],
    hints: options.hints ?? [],
    sourceText,
  });
}
