/**
 * Runs the real PRQL compiler (prql-js, the WebAssembly build of prqlc) up to
 * its Relational Query stage: PRQL text → PL (parse) → RQ (name resolution,
 * type checks, desugaring). The text is guarded first (size, nesting, number
 * literals: see prql-source-guard.ts); failures become PyralogErrors tagged
 * with the stage that raised them, with positions in the user's text. RQ JSON
 * is parsed keeping integers beyond 2^53 exact. Nothing here compiles to SQL.
 */
import { PyralogError } from '../../errors/pyralog-error.js';
import { fromPrqlException, offsetSpan } from './prql-error.js';
import { callPrql, isCompilerTrap } from './prql-compiler.js';
import { bigIntegerOverflow, guardPrqlSource, MAX_PRQL_NESTING, type BigIntegerLiteral, type GuardedPrql } from './prql-source-guard.js';
import type { RqQuery } from './rq-types.js';

/**
 * pl_to_rq reports resolver errors without source locations; the full
 * compiler reports the same error with them. On this (rare) error path only,
 * re-run the full compile to recover the location.
 */
function withLocation(error: unknown, text: string): unknown {
  if (!(error instanceof Error) || !error.message.includes('"location":null')) return error;
  try {
    callPrql((prql) => {
      const options = new prql.CompileOptions();
      options.signature_comment = false;
      prql.compile(text, options);
    });
  } catch (located) {
    if (located instanceof Error && located.message.includes('"location":{')) return located;
  }
  return error;
}

/** The RQ of `source`; throws PyralogError (phase 'parse' or 'lower') with spans and the source text. */
export function prqlToRq(source: string): RqQuery {
  const guarded = guardPrqlSource(source);
  const text = guarded.text;
  let pl: string | undefined;
  try {
    pl = callPrql((prql) => prql.prql_to_pl(text));
  } catch (e) {
    throw betterError(e, 'parse', guarded, source);
  }
  if (pl === undefined) throw fromPrqlException(new Error('the PRQL parser returned nothing'), 'parse', source);
  const plText = pl;
  let rq: string | undefined;
  try {
    rq = callPrql((prql) => prql.pl_to_rq(plText));
  } catch (e) {
    throw betterError(e instanceof Error && isCompilerTrap(e) ? e : withLocation(e, text), 'lower', guarded, source);
  }
  if (rq === undefined) throw fromPrqlException(new Error('the PRQL compiler returned no RQ'), 'lower', source);
  return parseRq(rq, guarded.bigIntegers, source);
}

const INT64_MIN = -9223372036854775808n;
const INT64_MAX = 9223372036854775807n;

/**
 * RQ JSON as an RqQuery: integers beyond 2^53 stay exact (keepBigIntegers),
 * and each big-integer placeholder parameter becomes its exact literal again —
 * with a unary minus folded in, so -9223372036854775808 is int64's minimum.
 * A literal that still does not fit in int64 is NUMERIC_OVERFLOW at its text.
 */
function parseRq(rq: string, bigIntegers: readonly BigIntegerLiteral[], source: string): RqQuery {
  if (bigIntegers.length === 0) return JSON.parse(keepBigIntegers(rq)) as RqQuery;
  const byName = new Map(bigIntegers.map((b) => [b.name, b]));
  /** Placeholder literals in the tree, with their literal and whether a minus was folded in. */
  const placed = new Map<object, { readonly lit: BigIntegerLiteral; readonly value: bigint }>();
  const query = JSON.parse(keepBigIntegers(rq), function revive(key: string, value: unknown): unknown {
    if (key !== 'kind' || typeof value !== 'object' || value === null) return value;
    const param = (value as { Param?: unknown }).Param;
    const big = typeof param === 'string' ? byName.get(param) : undefined;
    if (big !== undefined) return place(big, big.value);
    const op = (value as { Operator?: { name?: unknown; args?: readonly { kind?: object }[] } }).Operator;
    const arg = op?.name === 'std.neg' && op.args?.length === 1 ? op.args[0]?.kind : undefined;
    const inner = arg === undefined ? undefined : placed.get(arg);
    if (arg === undefined || inner === undefined) return value;
    placed.delete(arg);
    return place(inner.lit, -inner.value);
  }) as RqQuery;
  const overflow = [...placed.values()].filter((p) => p.value < INT64_MIN || p.value > INT64_MAX).sort((a, b) => a.lit.offset - b.lit.offset)[0];
  if (overflow !== undefined) throw bigIntegerOverflow(overflow.lit, source, overflow.value < 0n);
  return query;

  function place(lit: BigIntegerLiteral, value: bigint): object {
    const kind = { Literal: { Integer: String(value) } };
    placed.set(kind, { lit, value });
    return kind;
  }
}

/**
 * The PyralogError for a prql-js failure, with what the compiler's own message
 * gets wrong replaced: a trap, a serde recursion limit (whose position is in
 * the compiler's JSON, not the query), an unterminated string (reported as
 * `unexpected ` at the end), and errors that name a big-integer placeholder.
 */
function betterError(e: unknown, stage: 'parse' | 'lower', guarded: GuardedPrql, source: string): PyralogError {
  if (isCompilerTrap(e)) {
    return new PyralogError('PRQL_COMPILER_TRAPPED', `the PRQL compiler crashed on this query (${(e as Error).message}); it was restarted`, {
      phase: stage,
      cause: e,
      sourceText: source,
      spans: guarded.scan.deepest.depth > 0 ? [offsetSpan(source, guarded.scan.deepest.offset, 1)] : [],
      hints: [`simplify the query: nest fewer than ${MAX_PRQL_NESTING} brackets and split long expressions with derive`],
    });
  }
  const raw = e instanceof Error ? e.message : String(e);
  if (/recursion limit exceeded/.test(raw)) {
    const busiest = guarded.scan.busiest;
    return new PyralogError('QUERY_TOO_DEEP', 'the expression is too deeply nested for the PRQL compiler (recursion limit exceeded)', {
      phase: stage,
      cause: e,
      sourceText: source,
      spans: [offsetSpan(source, busiest.start, busiest.end - busiest.start)],
      hints: ['split a long chain of operators into several derive steps (`derive {a = x + y} | derive {b = a + z}`)'],
    });
  }
  if (guarded.scan.unterminatedString !== undefined && stage === 'parse') {
    const at = guarded.scan.unterminatedString;
    const quote = source[at] === '`' ? 'quoted identifier' : 'string';
    return new PyralogError('PRQL_PARSE_ERROR', `unterminated ${quote}: the ${source[at]} here has no closing ${source[at]}`, {
      phase: 'parse',
      cause: e,
      sourceText: source,
      spans: [offsetSpan(source, at, 1)],
    });
  }
  const big = guarded.bigIntegers.find((b) => raw.includes(b.name));
  if (big !== undefined) return bigIntegerOverflow(big, source);
  return fromPrqlException(e, stage, source);
}

/**
 * RQ writes integer literals as JSON numbers, which JSON.parse would round
 * beyond 2^53. Integers of more than 15 digits are quoted first, so they reach
 * the lowering as exact decimal text (an RQ `Integer` is then a string).
 * Quotes inside JSON strings are escaped, so the pattern cannot match there.
 */
export function keepBigIntegers(json: string): string {
  return json.replace(/(?<!\\)"Integer":(-?\d{16,})(?=[,}])/g, '"Integer":"$1"');
}
