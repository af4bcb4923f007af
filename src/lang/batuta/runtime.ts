/**
 * The runtime of one program run: its process (budgets), the namespace env
 * that `def` writes to, the host (the database, when there is one), the
 * parameter values, loaded namespaces, and gensym numbering.
 */
import type { Scalar } from '../../types/data-type.js';
import type { Env } from './env.js';
import type { BatutaHost } from './host.js';
import type { Process } from './process.js';

export interface Runtime {
  readonly proc: Process;
  /** Where `def` puts names (the session's namespace, or a required file's). */
  ns: Env;
  /** The environment of built-ins that every namespace sits on. */
  readonly core: Env;
  readonly host: BatutaHost;
  readonly params: Readonly<Record<string, Scalar>>;
  /** Namespaces already loaded by require: name → its env. */
  readonly loaded: Map<string, Env>;
  /** Text written by println/prn. */
  readonly out: (text: string) => void;
  gensymCounter: number;
}

export function gensym(rt: Runtime, prefix: string): string {
  return `${prefix}__${++rt.gensymCounter}__auto__`;
}
