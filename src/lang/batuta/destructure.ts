/**
 * Destructuring of `let`, `fn`, `defn` and `loop` bindings: a symbol binds
 * the value; `[a b & rest :as all]` binds by position; `{a :a, :keys [b c],
 * :strs [d], :or {b 1}, :as m}` binds by key — of a list (a rest argument)
 * read as key value pairs, as Clojure does, so `[& {:keys [a]}]` takes
 * keyword arguments.
 */
import { BMap, BVector, Keyword, Sym } from '../../grammars/batuta/forms.js';
import { evalError } from './batuta-error.js';
import type { Env } from './env.js';
import type { Runtime } from './runtime.js';
import { items, lookupCollection } from './stdlib/collection-access.js';
import { BList } from '../../grammars/batuta/forms.js';
import type { Value } from './values.js';
import { printValue } from './printer.js';

export function bindPattern(pattern: Value, value: Value, env: Env, rt: Runtime): void {
  if (pattern instanceof Sym) {
    if (pattern.ns !== undefined) throw evalError(`cannot bind a qualified name: ${pattern.name}`, pattern);
    env.set(pattern.name, value);
    return;
  }
  if (pattern instanceof BVector) return bindVector(pattern, value, env, rt);
  if (pattern instanceof BMap) return bindMap(pattern, value, env, rt);
  throw evalError(`cannot bind to ${printValue(pattern)}: expected a symbol, a vector or a map`, pattern);
}

function bindVector(pattern: BVector, value: Value, env: Env, rt: Runtime): void {
  const vs = items(value);
  const ps = pattern.items;
  for (let i = 0, pos = 0; i < ps.length; i++) {
    const p = ps[i] ?? null;
    if (p instanceof Sym && p.name === '&') {
      const rest = vs.slice(pos);
      bindPattern(ps[i + 1] ?? null, rest.length === 0 ? null : new BList(rest), env, rt);
      i++;
      continue;
    }
    if (p instanceof Keyword && p.name === 'as') {
      bindPattern(ps[i + 1] ?? null, value, env, rt);
      i++;
      continue;
    }
    bindPattern(p, vs[pos++] ?? null, env, rt);
  }
}

/** A list destructured as a map: its key value pairs (or its one map, as `(f {:a 1})` to keyword arguments). */
function pairsAsMap(list: BList, pattern: BMap): BMap {
  const xs = list.items;
  if (xs.length === 1 && xs[0] instanceof BMap) return xs[0];
  if (xs.length % 2 !== 0) throw evalError(`no value supplied for key ${printValue(xs[xs.length - 1] ?? null)}`, pattern);
  const entries: [Value, Value][] = [];
  for (let i = 0; i < xs.length; i += 2) entries.push([xs[i] ?? null, xs[i + 1] ?? null]);
  return BMap.from(entries);
}

function bindMap(pattern: BMap, given: Value, env: Env, rt: Runtime): void {
  const value = given instanceof BList ? pairsAsMap(given, pattern) : given;
  const defaults = pattern.get(new Keyword('or'));
  const lookup = (key: Value, name: string): Value => {
    const v = lookupCollection(value, key, undefined as unknown as Value);
    if (v !== undefined) return v;
    return defaults instanceof BMap ? (defaults.get(new Sym(name)) ?? null) : null;
  };
  for (const [k, v] of pattern.entries) {
    if (k instanceof Keyword && (k.name === 'keys' || k.name === 'strs' || k.name === 'syms')) {
      if (!(v instanceof BVector)) throw evalError(`:${k.name} takes a vector of symbols`, pattern);
      for (const s of v.items) {
        if (!(s instanceof Sym)) throw evalError(`:${k.name} takes a vector of symbols`, pattern);
        const key = k.name === 'keys' ? new Keyword(s.name) : k.name === 'strs' ? s.name : s;
        env.set(s.local, lookup(key, s.local));
      }
    } else if (k instanceof Keyword && k.name === 'as') {
      bindPattern(v, value, env, rt);
    } else if (k instanceof Keyword && k.name === 'or') {
      continue;
    } else {
      const name = k instanceof Sym ? k.name : '';
      bindPattern(k, lookup(v, name), env, rt);
    }
  }
}
