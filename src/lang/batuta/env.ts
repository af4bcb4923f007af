/**
 * Lexical environments: a chain of frames from a local scope up to the
 * session's global namespace. Globals also remember docstrings and which
 * names the program defined (for tab completion).
 */
import type { Value } from './values.js';

export class Env {
  private readonly vars = new Map<string, Value>();
  constructor(readonly parent: Env | null) {}

  /** The environment that holds `name`, or undefined. */
  find(name: string): Env | undefined {
    for (let e: Env | null = this; e !== null; e = e.parent) if (e.vars.has(name)) return e;
    return undefined;
  }

  has(name: string): boolean {
    return this.find(name) !== undefined;
  }

  /** The value of `name` (undefined when unbound; nil is null). */
  get(name: string): Value | undefined {
    for (let e: Env | null = this; e !== null; e = e.parent) {
      const v = e.vars.get(name);
      if (v !== undefined || e.vars.has(name)) return v;
    }
    return undefined;
  }

  set(name: string, value: Value): void {
    this.vars.set(name, value);
  }

  /** Names bound in this frame only. */
  ownNames(): IterableIterator<string> {
    return this.vars.keys();
  }

  /** The outermost environment (the global namespace). */
  root(): Env {
    let e: Env = this;
    while (e.parent !== null) e = e.parent;
    return e;
  }
}
