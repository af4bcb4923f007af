/**
 * What Pyralog checks and rewrites in PRQL text before prql-js compiles it:
 * a bound on the text's size, on bracket nesting and on pipeline length (deep
 * nesting and long pipelines overflow the compiler's WebAssembly stack),
 * float literals beyond f64 (prqlc would serialize them as null), and integer
 * literals beyond int64, which prqlc would silently turn into floats. Each such integer is replaced by a
 * parameter placeholder of exactly the same length (so every span the
 * compiler reports still points at the user's text); the lowering turns the
 * placeholder back into the exact value, or NUMERIC_OVERFLOW at the literal.
 */
import { PyralogError } from '../../errors/pyralog-error.js';
import { offsetSpan } from './prql-error.js';
import { scanPrql, type ScanResult } from './prql-scan.js';

/** Brackets nested deeper than this are refused: prql-js 0.12 traps from about 19 (`{…}`) to 23 (`(…)`) levels. */
export const MAX_PRQL_NESTING = 16;
/**
 * Pipelines longer than this many steps (`from` counts as one) are refused:
 * prql-js 0.12 traps from 223 steps in one pipeline (each step nests the
 * previous one in the compiler's resolver).
 */
export const MAX_PRQL_PIPELINE_STEPS = 200;
/** The longest query text accepted (characters). */
export const MAX_PRQL_TEXT = 256 * 1024;

const INT64_MAX = 9223372036854775807n;

/** An integer literal of the query too large for int64, replaced in the compiled text by parameter `name`. */
export interface BigIntegerLiteral {
  readonly name: string;
  /** The literal's digits (underscores removed). */
  readonly value: bigint;
  readonly text: string;
  readonly offset: number;
}

export interface GuardedPrql {
  /** The text prql-js compiles. */
  readonly text: string;
  readonly bigIntegers: readonly BigIntegerLiteral[];
  readonly scan: ScanResult;
}

/** Checks `source` and returns the text to compile; throws QUERY_TOO_LARGE, QUERY_TOO_DEEP or NUMERIC_OVERFLOW. */
export function guardPrqlSource(source: string): GuardedPrql {
  if (source.length > MAX_PRQL_TEXT) {
    throw new PyralogError('QUERY_TOO_LARGE', `the query is ${source.length} characters long; the limit is ${MAX_PRQL_TEXT}`, {
      phase: 'parse',
      hints: ['pass large data as a table or as parameters, not inside the query text'],
    });
  }
  const scan = scanPrql(source);
  if (scan.deepest.depth > MAX_PRQL_NESTING) {
    throw new PyralogError('QUERY_TOO_DEEP', `brackets are nested ${scan.deepest.depth} deep; the limit is ${MAX_PRQL_NESTING}`, {
      phase: 'parse',
      spans: [offsetSpan(source, scan.firstAtDepth[MAX_PRQL_NESTING] ?? scan.deepest.offset, 1)],
      hints: ['name inner parts with `let` or `derive` steps instead of nesting them'],
      sourceText: source,
    });
  }
  const steps = scan.longestPipeline.stepStarts;
  if (steps.length > MAX_PRQL_PIPELINE_STEPS) {
    throw new PyralogError('QUERY_TOO_DEEP', `a pipeline has ${steps.length} steps; the limit is ${MAX_PRQL_PIPELINE_STEPS}`, {
      phase: 'parse',
      spans: [stepSpan(source, steps[MAX_PRQL_PIPELINE_STEPS] as number)],
      hints: ['merge steps (one filter with `&&`, one derive with several columns), or name part of the pipeline with `let`'],
      sourceText: source,
    });
  }
  const bigIntegers: BigIntegerLiteral[] = [];
  let text = source;
  const prefix = uniquePrefix(source);
  for (const n of scan.numbers) {
    const digits = n.text.replace(/_/g, '');
    if (!n.integer) {
      if (Number.isFinite(Number(digits))) continue;
      throw new PyralogError('NUMERIC_OVERFLOW', `the float literal ${n.text} is beyond the range of float64`, {
        phase: 'parse',
        spans: [offsetSpan(source, n.start, n.end - n.start)],
        hints: ['float64 reaches about ±1.8e308'],
        sourceText: source,
      });
    }
    const value = BigInt(digits);
    if (value <= INT64_MAX) continue;
    const name = `${prefix}${bigIntegers.length}`.padEnd(n.end - n.start - 1, '_');
    bigIntegers.push({ name, value, text: n.text, offset: n.start });
    text = `${text.slice(0, n.start)}$${name}${text.slice(n.end)}`;
  }
  return { text, bigIntegers, scan };
}

/** The span of the step starting at `offset`: its first word (the transform's name), or one character. */
function stepSpan(source: string, offset: number): ReturnType<typeof offsetSpan> {
  const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(offset, offset + 64));
  return offsetSpan(source, offset, word === null ? 1 : word[0].length);
}

/** A parameter-name prefix that no identifier of `source` starts with. */
function uniquePrefix(source: string): string {
  let prefix = 'pyralog_int_';
  while (source.includes(prefix)) prefix = `x${prefix}`;
  return prefix;
}

/** The NUMERIC_OVERFLOW error for a big integer literal (`negated` when it stands after a unary minus). */
export function bigIntegerOverflow(lit: BigIntegerLiteral, source: string, negated = false): PyralogError {
  return new PyralogError('NUMERIC_OVERFLOW', `the integer literal ${negated ? '-' : ''}${lit.text} does not fit in int64`, {
    phase: 'lower',
    spans: [offsetSpan(source, lit.offset, lit.text.length)],
    hints: ['int64 holds −9223372036854775808..9223372036854775807; write a float (`1e26`) for a larger approximate number'],
    sourceText: source,
  });
}
