/**
 * Query parameters as users pass them (an array for `$1, $2…`, an object for
 * `$name`) turned into the one form the front ends and executor read: a
 * record keyed by name or 1-based position. Also the "type signature" of a
 * parameter set, which decides whether a compiled plan fits new values.
 */
import { PyralogError } from '../errors/pyralog-error.js';
import { typeOfValue } from '../planner/ir/type-rules.js';
import type { Scalar } from '../types/data-type.js';

/** Query parameters: by position (`$1` is index 0) or by name (`$name`, key with or without the `$`). */
export type Params = Readonly<Record<string, Scalar>> | readonly Scalar[];

function isScalar(v: unknown): v is Scalar {
  if (v === null) return true;
  switch (typeof v) {
    case 'boolean':
    case 'bigint':
    case 'number':
    case 'string':
      return true;
    case 'object':
      if (v instanceof Uint8Array) return true;
      return typeof (v as { months?: unknown }).months === 'number' && typeof (v as { nanos?: unknown }).nanos === 'bigint';
    default:
      return false;
  }
}

function badParam(name: string, value: unknown): PyralogError {
  const what = value === undefined ? 'undefined' : value instanceof Date ? 'a Date' : typeof value;
  return new PyralogError('INVALID_PARAM', `parameter $${name} has a value Pyralog cannot use (${what})`, {
    phase: 'execute',
    hints: ['use null, a boolean, a bigint (int64), a number (float64), a string, a Uint8Array or an interval; a timestamp is a bigint of nanoseconds'],
  });
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** NUMERIC_OVERFLOW for a bigint parameter outside int64 (it would otherwise compare as a wrapped or rounded value). */
function checkRange(name: string, v: Scalar): Scalar {
  if (typeof v === 'bigint' && (v < INT64_MIN || v > INT64_MAX)) {
    throw new PyralogError('NUMERIC_OVERFLOW', `parameter $${name} is ${v}, outside int64 (−2^63..2^63−1)`, {
      phase: 'execute',
      hints: ['pass a number (float64) for an approximate value, or a string'],
    });
  }
  return v;
}

const POSITION_NAMES = Array.from({ length: 16 }, (_, i) => String(i + 1));

/** "1" for index 0, …: the name of a positional parameter. */
function positionName(i: number): string {
  return POSITION_NAMES[i] ?? String(i + 1);
}

/**
 * The record form of `params`: `[a, b]` → `{1: a, 2: b}`; `{$x: 1}` → `{x: 1}`.
 * Throws INVALID_PARAM on a non-scalar value and NUMERIC_OVERFLOW on a bigint
 * outside int64. The record has no prototype, so a parameter may be named
 * `__proto__` or `constructor`.
 */
export function normalizeParams(params: Params | undefined): Record<string, Scalar> {
  const out = Object.create(null) as Record<string, Scalar>;
  if (params === undefined) return out;
  if (Array.isArray(params)) {
    const list = params as readonly unknown[];
    for (let i = 0; i < list.length; i++) {
      const v = list[i];
      const name = positionName(i);
      if (!isScalar(v)) throw badParam(name, v);
      out[name] = checkRange(name, v);
    }
    return out;
  }
  for (const [k, v] of Object.entries(params as Readonly<Record<string, unknown>>)) {
    const name = k.startsWith('$') ? k.slice(1) : k;
    if (!isScalar(v)) throw badParam(name, v);
    out[name] = checkRange(name, v);
  }
  return out;
}

const typeTag: (v: Scalar) => string = typeOfValue;

/** `name:type,…` sorted by name: two parameter sets with the same signature can share one plan. */
export function paramSignature(params: Readonly<Record<string, Scalar>>): string {
  const keys = Object.keys(params);
  if (keys.length === 0) return '';
  if (keys.length === 1) return `${keys[0]!}:${typeTag(params[keys[0]!] ?? null)}`;
  return keys
    .sort()
    .map((k) => `${k}:${typeTag(params[k] ?? null)}`)
    .join(',');
}
