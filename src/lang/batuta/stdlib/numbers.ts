/**
 * Number functions: exact int64 arithmetic (overflow is NUMERIC_OVERFLOW,
 * never a silent wrap or a rounding), float64 when any argument is a float,
 * `/` float division unless both divide exactly as integers (as `quot`
 * otherwise), comparisons across int and float.
 */
import { PyralogError } from '../../../errors/pyralog-error.js';
import { datumEquals } from '../../../grammars/batuta/forms.js';
import { compareValues as compareScalars } from '../../../types/value-order.js';
import { evalError } from '../batuta-error.js';
import type { Value } from '../values.js';
import { arity, def, int, num, type Library } from './define.js';
import { compareValues } from './compare.js';

const MIN = -(2n ** 63n);
const MAX = 2n ** 63n - 1n;

function checked(v: bigint, op: string): bigint {
  if (v < MIN || v > MAX) throw new PyralogError('NUMERIC_OVERFLOW', `integer overflow in ${op}`, { phase: 'execute' });
  return v;
}

type Num = bigint | number;
const both = (a: Num, b: Num, i: (x: bigint, y: bigint) => Num, f: (x: number, y: number) => number): Num =>
  typeof a === 'bigint' && typeof b === 'bigint' ? i(a, b) : f(Number(a), Number(b));

function arith(lib: Library, name: string, unit: bigint, i: (x: bigint, y: bigint) => bigint, f: (x: number, y: number) => number, unary?: (x: Num) => Num): void {
  def(lib, name, (args) => {
    if (args.length === 0) return unit;
    const ns = args.map((a) => num(name, a));
    if (ns.length === 1) return unary !== undefined ? unary(ns[0] as Num) : (ns[0] as Num);
    return ns.slice(1).reduce<Num>((acc, x) => both(acc, x, (a, b) => checked(i(a, b), name), f), ns[0] as Num);
  });
}

/** Two numbers in the system's value order (as queries compare them): int64 vs float64 exactly, NaN equal to itself and above every number. */
export function compareNumbers(a: Num, b: Num): number {
  return compareScalars(a, b);
}

/** The sign of a number against 0 (NaN has none: zero?, pos? and neg? are all false for it). */
const signOf = (name: string, v: Value): number => {
  const x = num(name, v);
  return typeof x === 'number' && Number.isNaN(x) ? Number.NaN : compareNumbers(x, 0n);
};

function compareChain(lib: Library, name: string, ok: (c: number) => boolean): void {
  def(lib, name, (args) => {
    arity(name, args, 1, Infinity);
    if (args.some((a) => typeof a !== 'bigint' && typeof a !== 'number')) {
      for (let k = 0; k + 1 < args.length; k++) if (!ok(compareValues(args[k] ?? null, args[k + 1] ?? null))) return false;
      return true;
    }
    const ns = args.map((a) => num(name, a));
    for (let k = 0; k + 1 < ns.length; k++) if (!ok(compareNumbers(ns[k] as Num, ns[k + 1] as Num))) return false;
    return true;
  });
}

