/**
 * When is an entry typed into the REPL finished? For Batuta, when its forms
 * balance: every `( [ {` (and `#{ #(`) is closed, no string is open — with
 * strings, `\` escapes, character literals and `;` comments taken into
 * account. For PRQL (and other pipeline languages), when no bracket or
 * string is open and the last line does not end in `|` (a trailing `|`
 * says "the pipeline goes on"; it is blanked before the text is compiled,
 * since a newline already separates transforms). Pure functions, no I/O.
 */

/** `empty`: only blanks and comments; `incomplete`: more lines are needed; `complete`: ready to evaluate. */
export type EntryState = 'empty' | 'incomplete' | 'complete';

const OPEN: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
const CLOSE = new Set([')', ']', '}']);

/** The state of Batuta text: complete once every form is closed (an extra closer also completes it, so the reader can report it). */
export function batutaEntryState(text: string): EntryState {
  const stack: string[] = [];
  let tokens = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ';') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ',') {
      i++;
      continue;
    }
    tokens = true;
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      if (i >= text.length) return 'incomplete';
      i++;
      continue;
    }
    if (c === '\\') {
      i += 2; // a character literal such as \( or \"
      continue;
    }
    const closer = OPEN[c];
    if (closer !== undefined) stack.push(closer);
    else if (CLOSE.has(c)) {
      if (stack.pop() !== c) return 'complete'; // a stray or mismatched closer: let the reader say so
    }
    i++;
  }
  if (!tokens) return 'empty';
  return stack.length > 0 ? 'incomplete' : 'complete';
}

interface PipelineScan {
  readonly state: EntryState;
  /** Offsets of `|` characters that end a line (outside strings and comments). */
  readonly trailingPipes: readonly number[];
}

/** Scans PRQL-like text: strings ('…', "…", and triple-quoted), `#` comments, brackets, line-ending pipes. */
function scanPipeline(text: string): PipelineScan {
  let depth = 0;
  let tokens = false;
  let lastToken = -1; // offset of the last non-blank character outside comments on the current line
  let lastLineEnd = -1; // the same for the last line with any token, at its end
  const trailingPipes: number[] = [];
  const endLine = (): void => {
    if (lastToken >= 0 && text[lastToken] === '|' && text[lastToken - 1] !== '|') trailingPipes.push(lastToken);
    if (lastToken >= 0) lastLineEnd = lastToken;
    lastToken = -1;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      endLine();
      i++;
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    tokens = true;
    if (c === '"' || c === "'") {
      const quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      i += quote.length;
      while (i < text.length && !text.startsWith(quote, i)) i += text[i] === '\\' ? 2 : 1;
      if (i >= text.length) return { state: 'incomplete', trailingPipes };
      i += quote.length;
      lastToken = i - 1;
      continue;
    }
    if (OPEN[c] !== undefined) depth++;
    else if (CLOSE.has(c)) depth--;
    lastToken = i;
    i++;
  }
  endLine();
  if (!tokens) return { state: 'empty', trailingPipes };
  const continues = lastLineEnd >= 0 && trailingPipes[trailingPipes.length - 1] === lastLineEnd;
  return { state: depth > 0 || continues ? 'incomplete' : 'complete', trailingPipes };
}

/** The state of PRQL (or another pipeline language's) text. */
export function pipelineEntryState(text: string): EntryState {
  return scanPipeline(text).state;
}

/** Whether `lang` is read as Lisp forms (Batuta) rather than as a pipeline. */
export function isFormLanguage(lang: string): boolean {
  return lang === 'batuta';
}

export function entryState(lang: string, text: string): EntryState {
  return isFormLanguage(lang) ? batutaEntryState(text) : pipelineEntryState(text);
}

/**
 * The text to hand to the language: for pipeline languages every
 * line-ending `|` becomes a space (same length, so error columns still
 * point at what was typed); Batuta text is passed as it is.
 */
export function textToEvaluate(lang: string, text: string): string {
  if (isFormLanguage(lang)) return text;
  const pipes = scanPipeline(text).trailingPipes;
  if (pipes.length === 0) return text;
  let out = '';
  let from = 0;
  for (const p of pipes) {
    out += `${text.slice(from, p)} `;
    from = p + 1;
  }
  return out + text.slice(from);
}
