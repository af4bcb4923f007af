/** Shared collection access: a value's items as a sequence, and lookup by key or index (`get`, `(:k m)`, `(m k)`). */
import { BList, BMap, BSet, BVector, Keyword } from '../../../grammars/batuta/forms.js';
import { evalError } from '../batuta-error.js';
import { printValue } from '../printer.js';
import type { Value } from '../values.js';

/** The items of anything sequential: nil → none, a map → [k v] entries, a string → its characters. */
export function items(v: Value): readonly Value[] {
  if (v === null) return [];
  if (v instanceof BList || v instanceof BVector || v instanceof BSet) return v.items;
  if (v instanceof BMap) return v.entries.map(([k, x]) => new BVector([k, x]));
  if (typeof v === 'string') return [...v];
  throw evalError(`don't know how to make a sequence from ${printValue(v)}`);
}

export function isSeqable(v: Value): boolean {
  return v === null || v instanceof BList || v instanceof BVector || v instanceof BSet || v instanceof BMap || typeof v === 'string';
}

/** `(get coll key default)`. */
export function lookupCollection(coll: Value, key: Value, otherwise: Value): Value {
  if (coll instanceof BMap) return coll.has(key) ? (coll.get(key) ?? null) : otherwise;
  if (coll instanceof BSet) return coll.has(key) ? key : otherwise;
  if (coll instanceof BVector || coll instanceof BList || typeof coll === 'string') {
    if (typeof key !== 'bigint') return otherwise;
    const list = typeof coll === 'string' ? [...coll] : coll.items;
    const i = Number(key);
    return i >= 0 && i < list.length ? (list[i] ?? null) : otherwise;
  }
  return otherwise;
}

export const kw = (name: string): Keyword => new Keyword(name);
