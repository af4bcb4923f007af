/**
 * `require` and `(ns … (:require …))`: loads a Batuta file of definitions
 * from the host (only under its configured root), evaluates it once in its
 * own namespace, and makes its names visible as `alias/name` and
 * `full.name/name` (plus unqualified names with `:refer :all` or `:refer [a b]`).
 */
import { readBatuta } from '../../grammars/batuta/read-batuta.js';
import { BVector, Keyword, Sym } from '../../grammars/batuta/forms.js';
import { PyralogError } from '../../errors/pyralog-error.js';
import { batutaError } from './batuta-error.js';
import { Env } from './env.js';
import { evaluate } from './evaluator.js';
import { printValue } from './printer.js';
import { rememberSource } from './source-texts.js';
import type { Runtime } from './runtime.js';
import type { Gen, Value } from './values.js';

function* load(name: string, rt: Runtime, where: Value): Gen<Env> {
  const known = rt.loaded.get(name);
  if (known !== undefined) return known;
  const { text, path } = rt.host.loadSource(name);
  const nsEnv = new Env(rt.core);
  rt.loaded.set(name, nsEnv);
  const saved = rt.ns;
  rt.ns = nsEnv;
  try {
    const forms = readBatuta(text, path);
    rememberSource(rt.core, text, forms, path);
    for (const form of forms) yield* evaluate(form, nsEnv, rt);
  } catch (e) {
    rt.loaded.delete(name);
    if (e instanceof PyralogError && e.sourceText === undefined) throw e.withSource(text);
    throw e;
  } finally {
    rt.ns = saved;
  }
  void where;
  return nsEnv;
}

export function* requireNamespace(spec: Value, rt: Runtime, where: Value): Gen<null> {
  const parts = spec instanceof BVector ? spec.items : [spec];
  const nameSym = parts[0];
  if (!(nameSym instanceof Sym)) throw batutaError('BATUTA_REQUIRE_ERROR', `require takes a namespace symbol, got ${printValue(spec)}`, where);
  const env = yield* load(nameSym.name, rt, where);
  let alias: string | null = null;
  let refer: readonly Value[] | 'all' = [];
  for (let i = 1; i + 1 < parts.length; i += 2) {
    const k = parts[i];
    const v = parts[i + 1] ?? null;
    if (k instanceof Keyword && k.name === 'as' && v instanceof Sym) alias = v.name;
    else if (k instanceof Keyword && k.name === 'refer') refer = v instanceof Keyword && v.name === 'all' ? 'all' : v instanceof BVector ? v.items : [];
  }
  for (const name of env.ownNames()) {
    const value = env.get(name) ?? null;
    rt.ns.set(`${nameSym.name}/${name}`, value);
    if (alias !== null) rt.ns.set(`${alias}/${name}`, value);
    if (refer === 'all' || refer.some((r) => r instanceof Sym && r.name === name)) rt.ns.set(name, value);
  }
  return null;
}
