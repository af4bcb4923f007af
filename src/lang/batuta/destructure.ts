/**
 * Destructuring of `let`, `fn`, `defn` and `loop` bindings: a symbol binds
 * the value; `[a b & rest :as all]` binds by position; `{a :a, :keys [b c],
 * :strs [d], :or {b 1}, :as m}` binds by key.
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

function bindMap(pattern: BMap, value: Value, env: Env, rt: Runtime): void {
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
