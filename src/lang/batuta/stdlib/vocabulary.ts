/**
 * The relational expression vocabulary as ordinary functions, with the same
 * meaning as their compiled forms (SQL's NULL rules included): coalesce,
 * between, in, like (case-sensitive, % and _), upper, lower, length (code
 * points), substr (from 1), year/month/day, and comparisons that also order
 * text by code point.
 */
import { BList, BSet, BVector, Timestamp, datumEquals } from '../../../grammars/batuta/forms.js';
import { evalError } from '../batuta-error.js';
import { printValue } from '../printer.js';
import type { Value } from '../values.js';
import { compareValues } from './compare.js';
import { arity, def, int, str, type Library } from './define.js';

function likeRegex(pattern: string): RegExp {
  let re = '';
  for (const ch of pattern) re += ch === '%' ? '[\\s\\S]*' : ch === '_' ? '[\\s\\S]' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${re}$`, 'u');
}

function datePart(name: string, part: (d: Date) => number): (args: readonly Value[]) => Value {
  return (args) => {
    const v = args[0] ?? null;
    if (v === null) return null;
    if (!(v instanceof Timestamp)) throw evalError(`${name}: expected a timestamp, got ${printValue(v)}`);
    return BigInt(part(new Date(Number(v.nanos / 1_000_000n))));
  };
}

export function installVocabulary(lib: Library): void {
  def(lib, 'coalesce', (args) => args.find((a) => a !== null) ?? null);
  def(lib, 'between', (args) => {
    arity('between', args, 3);
    const [x = null, lo = null, hi = null] = args;
    if (x === null || lo === null || hi === null) return null;
    return compareValues(x, lo) >= 0 && compareValues(x, hi) <= 0;
  });
  def(lib, 'in', (args) => {
    arity('in', args, 2);
    const x = args[0] ?? null;
    const list = args[1] ?? null;
    if (!(list instanceof BVector || list instanceof BList || list instanceof BSet)) throw evalError('in takes a value and a vector: (in x [1 2 3])');
    if (x === null) return null;
    return list.items.some((v) => datumEquals(v, x)) ? true : list.items.includes(null) ? null : false;
  });
  def(lib, 'like', (args) => {
    arity('like', args, 2);
    if (args[0] === null || args[1] === null) return null;
    return likeRegex(str('like', args[1] ?? null)).test(str('like', args[0] ?? null));
  });
  const text = (name: string, f: (s: string) => Value): void => def(lib, name, (args) => (arity(name, args, 1), args[0] === null ? null : f(str(name, args[0] ?? null))));
  text('upper', (s) => s.toUpperCase());
  text('lower', (s) => s.toLowerCase());
  text('length', (s) => BigInt([...s].length));
  def(lib, 'substr', (args) => {
    arity('substr', args, 2, 3);
    if (args.some((a) => a === null)) return null;
    const cps = [...str('substr', args[0] ?? null)];
    const start = Number(int('substr', args[1] ?? null));
    const len = args.length > 2 ? Number(int('substr', args[2] ?? null)) : cps.length;
    if (len < 0) throw evalError('substr: negative length');
    const from = Math.max(start, 1);
    const to = start + len;
    return cps.slice(from - 1, Math.max(from - 1, to - 1)).join('');
  });
  def(lib, 'year', datePart('year', (d) => d.getUTCFullYear()));
  def(lib, 'month', datePart('month', (d) => d.getUTCMonth() + 1));
  def(lib, 'day', datePart('day', (d) => d.getUTCDate()));
}
