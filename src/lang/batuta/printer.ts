/**
 * Values as EDN text (`pr-str`, `prn`, the REPL) and as display text (`str`,
 * `println`: strings without quotes), and values as JSON (`{"value": …}`).
 * Timestamps print as the reader's literals, so printed data reads back.
 */
import { BList, BMap, BSet, BVector, Keyword, ParamRef, Sym, Timestamp } from '../../grammars/batuta/forms.js';
import { Atom, Builtin, Closure, ExInfo, Relation, type Value } from './values.js';

function escapeString(s: string): string {
  return `"${s.replace(/[\\"\n\t\r\u0000-\u001f]/g, (c) => {
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

/** EDN text of a value; `readably` false prints strings raw (println, str). */
export function printValue(v: Value, readably = true): string {
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
  const p = (x: Value): string => printValue(x, readably);
  if (v instanceof Keyword) return `:${v.name}`;
  if (v instanceof Sym) return v.name;
  if (v instanceof BList) return `(${v.items.map(p).join(' ')})`;
  if (v instanceof BVector) return `[${v.items.map(p).join(' ')}]`;
  if (v instanceof BMap) return `{${v.entries.map(([k, x]) => `${p(k)} ${p(x)}`).join(', ')}}`;
  if (v instanceof BSet) return `#{${v.items.map(p).join(' ')}}`;
  if (v instanceof Timestamp) return printTimestamp(v);
  if (v instanceof ParamRef) return `$${v.name}`;
  if (v instanceof Closure) return `#fn[${v.name ?? 'anonymous'}]`;
  if (v instanceof Builtin) return `#fn[${v.name}]`;
  if (v instanceof Relation) return '#relation[…]';
  if (v instanceof Atom) return `#atom[${p(v.value)}]`;
  if (v instanceof ExInfo) return `#error{:message ${escapeString(v.message)}, :data ${p(v.data)}}`;
  return `#${v.typeName}`;
}

const keyName = (k: Value): string => (k instanceof Keyword ? k.name : typeof k === 'string' ? k : printValue(k));

/** The JSON form of a value: maps → objects (keyword keys without the colon), sequences → arrays, int64 past 2^53 → strings. */
export function toJsonValue(v: Value): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : String(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : printFloat(v);
  if (v instanceof Keyword) return v.name;
  if (v instanceof Sym) return v.name;
  if (v instanceof BList || v instanceof BVector || v instanceof BSet) return v.items.map(toJsonValue);
  if (v instanceof BMap) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of v.entries) o[keyName(k)] = toJsonValue(x);
    return o;
  }
  if (v instanceof Timestamp) return printTimestamp(v).slice(1);
  return printValue(v);
}
