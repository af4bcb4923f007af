/**
 * The core namespace: every built-in function and macro, in one Env that
 * programs' namespaces sit on. Built-ins are pure constants (what they print
 * through and gensym numbering come from the call's runtime), so the core is
 * built once per process and shared; nothing ever defines into it.
 */
import { Env } from './env.js';
import { installCollections } from './stdlib/collections.js';
import type { Library } from './stdlib/define.js';
import { installMacros } from './stdlib/macros.js';
import { installNumbers } from './stdlib/numbers.js';
import { installTextAndMisc } from './stdlib/text-and-misc.js';
import { installVocabulary } from './stdlib/vocabulary.js';
import type { Builtin } from './values.js';

let shared: Env | undefined;

/** The environment of every built-in (the same object for every caller). */
export function coreEnv(): Env {
  if (shared !== undefined) return shared;
  const lib: Library = new Map<string, Builtin>();
  installNumbers(lib);
  installCollections(lib);
  installTextAndMisc(lib);
  installVocabulary(lib);
  installMacros(lib);
  const env = new Env(null);
  for (const [name, fn] of lib) env.set(name, fn);
  shared = env;
  return env;
}
