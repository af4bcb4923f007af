#!/usr/bin/env node
// The `pyralog` executable: runs the compiled CLI in dist/ (built by `npm install` / `npm run build`).
//
// A CLI call is a short process, so this executable (and only it: importing the
// library changes no process-wide state) raises V8's WebAssembly tier-up budget
// while the PRQL compiler (prql-js, a large WebAssembly module) is instantiated.
// With V8's default budget the first few compiles send hundreds of the module's
// functions to the optimizing compiler: the first query then costs ~4x the CPU
// and the process waits for those background compiles before it can exit. The
// budget is read when a module is instantiated, so it is restored right after;
// a budget or tier flag given on the node command line is left alone.
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PRQL_TIERING_BUDGET = 180_000_000; // 100x V8's default
const V8_DEFAULT_TIERING_BUDGET = 1_800_000;

const mainPath = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const prqlPath = fileURLToPath(new URL('../dist/src/lang/prql/index.js', import.meta.url));
if (!existsSync(mainPath)) {
  process.stderr.write(`pyralog is not built yet (${mainPath} is missing).\nRun \`npm run build\` in ${fileURLToPath(new URL('..', import.meta.url))} first.\n`);
  process.exit(1);
}
const userFlags = [...process.execArgv, process.env['NODE_OPTIONS'] ?? ''].join(' ');
const tune = !/wasm-tiering-budget|liftoff|wasm-dynamic-tiering/.test(userFlags);
if (tune) setFlagsFromString(`--wasm-tiering-budget=${PRQL_TIERING_BUDGET}`);
await import(pathToFileURL(prqlPath).href);
if (tune) setFlagsFromString(`--wasm-tiering-budget=${V8_DEFAULT_TIERING_BUDGET}`);
// `serve` is a long process answering thousands of small calls a second. V8's
// allocation-site pretenuring, once a literal's objects survived in bulk (a bulk
// insert, a warm-up), allocates them straight in old space, and then every young
// object they point to survives each young-generation GC: 5-10 ms scavenges every
// ~100 ms under load instead of under 1 ms (docs/server.md, "Latency and GC").
// The server's process turns it off; a pretenuring flag on the node command line
// is left alone.
if (process.argv[2] === 'serve' && !/pretenuring/.test(userFlags)) setFlagsFromString('--no-allocation-site-pretenuring');
const { main } = await import(pathToFileURL(mainPath).href);
process.exitCode = await main(process.argv.slice(2));