export function installNumbers(lib: Library): void {
  arith(lib, '+', 0n, (a, b) => a + b, (a, b) => a + b);
  arith(lib, '*', 1n, (a, b) => a * b, (a, b) => a * b);
  arith(lib, '-', 0n, (a, b) => a - b, (a, b) => a - b, (x) => (typeof x === 'bigint' ? checked(-x, '-') : -x));
  def(lib, '/', (args) => {
    arity('/', args, 1, Infinity);
    const ns = args.map((a) => Number(num('/', a)));
    if (ns.length === 1) return 1 / (ns[0] as number);
    return ns.slice(1).reduce((acc, x) => acc / x, ns[0] as number);
  });
  def(lib, 'quot', (args) => {
    arity('quot', args, 2);
    const [a, b] = [num('quot', args[0] ?? null), num('quot', args[1] ?? null)];
    if (typeof a === 'bigint' && typeof b === 'bigint') {
      if (b === 0n) throw evalError('quot: division by zero');
      return checked(a / b, 'quot');
    }
    return Math.trunc(Number(a) / Number(b));
  });
  // mod/rem: the remainder of truncated division (sign of the dividend), as in relational expressions.
  for (const name of ['mod', 'rem']) {
    def(lib, name, (args) => {
      arity(name, args, 2);
      const [a, b] = [num(name, args[0] ?? null), num(name, args[1] ?? null)];
      if (typeof a === 'bigint' && typeof b === 'bigint') {
        if (b === 0n) throw evalError(`${name}: division by zero`);
        return a % b;
      }
      return Number(a) % Number(b);
    });
  }
  def(lib, 'inc', (args) => (arity('inc', args, 1), both(num('inc', args[0] ?? null), 1n, (a, b) => checked(a + b, 'inc'), (a) => a + 1)));
  def(lib, 'dec', (args) => (arity('dec', args, 1), both(num('dec', args[0] ?? null), 1n, (a, b) => checked(a - b, 'dec'), (a) => a - 1)));
  def(lib, 'abs', (args) => {
    const x = num('abs', args[0] ?? null);
    return typeof x === 'bigint' ? checked(x < 0n ? -x : x, 'abs') : Math.abs(x);
  });
  def(lib, 'max', (args) => (arity('max', args, 1, Infinity), args.map((a) => num('max', a)).reduce((a, b) => (compareNumbers(a, b) >= 0 ? a : b))));
  def(lib, 'min', (args) => (arity('min', args, 1, Infinity), args.map((a) => num('min', a)).reduce((a, b) => (compareNumbers(a, b) <= 0 ? a : b))));
  compareChain(lib, '<', (c) => c < 0);
  compareChain(lib, '<=', (c) => c <= 0);
  compareChain(lib, '>', (c) => c > 0);
  compareChain(lib, '>=', (c) => c >= 0);
  def(lib, '==', (args) => args.every((a, i) => i === 0 || compareNumbers(num('==', args[0] ?? null), num('==', a)) === 0));
  def(lib, '=', (args) => (arity('=', args, 1, Infinity), args.every((a) => datumEquals(a, args[0] ?? null))));
  def(lib, 'not=', (args) => (arity('not=', args, 1, Infinity), !args.every((a) => datumEquals(a, args[0] ?? null))));
  def(lib, 'zero?', (args) => signOf('zero?', args[0] ?? null) === 0);
  def(lib, 'pos?', (args) => signOf('pos?', args[0] ?? null) > 0);
  def(lib, 'neg?', (args) => signOf('neg?', args[0] ?? null) < 0);
  def(lib, 'even?', (args) => int('even?', args[0] ?? null) % 2n === 0n);
  def(lib, 'odd?', (args) => int('odd?', args[0] ?? null) % 2n !== 0n);
  def(lib, 'int', (args) => {
    const x = num('int', args[0] ?? null);
    if (typeof x === 'bigint') return x;
    if (!Number.isFinite(x)) throw evalError(`int: cannot convert ${x}`);
    return checked(BigInt(Math.trunc(x)), 'int');
  });
  def(lib, 'double', (args) => Number(num('double', args[0] ?? null)));
  def(lib, 'float', (args) => Number(num('float', args[0] ?? null)));
  for (const [name, f] of [['floor', Math.floor], ['ceil', Math.ceil], ['round', (x: number) => Math.sign(x) * Math.round(Math.abs(x))], ['sqrt', Math.sqrt]] as const) {
    def(lib, name, (args) => {
      const x = num(name, args[0] ?? null);
      return typeof x === 'bigint' && name !== 'sqrt' ? x : f(Number(x));
    });
  }
  def(lib, 'pow', (args) => Math.pow(Number(num('pow', args[0] ?? null)), Number(num('pow', args[1] ?? null))));
}

export type { Value };
