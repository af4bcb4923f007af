/**
 * A small scanner of PRQL text that runs before prql-js sees it: it knows
 * just enough of PRQL's lexical grammar (comments, the string forms, quoted
 * identifiers, date literals, numbers, brackets) to find what the compiler
 * mishandles — an unterminated string, bracket nesting deep enough to trap its
 * WebAssembly, pipelines long enough to do the same, integer literals beyond
 * int64 (which prqlc silently turns into floats) and float literals beyond
 * f64 (which it serializes as null). It does not validate anything else;
 * prql-js remains the parser.
 */

/** A number literal: its text, where it starts and ends (UTF-16 offsets), and whether it is an integer. */
export interface NumberToken {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly integer: boolean;
}

/** An opening bracket at its deepest nesting. */
export interface DeepestBracket {
  readonly offset: number;
  readonly depth: number;
}

/** A bracket group (`(…)`, `[…]`, `{…}` or the whole text) with how many operator tokens sit directly inside it. */
export interface OperatorGroup {
  readonly start: number;
  readonly end: number;
  readonly operators: number;
}

/**
 * The longest pipeline of the text: the offsets where its steps start. Steps
 * are separated by `|` or, at the top level and inside `(…)`, by a new line
 * (a line starting with `\` continues the previous one); at the top level a
 * step starting with `let`, `from` or `prql` starts a new statement.
 */
export interface LongestPipeline {
  readonly stepStarts: readonly number[];
}

export interface ScanResult {
  readonly numbers: readonly NumberToken[];
  readonly longestPipeline: LongestPipeline;
  readonly deepest: DeepestBracket;
  /** `firstAtDepth[d - 1]`: the offset of the first bracket that opened nesting depth d. */
  readonly firstAtDepth: readonly number[];
  /** The group with the most operators directly inside (a long `a + b + …` chain lives there). */
  readonly busiest: OperatorGroup;
  /** The offset of the opening quote of a string that never closes. */
  readonly unterminatedString?: number;
}

const IDENT_START = /[A-Za-z_$\u0080-\uffff]/;
const IDENT_PART = /[A-Za-z0-9_\u0080-\uffff]/;
const OPERATORS = new Set(['+', '-', '*', '/', '%', '=', '!', '<', '>', '&', '|', '?', '~']);
const OPEN = new Set(['(', '[', '{']);
const STATEMENT_WORDS = new Set(['let', 'from', 'prql']);
const CLOSE = new Set([')', ']', '}']);

/** The length of the quote run at `i` (1, or an odd 3+ for a multi-line string), and the quote char. */
function quoteRun(text: string, i: number): number {
  const q = text[i];
  let n = 0;
  while (text[i + n] === q) n++;
  if (n >= 3) return n % 2 === 1 ? n : n - 1;
  return n === 2 ? 2 : 1;
}

/** The end of the string opening at `i` (after its closing quotes), or -1 when it never closes. */
function skipString(text: string, i: number, raw: boolean): number {
  const q = text[i] as string;
  const run = quoteRun(text, i);
  if (run === 2) return i + 2; // "" (an empty string)
  const close = q.repeat(run);
  let j = i + run;
  while (j < text.length) {
    const c = text[j];
    if (c === '\\' && !raw) {
      j += 2;
      continue;
    }
    if (c === q && text.startsWith(close, j)) return j + run;
    j++;
  }
  return -1;
}

/** The end of the number literal at `i` and whether it is an integer. */
function scanNumber(text: string, i: number): { end: number; integer: boolean } {
  let j = i;
  if (text[j] === '0' && /[xXbBoO]/.test(text[j + 1] ?? '')) {
    j += 2;
    while (/[0-9A-Fa-f_]/.test(text[j] ?? '')) j++;
    return { end: j, integer: false }; // hex/binary/octal: left to the compiler
  }
  while (/[0-9_]/.test(text[j] ?? '')) j++;
  let integer = true;
  if (text[j] === '.' && /[0-9]/.test(text[j + 1] ?? '')) {
    integer = false;
    j++;
    while (/[0-9_]/.test(text[j] ?? '')) j++;
  }
  if (/[eE]/.test(text[j] ?? '') && /[0-9]/.test(text[j + 1] === '+' || text[j + 1] === '-' ? (text[j + 2] ?? '') : (text[j + 1] ?? ''))) {
    integer = false;
    j += text[j + 1] === '+' || text[j + 1] === '-' ? 2 : 1;
    while (/[0-9_]/.test(text[j] ?? '')) j++;
  }
  return { end: j, integer };
}

