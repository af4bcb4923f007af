/**
 * Syntax-quote (`` ` ``): builds a form from a template, evaluating `~x` and
 * splicing `~@xs`. Symbols ending in `#` become one fresh gensym per
 * syntax-quote evaluation, so macros do not capture the caller's names.
 * Symbols are not namespace-qualified (Batuta's one difference from Clojure).
 */
import { BList, BMap, BSet, BVector, Sym } from '../../grammars/batuta/forms.js';
import { evalError } from './batuta-error.js';
import type { Env } from './env.js';
import { evaluate } from './evaluator.js';
import { gensym, type Runtime } from './runtime.js';
import { items } from './stdlib/collection-access.js';
import type { Gen, Value } from './values.js';

const headIs = (v: Value, name: string): boolean => v instanceof BList && v.items[0] instanceof Sym && v.items[0].name === name;

function* expandItems(list: readonly Value[], env: Env, rt: Runtime, gensyms: Map<string, Sym>): Gen<Value[]> {
  const out: Value[] = [];
  for (const item of list) {
    if (headIs(item, 'unquote-splicing')) for (const x of items(yield* evaluate((item as BList).items[1] ?? null, env, rt))) out.push(x);
    else out.push(yield* syntaxQuote(item, env, rt, gensyms));
  }
  rt.proc.alloc(16 + 8 * out.length);
  return out;
}

export function* syntaxQuote(form: Value, env: Env, rt: Runtime, gensyms: Map<string, Sym>): Gen {
  if (form instanceof Sym) {
    if (form.name.length > 1 && form.name.endsWith('#')) {
      let s = gensyms.get(form.name);
      if (s === undefined) {
        s = new Sym(gensym(rt, form.name.slice(0, -1)), form.span);
        gensyms.set(form.name, s);
      }
      return s;
    }
    return form;
  }
  if (form instanceof BList) {
    if (headIs(form, 'unquote')) return yield* evaluate(form.items[1] ?? null, env, rt);
    if (headIs(form, 'unquote-splicing')) throw evalError('~@ must be inside a list, vector, map or set', form);
    return new BList(yield* expandItems(form.items, env, rt, gensyms), form.span);
  }
  if (form instanceof BVector) return new BVector(yield* expandItems(form.items, env, rt, gensyms), form.span);
  if (form instanceof BSet) return BSet.from(yield* expandItems(form.items, env, rt, gensyms), form.span);
  if (form instanceof BMap) {
    const flat = yield* expandItems(form.entries.flat(), env, rt, gensyms);
    const entries: [Value, Value][] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) entries.push([flat[i] ?? null, flat[i + 1] ?? null]);
    return BMap.from(entries, form.span);
  }
  return form;
}
