/**
 * Owns the prql-js module instance. prql-js is a WebAssembly build of prqlc
 * whose Node glue instantiates one module when it is first required; when that
 * module traps (a `RuntimeError` such as `memory access out of bounds` from a
 * stack overflow), its memory is left corrupt and every later call fails the
 * same way. `callPrql` runs one call and, on a trap, throws the instance away
 * and loads a fresh one (the glue is CommonJS: dropping it from the require
 * cache and requiring it again instantiates a new module), so one bad query
 * cannot poison the process.
 */
import { createRequire } from 'node:module';
import type * as PrqlJs from 'prql-js';

type PrqlModule = typeof PrqlJs;

const require = createRequire(import.meta.url);
const entry = require.resolve('prql-js');

let current: PrqlModule = require(entry) as PrqlModule;
let reloads = 0;

/** The error of a trapped WebAssembly call, or of a native stack overflow while in it. */
export function isCompilerTrap(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // WebAssembly.RuntimeError (not in the TS lib this project compiles against) names itself so.
  if (error.name === 'RuntimeError') return true;
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** Replaces the prql-js instance by a freshly instantiated one. */
export function reloadPrqlCompiler(): void {
  delete require.cache[entry];
  current = require(entry) as PrqlModule;
  reloads++;
}

/** How many times a trap made us load a fresh compiler (for tests). */
export function prqlCompilerReloads(): number {
  return reloads;
}

/** Runs `f` on the current prql-js instance; a trap reloads the instance before it is rethrown. */
export function callPrql<T>(f: (prql: PrqlModule) => T): T {
  try {
    return f(current);
  } catch (e) {
    if (isCompilerTrap(e)) reloadPrqlCompiler();
    throw e;
  }
}
