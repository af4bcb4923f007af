/**
 * Registers the query languages that ship with Pyralog, and loads the PRQL
 * compiler (prql-js, a large WebAssembly module) with a raised V8 tier-up
 * budget. With V8's default budget, the first few PRQL compiles in a process
 * send hundreds of the module's functions to the optimizing compiler: the
 * first query then costs ~4x the CPU, and a short process (a CLI call, a
 * test) waits for those background compiles before it can exit. With the
 * higher budget only functions that stay hot across many compiles are
 * optimized, so a long-running server still reaches full speed. The budget
 * is read when a module is instantiated, so it is restored right after and
 * no other WebAssembly module is affected; a budget or tier flag given on the
 * node command line is left alone.
 */
import { setFlagsFromString } from 'node:v8';
import { registerLanguage } from '../lang/registry.js';

/** 100x V8's default (1,800,000): tier-up after ~100 compiles' worth of use instead of during the first one. */
const PRQL_TIERING_BUDGET = 180_000_000;
const V8_DEFAULT_TIERING_BUDGET = 1_800_000;

function userSetWasmTiering(): boolean {
  const args = [...process.execArgv, process.env['NODE_OPTIONS'] ?? ''].join(' ');
  return /wasm-tiering-budget|liftoff|wasm-dynamic-tiering/.test(args);
}

const tune = !userSetWasmTiering();
if (tune) setFlagsFromString(`--wasm-tiering-budget=${PRQL_TIERING_BUDGET}`);
const { prqlLanguage } = await import('../lang/prql/index.js');
if (tune) setFlagsFromString(`--wasm-tiering-budget=${V8_DEFAULT_TIERING_BUDGET}`);

let done = false;

export function registerBuiltinLanguages(): void {
  if (done) return;
  done = true;
  registerLanguage(prqlLanguage);
}
