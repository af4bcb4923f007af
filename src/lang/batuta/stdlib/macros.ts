/**
 * Built-in macros (form → form, expanded before evaluation and before
 * planning): `|>` and `->` thread first, `->>` threads last, `when-let`,
 * `if-let`. A step may be a list, a symbol or a
 * keyword (`(|> x f)` is `(f x)`).
 */
import { BList, BVector, Sym } from '../../../grammars/batuta/forms.js';
import { evalError } from '../batuta-error.js';
import { Builtin, type Value } from '../values.js';
import type { Library } from './define.js';

function thread(name: string, last: boolean): Builtin {
  return new Builtin(
    name,
    (args) => {
      if (args.length === 0) throw evalError(`${name} needs a value to thread`);
      let acc: Value = args[0] ?? null;
      for (const step of args.slice(1)) {
        if (step instanceof BList && step.items.length > 0) {
          const [head, ...rest] = step.items;
          acc = new BList(last ? [head ?? null, ...rest, acc] : [head ?? null, acc, ...rest], step.span);
        } else acc = new BList([step, acc], step instanceof Sym ? step.span : undefined);
      }
      return acc;
    },
    true,
    `(${name} x step …): threads x ${last ? 'last' : 'first'} through each step`,
  );
}

function letMacro(name: 'when-let' | 'if-let'): Builtin {
  return new Builtin(
    name,
    (args) => {
      const [binding, then, otherwise] = args;
      const b = binding instanceof BVector ? binding.items : [];
      if (b.length !== 2) throw evalError(`${name} takes [name value]`);
      const tmp = new Sym(`${name}__tmp`);
      const body = name === 'when-let' ? new BList([new Sym('do'), ...args.slice(1)]) : (then ?? null);
      return new BList([
        new Sym('let'),
        new BVector([tmp, b[1] ?? null]),
        new BList([new Sym('if'), tmp, new BList([new Sym('let'), new BVector([b[0] ?? null, tmp]), body]), name === 'if-let' ? (otherwise ?? null) : null]),
      ]);
    },
    true,
  );
}

export function installMacros(lib: Library): void {
  for (const m of [thread('|>', false), thread('->', false), thread('->>', true), letMacro('when-let'), letMacro('if-let')]) lib.set(m.name, m);
}
