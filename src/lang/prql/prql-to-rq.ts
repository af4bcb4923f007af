/**
 * Runs the real PRQL compiler (prql-js, the WebAssembly build of prqlc) up to
 * its Relational Query stage: PRQL text → PL (parse) → RQ (name resolution,
 * type checks, desugaring). Failures become PyralogErrors tagged with the
 * stage that raised them. Nothing here compiles to SQL.
 */
import prqlJs from 'prql-js';
import { fromPrqlException } from './prql-error.js';
import type { RqQuery } from './rq-types.js';

/**
 * pl_to_rq reports resolver errors without source locations; the full
 * compiler reports the same error with them. On this (rare) error path only,
 * re-run the full compile to recover the location.
 */
function withLocation(error: unknown, text: string): unknown {
  if (!(error instanceof Error) || !error.message.includes('"location":null')) return error;
  try {
    const options = new prqlJs.CompileOptions();
    options.signature_comment = false;
    prqlJs.compile(text, options);
  } catch (located) {
    if (located instanceof Error && located.message.includes('"location":{')) return located;
  }
  return error;
}

/** The RQ of `text`; throws PyralogError (phase 'parse' or 'lower') with spans and the source text. */
export function prqlToRq(text: string): RqQuery {
  let pl: string | undefined;
  try {
    pl = prqlJs.prql_to_pl(text);
  } catch (e) {
    throw fromPrqlException(e, 'parse', text);
  }
  if (pl === undefined) throw fromPrqlException(new Error('the PRQL parser returned nothing'), 'parse', text);
  let rq: string | undefined;
  try {
    rq = prqlJs.pl_to_rq(pl);
  } catch (e) {
    throw fromPrqlException(withLocation(e, text), 'lower', text);
  }
  if (rq === undefined) throw fromPrqlException(new Error('the PRQL compiler returned no RQ'), 'lower', text);
  return JSON.parse(keepBigIntegers(rq)) as RqQuery;
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
