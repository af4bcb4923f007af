/** Test helpers: evaluate Batuta text without a database (compile-mode host) and print the last value as EDN. */
import { compileHost } from '../index.js';
import { printValue } from '../printer.js';
import { createRuntime, runProgram, type RuntimeOptions } from '../program.js';

export async function evalEdn(text: string, options: RuntimeOptions = {}): Promise<{ edn: string; out: string }> {
  let out = '';
  const rt = createRuntime(compileHost({ table: () => undefined, tables: () => [], version: 0 }), { ...options, out: (t) => (out += t) });
  const v = await runProgram(text, rt);
  return { edn: printValue(v), out };
}

export async function edn(text: string, options: RuntimeOptions = {}): Promise<string> {
  return (await evalEdn(text, options)).edn;
}