/** A bracket group being scanned: its operators and its pipeline steps. */
interface OpenGroup {
  readonly start: number;
  /** `(` and the top level (''): a new line separates pipeline steps there. */
  readonly bracket: string;
  operators: number;
  steps: number[];
  /** A separator was seen and the next token starts a step ('newline' is cancelled by a `\` continuation). */
  pending: 'pipe' | 'newline' | undefined;
}

/** Scans `text` once: numbers, nesting, operator density, pipeline length, and an unterminated string if any. */
export function scanPrql(text: string): ScanResult {
  const numbers: NumberToken[] = [];
  const groups: OpenGroup[] = [{ start: 0, bracket: '', operators: 0, steps: [], pending: 'newline' }];
  let deepest: DeepestBracket = { offset: 0, depth: 0 };
  const firstAtDepth: number[] = [];
  let busiest: OperatorGroup = { start: 0, end: text.length, operators: 0 };
  let longest: readonly number[] = [];
  const keepSteps = (steps: readonly number[]): void => {
    if (steps.length > longest.length) longest = steps;
  };
  const closeGroup = (end: number): void => {
    const g = groups.pop();
    if (g !== undefined && g.operators > busiest.operators) busiest = { start: g.start, end, operators: g.operators };
    if (g !== undefined) keepSteps(g.steps);
  };
  /** A token starts at `at`: the first token after a separator starts a pipeline step. */
  const token = (at: number, word?: string): void => {
    const g = groups[groups.length - 1] as OpenGroup;
    if (g.pending === undefined) return;
    g.pending = undefined;
    if (g.bracket === '' && word !== undefined && STATEMENT_WORDS.has(word)) {
      keepSteps(g.steps);
      g.steps = [];
    }
    g.steps.push(at);
  };
  const result = (unterminatedString?: number): ScanResult => {
    for (const g of groups) keepSteps(g.steps);
    const longestPipeline = { stepStarts: longest };
    return unterminatedString === undefined
      ? { numbers, longestPipeline, deepest, firstAtDepth, busiest }
      : { numbers, longestPipeline, deepest, firstAtDepth, busiest, unterminatedString };
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '\n') {
      const g = groups[groups.length - 1] as OpenGroup;
      if ((g.bracket === '' || g.bracket === '(') && g.pending === undefined) g.pending = 'newline';
      i++;
      continue;
    }
    if (c === '\\') {
      const g = groups[groups.length - 1] as OpenGroup;
      if (g.pending === 'newline') g.pending = undefined;
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      token(i);
      const end = skipString(text, i, /[rs]/.test(text[i - 1] ?? '') && !IDENT_PART.test(text[i - 2] ?? ''));
      if (end < 0) return result(i);
      i = end;
      continue;
    }
    if (c === '`') {
      token(i);
      const end = text.indexOf('`', i + 1);
      if (end < 0) return result(i);
      i = end + 1;
      continue;
    }
    if (c === '@') {
      token(i);
      i++;
      while (i < text.length && /[0-9A-Za-z:.+\-_]/.test(text[i] as string)) i++;
      continue;
    }
    if (IDENT_START.test(c)) {
      const start = i;
      i++;
      while (i < text.length && IDENT_PART.test(text[i] as string)) i++;
      token(start, text.slice(start, i));
      continue;
    }
    if (/[0-9]/.test(c)) {
      token(i);
      const { end, integer } = scanNumber(text, i);
      // A number glued to letters is an interval (`3days`): not a plain literal.
      if (!IDENT_PART.test(text[end] ?? '')) numbers.push({ text: text.slice(i, end), start: i, end, integer });
      i = end;
      while (i < text.length && IDENT_PART.test(text[i] as string)) i++;
      continue;
    }
    if (OPEN.has(c)) {
      token(i);
      groups.push({ start: i, bracket: c, operators: 0, steps: [], pending: 'newline' });
      if (groups.length - 1 > deepest.depth) {
        deepest = { offset: i, depth: groups.length - 1 };
        firstAtDepth.push(i);
      }
    } else if (CLOSE.has(c)) {
      if (groups.length > 1) closeGroup(i + 1);
    } else if (OPERATORS.has(c)) {
      const top = groups[groups.length - 1] as OpenGroup;
      const start = i;
      while (OPERATORS.has(text[i + 1] ?? '')) i++;
      if (c === '|' && i === start) top.pending = 'pipe';
      else token(start);
      top.operators++;
    } else if (!/\s/.test(c)) {
      token(i);
    }
    i++;
  }
  while (groups.length > 1) closeGroup(text.length);
  const whole = groups[0];
  if (whole !== undefined && whole.operators > busiest.operators) busiest = { start: 0, end: text.length, operators: whole.operators };
  return result();
}
