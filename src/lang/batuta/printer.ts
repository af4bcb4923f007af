/**
 * Values as EDN text (`pr-str`, `prn`, the REPL) and as display text (`str`,
 * `println`: strings without quotes), and values as JSON (`{"value": …}`).
 * Timestamps print as the reader's literals, so printed data reads back.
 * Values nested deeper than MAX_PRINT_DEPTH are BATUTA_BUDGET_EXCEEDED, and
 * an atom that holds itself prints as `#atom[…]` inside itself.
 */
import { BList, BMap, BSet, BVector, Keyword, ParamRef, Sym, Timestamp } from '../../grammars/batuta/forms.js';
import { PyralogError } from '../../errors/pyralog-error.js';
import { escapeControl } from '../../util/escape-control.js';
import { Atom, Builtin, Closure, ExInfo, Relation, type Value } from './values.js';

function escapeString(s: string): string {
  // C0 and C1 controls, DEL, line separators and bidi overrides would act on a terminal: \uNNNN.
  return `"${s.replace(/[\\"\n\t\r\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case '"':
        return '\\"';
      case '\n':
        return '\\n';
      case '\t':
        return '\\t';
      case '\r':
        return '\\r';
      default:
        return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  })}"`;
}

export function printFloat(n: number): string {
  if (Number.isNaN(n)) return '##NaN';
  if (n === Infinity) return '##Inf';
  if (n === -Infinity) return '##-Inf';
  if (Object.is(n, -0)) return '-0.0';
  const s = String(n);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

export function printTimestamp(t: Timestamp): string {
  const ms = Number(t.nanos / 1_000_000n);
  const iso = new Date(ms).toISOString();
  if (t.dateOnly) return `@${iso.slice(0, 10)}`;
  const subNanos = ((t.nanos % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n;
  const frac = subNanos === 0n ? '' : `.${subNanos.toString().padStart(9, '0').replace(/0+$/, '')}`;
  return `@${iso.slice(0, 19)}${frac}`;
}

/** Values nested deeper than this are not printed or turned into JSON (the printers recurse per level). */
export const MAX_PRINT_DEPTH = 1000;

function tooDeepToPrint(): PyralogError {
  return new PyralogError('BATUTA_BUDGET_EXCEEDED', `the value is nested more than ${MAX_PRINT_DEPTH} deep to print`, {
    phase: 'execute',
    hints: ['print a part of it (first, get-in), or count it'],
  });
}

/** The values directly inside `v` (items, keys and values, an atom's or error's value), or undefined for a leaf. */
function childrenOf(v: Value, seen: Set<Atom>): readonly Value[] | undefined {
  if (v instanceof BList || v instanceof BVector || v instanceof BSet) return v.items;
  if (v instanceof BMap) return v.entries.flat();
  if (v instanceof ExInfo) return [v.data];
  if (v instanceof Atom && !seen.has(v)) {
    seen.add(v);
    return [v.value];
  }
  return undefined;
}

/**
 * Whether `v` nests collections (and atoms) more than `limit` deep, walked
 * without recursion (one frame per level, not per item); an atom already
 * walked is not followed again (an atom holding itself prints as `#atom[…]`).
 */
export function nestedDeeperThan(v: Value, limit: number): boolean {
  const seen = new Set<Atom>();
  const root = childrenOf(v, seen);
  if (root === undefined) return false;
  const frames: { readonly items: readonly Value[]; i: number }[] = [{ items: root, i: 0 }];
  while (frames.length > 0) {
    if (frames.length > limit) return true;
    const top = frames[frames.length - 1] as { readonly items: readonly Value[]; i: number };
    if (top.i >= top.items.length) {
      frames.pop();
      continue;
    }
    const inner = childrenOf(top.items[top.i++] ?? null, seen);
    if (inner !== undefined) frames.push({ items: inner, i: 0 });
  }
  return false;
}

/** EDN text of a value; `readably` false prints strings raw (println, str). */
export function printValue(v: Value, readably = true): string {
  return print(v, readably, 0, new Set());
}

/** `v` at nesting `depth`; `atoms` are the atoms being printed around it (one met again prints as `#atom[…]`). */
function print(v: Value, readably: boolean, depth: number, atoms: Set<Atom>): string {
  if (v === null) return 'nil';
  switch (typeof v) {
    case 'boolean':
      return String(v);
    case 'bigint':
      return String(v);
    case 'number':
      return printFloat(v);
    case 'string':
      return readably ? escapeString(v) : v;
  }
  if (depth > MAX_PRINT_DEPTH) throw tooDeepToPrint();
  const p = (x: Value): string => print(x, readably, depth + 1, atoms);
  // A keyword or symbol made at run time (keyword, symbol) may hold any text: shown safe for a terminal.
  if (v instanceof Keyword) return `:${readably ? escapeControl(v.name) : v.name}`;
  if (v instanceof Sym) return readably ? escapeControl(v.name) : v.name;
  if (v instanceof BList) return `(${v.items.map(p).join(' ')})`;
  if (v instanceof BVector) return `[${v.items.map(p).join(' ')}]`;
  if (v instanceof BMap) return `{${v.entries.map(([k, x]) => `${p(k)} ${p(x)}`).join(', ')}}`;
  if (v instanceof BSet) return `#{${v.items.map(p).join(' ')}}`;
  if (v instanceof Timestamp) return printTimestamp(v);
  if (v instanceof ParamRef) return `$${v.name}`;
  if (v instanceof Closure) return `#fn[${v.name ?? 'anonymous'}]`;
  if (v instanceof Builtin) return `#fn[${v.name}]`;
  if (v instanceof Relation) return '#relation[…]';
  if (v instanceof Atom) {
    if (atoms.has(v)) return '#atom[…]';
    atoms.add(v);
    try {
      return `#atom[${p(v.value)}]`;
    } finally {
      atoms.delete(v);
    }
  }
  if (v instanceof ExInfo) return `#error{:message ${escapeString(v.message)}, :data ${p(v.data)}}`;
  return `#${v.typeName}`;
}

const keyName = (k: Value): string => (k instanceof Keyword ? k.name : typeof k === 'string' ? k : printValue(k));

/**
 * The JSON form of a value: maps → objects (keyword keys without the colon;
 * a key such as `__proto__` is an own property, never the prototype),
 * sequences → arrays, int64 past 2^53 → strings.
 */
export function toJsonValue(v: Value, depth = 0): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : String(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : printFloat(v);
  if (depth > MAX_PRINT_DEPTH) throw tooDeepToPrint();
  if (v instanceof Keyword) return v.name;
  if (v instanceof Sym) return v.name;
  if (v instanceof BList || v instanceof BVector || v instanceof BSet) return v.items.map((x) => toJsonValue(x, depth + 1));
  if (v instanceof BMap) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of v.entries) Object.defineProperty(o, keyName(k), { value: toJsonValue(x, depth + 1), enumerable: true, writable: true, configurable: true });
    return o;
  }
  if (v instanceof Timestamp) return printTimestamp(v).slice(1);
  return printValue(v);
}
