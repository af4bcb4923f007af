/**
 * The core namespace: every built-in function and macro, in one Env that
 * programs' namespaces sit on. Built fresh per runtime (so `out` and gensym
 * numbering belong to it); the names are also the completion list.
 */
import { Env } from './env.js';
import { gensym, type Runtime } from './runtime.js';
import { installCollections } from './stdlib/collections.js';
import type { Library } from './stdlib/define.js';
import { installMacros } from './stdlib/macros.js';
import { installNumbers } from './stdlib/numbers.js';
import { installTextAndMisc } from './stdlib/text-and-misc.js';
import type { Builtin } from './values.js';

/** Fills `env` with the built-ins; `rt()` gives the runtime they print and gensym through. */
export function installCore(env: Env, rt: () => Runtime): void {
  const lib: Library = new Map<string, Builtin>();
  installNumbers(lib);
  installCollections(lib);
  installTextAndMisc(lib, () => rt().out, (prefix) => gensym(rt(), prefix));
  installMacros(lib);
  for (const [name, fn] of lib) env.set(name, fn);
}

export function coreEnv(rt: () => Runtime): Env {
  const env = new Env(null);
  installCore(env, rt);
  return env;
}
