/**
 * The Batuta reader's entry: text → forms. `readBatutaAll` returns the forms
 * and every problem found (lexing, parsing with recovery, literal checks);
 * `readBatuta` throws one BATUTA_READ_ERROR carrying a span (and caret) for
 * each problem. Text nested deeper than MAX_BATUTA_NESTING is refused before
 * parsing (BATUTA_BUDGET_EXCEEDED at the first form past the limit). The
 * reader never evaluates anything.
 */
import type { IToken } from 'chevrotain';
import { PyralogError } from '../../errors/pyralog-error.js';
import { FormBuilder, tokenSpan, type ReadProblem } from './cst-to-forms.js';
import type { Datum } from './forms.js';
import { batutaLexer } from './lexer.js';
import { batutaParser } from './parser.js';

export interface ReadResult {
  readonly forms: readonly Datum[];
  readonly errors: readonly ReadProblem[];
}

function describeParseError(message: string): string {
  return message
    .replace(/^Expecting: one of these possible Token sequences:[\s\S]*?but found: /, 'expected a form but found: ')
    .replace(/^Expecting(?: token of type)? --> (.*?) <-- but found --> '(.*)' <--$/s, (_, want: string, got: string) => `expected ${want} but found ${got === '' ? 'the end of the input' : `'${got}'`}`)
    .replace(/but found: ''$/, 'but found the end of the input')
    .replace(/\s+/g, ' ');
}

/** Each opening bracket's closer (a Map: a symbol named `toString` or `__proto__` is no bracket). */
const CLOSER: ReadonlyMap<string, string> = new Map([['(', ')'], ['[', ']'], ['{', '}'], ['#{', '}'], ['#(', ')']]);
const PREFIXES = new Set(["'", '`', '~', '~@', '#_']);

/**
 * Forms nested deeper than this (brackets and quote-like prefixes together)
 * are refused before parsing: the parser recurses per level, and its error
 * recovery on unclosed brackets exhausts the JS stack from about 190 levels.
 */
export const MAX_BATUTA_NESTING = 128;

/**
 * The token where nesting first goes past MAX_BATUTA_NESTING, or undefined.
 * A run of prefixes counts one level each, for the form it applies to.
 */
function tooDeep(tokens: readonly IToken[]): IToken | undefined {
  const weights: number[] = [];
  let depth = 0;
  let prefixes = 0;
  for (const t of tokens) {
    if (PREFIXES.has(t.image)) {
      prefixes++;
      if (depth + prefixes > MAX_BATUTA_NESTING) return t;
    } else if (CLOSER.has(t.image)) {
      weights.push(1 + prefixes);
      depth += 1 + prefixes;
      prefixes = 0;
      if (depth > MAX_BATUTA_NESTING) return t;
    } else if (t.image === ')' || t.image === ']' || t.image === '}') {
      depth -= weights.pop() ?? 0;
      prefixes = 0;
    } else {
      prefixes = 0;
    }
  }
  return undefined;
}

/** The opening brackets that no closer matches by the end of the input (innermost last). */
function unclosedBrackets(tokens: readonly IToken[]): IToken[] {
  const stack: IToken[] = [];
  for (const t of tokens) {
    if (CLOSER.has(t.image)) stack.push(t);
    else if (t.image === ')' || t.image === ']' || t.image === '}') {
      const top = stack[stack.length - 1];
      if (top !== undefined && CLOSER.get(top.image) === t.image) stack.pop();
    }
  }
  return stack;
}

/** `s` as a JSON string with DEL and C1 controls escaped too (JSON.stringify leaves them raw). */
function quoted(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Forms of `text` and all read problems, in text order; throws BATUTA_BUDGET_EXCEEDED for text nested too deep. */
export function readBatutaAll(text: string, source?: string): ReadResult {
  const lexed = batutaLexer.tokenize(text);
  const errors: ReadProblem[] = lexed.errors.map((e) => ({
    message: text[e.offset] === '"' ? 'a string is never closed: expected " before the end of the input' : `unexpected character ${quoted(text.slice(e.offset, e.offset + Math.max(1, e.length)))}`,
    span: { line: e.line ?? 1, column: e.column ?? 1, endLine: e.line ?? 1, endColumn: (e.column ?? 1) + Math.max(1, e.length), offset: e.offset, length: e.length },
  }));
  const deep = tooDeep(lexed.tokens);
  if (deep !== undefined) {
    throw new PyralogError('BATUTA_BUDGET_EXCEEDED', `forms are nested more than ${MAX_BATUTA_NESTING} deep`, {
      phase: 'parse',
      spans: [source === undefined ? tokenSpan(deep) : { ...tokenSpan(deep), source }],
      hints: ['name inner parts with let or def, or build deep data with code instead of literals'],
      sourceText: text,
    });
  }
  batutaParser.input = lexed.tokens;
  const cst = batutaParser.program();
  const lastTok = lexed.tokens[lexed.tokens.length - 1];
  // Input that only ends inside a list: point at the brackets never closed, not at the end.
  const onlyAtEnd = errors.length === 0 && batutaParser.errors.every((e) => !Number.isFinite(e.token.startOffset));
  const unclosed = onlyAtEnd ? unclosedBrackets(lexed.tokens) : [];
  for (const e of batutaParser.errors) {
    if (unclosed.length > 0) continue;
    const prev = (e as { previousToken?: IToken }).previousToken;
    const t = Number.isFinite(e.token.startOffset) ? e.token : prev ?? lastTok;
    const span = t !== undefined && Number.isFinite(t.startOffset) ? tokenSpan(t) : { line: 1, column: 1 };
    errors.push({ message: describeParseError(e.message), span });
  }
  for (const t of unclosed) {
    const close = CLOSER.get(t.image) ?? ')';
    errors.push({ message: `${t.image} is never closed: expected ${close} before the end of the input`, span: tokenSpan(t) });
  }
  const builder = new FormBuilder();
  const forms = builder.program(cst);
  errors.push(...builder.errors);
  errors.sort((a, b) => (a.span.offset ?? 0) - (b.span.offset ?? 0));
  return { forms, errors };
}

/** The forms of `text`; throws BATUTA_READ_ERROR (phase parse) listing every problem with its span. */
export function readBatuta(text: string, source?: string): readonly Datum[] {
  const { forms, errors } = readBatutaAll(text, source);
  if (errors.length > 0) {
    const first = errors[0] as ReadProblem;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    throw new PyralogError('BATUTA_READ_ERROR', `${first.message}${more}`, {
      phase: 'parse',
      spans: errors.map((e) => (source === undefined ? e.span : { ...e.span, source })),
      hints: errors.slice(1).map((e) => `${e.span.line}:${e.span.column}: ${e.message}`),
      sourceText: text,
      details: { errors: errors.map((e) => ({ message: e.message, line: e.span.line, column: e.span.column })) },
    });
  }
  return forms;
}

export type { ReadProblem };
