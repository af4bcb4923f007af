/**
 * Registers the query languages that ship with Pyralog. Importing the package
 * changes no process-wide setting: the V8 tier-up budget that makes a short
 * CLI process start faster is set by the `pyralog` executable alone
 * (bin/pyralog.js), never by the library.
 */
import { registerLanguage } from '../lang/registry.js';
import { prqlLanguage } from '../lang/prql/index.js';
import { batutaLanguage } from '../lang/batuta/index.js';
import { graphqlLanguage } from '../lang/graphql/index.js';

let done = false;

export function registerBuiltinLanguages(): void {
  if (done) return;
  done = true;
  registerLanguage(prqlLanguage);
  registerLanguage(batutaLanguage);
  registerLanguage(graphqlLanguage);
}
