/**
 * Strings (`str`, `subs`, the `str/…` functions), predicates, printing
 * (println, prn, print, pr, pr-str), atoms, exceptions (ex-info, ex-message,
 * ex-data), names (keyword, symbol, name, gensym) and `type`.
 */
import { BList, BMap, BSet, BVector, Keyword, ParamRef, Sym, Timestamp } from '../../../grammars/batuta/forms.js';
import { evalError } from '../batuta-error.js';
import { printValue } from '../printer.js';
import { Atom, Builtin, Closure, ExInfo, Relation, isFn, type Value } from '../values.js';
import { items } from './collection-access.js';
import { compareValues } from './compare.js';
import { arity, def, int, str, type Library } from './define.js';

const display = (v: Value): string => (v === null ? '' : printValue(v, false));

export function installTextAndMisc(lib: Library): void {
  // NULL in, NULL out, as `str` in relational expressions (SQL concatenation).
  def(lib, 'str', (args) => (args.includes(null) ? null : args.map(display).join('')));
  def(lib, 'subs', (args) => {
    arity('subs', args, 2, 3);
    const s = [...str('subs', args[0] ?? null)];
    const start = Number(int('subs', args[1] ?? null));
    const end = args.length > 2 ? Number(int('subs', args[2] ?? null)) : s.length;
    if (start < 0 || end > s.length || start > end) throw evalError(`subs: range ${start}..${end} outside a string of ${s.length} characters`);
    return s.slice(start, end).join('');
  });
  const text1 = (name: string, f: (s: string) => Value): void => def(lib, name, (args) => (arity(name, args, 1), f(str(name, args[0] ?? null))));
  text1('str/upper', (s) => s.toUpperCase());
  text1('str/lower', (s) => s.toLowerCase());
  text1('upper-case', (s) => s.toUpperCase());
  text1('lower-case', (s) => s.toLowerCase());
  text1('str/upper-case', (s) => s.toUpperCase());
  text1('str/lower-case', (s) => s.toLowerCase());
  text1('str/trim', (s) => s.trim());
  text1('str/blank?', (s) => s.trim() === '');
  text1('str/reverse', (s) => [...s].reverse().join(''));
  def(lib, 'str/join', (args) => {
    const [sep, coll] = args.length === 1 ? ['', args[0] ?? null] : [str('str/join', args[0] ?? null), args[1] ?? null];
    return items(coll).map(display).join(sep);
  });
  def(lib, 'str/split', (args) => new BVector(str('str/split', args[0] ?? null).split(str('str/split', args[1] ?? null))));
  def(lib, 'str/includes?', (args) => str('str/includes?', args[0] ?? null).includes(str('str/includes?', args[1] ?? null)));
  def(lib, 'str/starts-with?', (args) => str('str/starts-with?', args[0] ?? null).startsWith(str('str/starts-with?', args[1] ?? null)));
  def(lib, 'str/ends-with?', (args) => str('str/ends-with?', args[0] ?? null).endsWith(str('str/ends-with?', args[1] ?? null)));
  def(lib, 'str/replace', (args) => str('str/replace', args[0] ?? null).split(str('str/replace', args[1] ?? null)).join(str('str/replace', args[2] ?? null)));

  const pred = (name: string, f: (v: Value) => boolean): void => def(lib, name, (args) => (arity(name, args, 1), f(args[0] ?? null)));
  pred('nil?', (v) => v === null);
  pred('some?', (v) => v !== null);
  pred('true?', (v) => v === true);
  pred('false?', (v) => v === false);
  pred('boolean?', (v) => typeof v === 'boolean');
  pred('number?', (v) => typeof v === 'bigint' || typeof v === 'number');
  pred('int?', (v) => typeof v === 'bigint');
  pred('integer?', (v) => typeof v === 'bigint');
  pred('float?', (v) => typeof v === 'number');
  pred('string?', (v) => typeof v === 'string');
  pred('keyword?', (v) => v instanceof Keyword);
  pred('symbol?', (v) => v instanceof Sym);
  pred('map?', (v) => v instanceof BMap);
  pred('vector?', (v) => v instanceof BVector);
  pred('list?', (v) => v instanceof BList);
  pred('set?', (v) => v instanceof BSet);
  pred('coll?', (v) => v instanceof BMap || v instanceof BVector || v instanceof BList || v instanceof BSet);
  pred('seq?', (v) => v instanceof BList);
  pred('fn?', (v) => isFn(v));
  pred('relation?', (v) => v instanceof Relation);
  pred('inst?', (v) => v instanceof Timestamp);
  def(lib, 'not', (args) => (arity('not', args, 1), args[0] === null || args[0] === false));
  def(lib, 'compare', (args) => BigInt(compareValues(args[0] ?? null, args[1] ?? null)));

  def(lib, 'println', (args, ctx) => (ctx.out(`${args.map(display).join(' ')}\n`), null));
  def(lib, 'print', (args, ctx) => (ctx.out(args.map(display).join(' ')), null));
  def(lib, 'prn', (args, ctx) => (ctx.out(`${args.map((a) => printValue(a)).join(' ')}\n`), null));
  def(lib, 'pr', (args, ctx) => (ctx.out(args.map((a) => printValue(a)).join(' ')), null));
  def(lib, 'pr-str', (args) => args.map((a) => printValue(a)).join(' '));
  def(lib, 'prn-str', (args) => `${args.map((a) => printValue(a)).join(' ')}\n`);
  def(lib, 'print-str', (args) => args.map(display).join(' '));

  def(lib, 'atom', (args) => new Atom(args[0] ?? null));
  const atomArg = (name: string, v: Value): Atom => {
    if (v instanceof Atom) return v;
    throw evalError(`${name} takes an atom, got ${printValue(v)}`);
  };
  def(lib, 'deref', (args) => atomArg('deref', args[0] ?? null).value);
  def(lib, 'reset!', (args) => (atomArg('reset!', args[0] ?? null).value = args[1] ?? null));
  def(lib, 'swap!', function* (args, ctx) {
    const a = atomArg('swap!', args[0] ?? null);
    a.value = yield* ctx.apply(args[1] ?? null, [a.value, ...args.slice(2)]);
    return a.value;
  });

  def(lib, 'ex-info', (args) => new ExInfo(str('ex-info', args[0] ?? null), args[1] ?? BMap.from([])));
  def(lib, 'ex-message', (args) => (args[0] instanceof ExInfo ? args[0].message : null));
  def(lib, 'ex-data', (args) => (args[0] instanceof ExInfo ? args[0].data : null));

  def(lib, 'keyword', (args) =>
    args.length < 2 && (args[0] ?? null) === null ? null : new Keyword(args.length === 2 ? `${display(args[0] ?? null)}/${display(args[1] ?? null)}` : args[0] instanceof Keyword ? args[0].name : display(args[0] ?? null)),
  );
  def(lib, 'symbol', (args) => new Sym(display(args[0] ?? null)));
  def(lib, 'name', (args) => {
    const v = args[0] ?? null;
    if (v instanceof Keyword || v instanceof Sym) return v.local;
    if (typeof v === 'string' || v === null) return v;
    throw evalError(`name takes a keyword, symbol or string, got ${printValue(v)}`);
  });
  def(lib, 'namespace', (args) => (args[0] instanceof Keyword || args[0] instanceof Sym ? (args[0].ns ?? null) : null));
  def(lib, 'gensym', (args, ctx) => new Sym(ctx.gensym(args.length > 0 ? display(args[0] ?? null) : 'G')));
  def(lib, 'type', (args) => {
    const v = args[0] ?? null;
    const t =
      v === null ? 'nil' : typeof v === 'boolean' ? 'boolean' : typeof v === 'bigint' ? 'int' : typeof v === 'number' ? 'float' : typeof v === 'string' ? 'string'
      : v instanceof Keyword ? 'keyword' : v instanceof Sym ? 'symbol' : v instanceof BList ? 'list' : v instanceof BVector ? 'vector' : v instanceof BMap ? 'map'
      : v instanceof BSet ? 'set' : v instanceof Timestamp ? 'timestamp' : v instanceof Closure || v instanceof Builtin ? 'fn' : v instanceof ParamRef ? 'param' : v.typeName;
    return new Keyword(t);
  });
}
