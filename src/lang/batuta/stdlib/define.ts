/** Helpers for defining built-ins: argument count and type checks with Batuta's messages. */
import { evalError } from '../batuta-error.js';
import { printValue } from '../printer.js';
import { Builtin, type BuiltinImpl, type Value } from '../values.js';

export type Library = Map<string, Builtin>;

export function def(lib: Library, name: string, impl: BuiltinImpl, doc: string | null = null): void {
  lib.set(name, new Builtin(name, impl, false, doc));
}

export function arity(name: string, args: readonly Value[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw evalError(`${name} takes ${expected} argument(s), got ${args.length}`);
  }
}

export function num(name: string, v: Value): bigint | number {
  if (typeof v === 'bigint' || typeof v === 'number') return v;
  throw evalError(`${name}: expected a number, got ${printValue(v)}`);
}

export function int(name: string, v: Value): bigint {
  if (typeof v === 'bigint') return v;
  throw evalError(`${name}: expected an integer, got ${printValue(v)}`);
}

export function str(name: string, v: Value): string {
  if (typeof v === 'string') return v;
  throw evalError(`${name}: expected a string, got ${printValue(v)}`);
}
