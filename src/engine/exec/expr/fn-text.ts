/**
 * Kernels of the text functions: concat lower upper length trim ltrim rtrim
 * substr replace like ilike starts_with ends_with contains regexp_match lpad
 * rpad reverse to_text. Lengths and positions count Unicode code points;
 * LIKE patterns are compiled once per distinct pattern; user regular
 * expressions (regexp_match, PRQL's `~=`) run on RE2 (re2js), in time linear
 * in the text, compiled once per query.
 */
import type { DataType, Scalar } from '../../../types/data-type.js';
import { PyralogError } from '../../../errors/pyralog-error.js';
import type { Column } from '../column.js';
import type { Chunk } from '../chunk.js';
import { mapScalars, type CompiledExpr } from './kernel-util.js';
import { toText } from './cast.js';
import { RE2JS } from 're2js';

type Kernel = (c: Chunk) => Column;

function strict(args: readonly CompiledExpr[], out: DataType, f: (vals: Scalar[]) => Scalar): Kernel {
  return (c) => mapScalars(c, args.map((a) => a.eval(c)), out, f);
}

/** Code points of a string (astral characters count once). */
export function codePoints(s: string): string[] {
  return Array.from(s);
}

export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    if (u < 0xdc00 || u > 0xdfff) n++;
  }
  return n;
}

function trimChars(s: string, chars: string, left: boolean, right: boolean): string {
  const set = new Set(codePoints(chars));
  const cps = codePoints(s);
  let a = 0;
  let b = cps.length;
  if (left) while (a < b && set.has(cps[a] as string)) a++;
  if (right) while (b > a && set.has(cps[b - 1] as string)) b--;
  return cps.slice(a, b).join('');
}

/** SQL substring by code points: positions from `start` (1-based), `len` of them. */
function substr(s: string, start: number, len: number | null): string {
  const cps = codePoints(s);
  const from = Math.max(start, 1);
  const to = len === null ? cps.length + 1 : start + len;
  if (len !== null && len < 0) {
    throw new PyralogError('INVALID_ARGUMENT', 'negative substring length not allowed', { phase: 'execute' });
  }
  if (to <= from) return '';
  return cps.slice(from - 1, to - 1).join('');
}

function pad(s: string, n: number, fill: string, left: boolean): string {
  const cps = codePoints(s);
  if (n <= 0) return '';
  if (cps.length >= n) return cps.slice(0, n).join('');
  const f = codePoints(fill);
  if (f.length === 0) return s;
  const need = n - cps.length;
  const padding: string[] = [];
  for (let i = 0; i < need; i++) padding.push(f[i % f.length] as string);
  return left ? padding.join('') + s : s + padding.join('');
}

const likeCache = new Map<string, RegExp>();

/** LIKE pattern (% any run, _ one code point, backslash escapes) as an anchored RegExp. */
export function likeRegex(pattern: string, caseInsensitive: boolean): RegExp {
  const key = (caseInsensitive ? 'i:' : 's:') + pattern;
  let re = likeCache.get(key);
  if (re === undefined) {
    let src = '';
    const cps = codePoints(pattern);
    for (let i = 0; i < cps.length; i++) {
      const ch = cps[i] as string;
      if (ch === '\\' && i + 1 < cps.length) src += escapeRe(cps[++i] as string);
      else if (ch === '%') src += '[\\s\\S]*';
      else if (ch === '_') src += '[\\s\\S]';
      else src += escapeRe(ch);
    }
    re = new RegExp('^' + src + '$', caseInsensitive ? 'iu' : 'u');
    if (likeCache.size > 1000) likeCache.clear();
    likeCache.set(key, re);
  }
  return re;
}

function escapeRe(ch: string): string {
  // only syntax characters may be escaped under the 'u' flag ('-' is literal outside a class)
  return ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** What RE2 refuses that JS regular expressions accept: backreferences and lookaround. */
const BACKTRACKING_ONLY = /\\[1-9]|\\k<|\(\?<?[=!]/;

/** The linear-time (RE2) form of a user pattern; INVALID_ARGUMENT, naming the pattern, when RE2 cannot take it. */
export function compileUserRegex(pattern: string): RE2JS {
  try {
    return RE2JS.compile(pattern);
  } catch (cause) {
    const backtracking = BACKTRACKING_ONLY.test(pattern);
    const why = backtracking ? 'backreferences and lookaround are not supported' : cause instanceof Error ? cause.message : String(cause);
    throw new PyralogError('INVALID_ARGUMENT', `invalid regular expression '${pattern}': ${why}`, {
      phase: 'execute',
      cause,
      hints: ['regular expressions use RE2 syntax and match in linear time: no backreferences (\\1) or lookaround ((?=…), (?<!…))'],
    });
  }
}

/**
 * A matcher for one compiled expression (so: one query): each distinct pattern
 * is compiled once, and a few are kept (a literal pattern is the usual case).
 */
function regexMatcher(): (pattern: string, s: string) => boolean {
  const compiled = new Map<string, RE2JS>();
  return (pattern, s) => {
    let re = compiled.get(pattern);
    if (re === undefined) {
      re = compileUserRegex(pattern);
      if (compiled.size >= 64) compiled.clear();
      compiled.set(pattern, re);
    }
    return re.test(s);
  };
}

export const TEXT_FUNCTIONS: Readonly<Record<string, (args: readonly CompiledExpr[], out: DataType) => Kernel>> = {
  concat: (args) => {
    const types = args.map((a) => a.type);
    return strict(args, 'utf8', (vals) => {
      let s = '';
      for (let j = 0; j < vals.length; j++) s += toText(vals[j] as Scalar, types[j] as DataType);
      return s;
    });
  },
  lower: (args) => strict(args, 'utf8', ([s]) => (s as string).toLowerCase()),
  upper: (args) => strict(args, 'utf8', ([s]) => (s as string).toUpperCase()),
  length: (args) => strict(args, 'int64', ([s]) => BigInt(s instanceof Uint8Array ? s.length : codePointLength(s as string))),
  trim: (args) => strict(args, 'utf8', ([s, ch]) => trimChars(s as string, args.length > 1 ? (ch as string) : ' ', true, true)),
  ltrim: (args) => strict(args, 'utf8', ([s, ch]) => trimChars(s as string, args.length > 1 ? (ch as string) : ' ', true, false)),
  rtrim: (args) => strict(args, 'utf8', ([s, ch]) => trimChars(s as string, args.length > 1 ? (ch as string) : ' ', false, true)),
  substr: (args) =>
    strict(args, 'utf8', ([s, start, len]) =>
      substr(s as string, Number(start), args.length > 2 ? Number(len) : null),
    ),
  replace: (args) => strict(args, 'utf8', ([s, from, to]) => ((from as string) === '' ? (s as string) : (s as string).split(from as string).join(to as string))),
  like: (args) => strict(args, 'bool', ([s, p]) => likeRegex(p as string, false).test(s as string)),
  ilike: (args) => strict(args, 'bool', ([s, p]) => likeRegex(p as string, true).test(s as string)),
  starts_with: (args) => strict(args, 'bool', ([s, p]) => (s as string).startsWith(p as string)),
  ends_with: (args) => strict(args, 'bool', ([s, p]) => (s as string).endsWith(p as string)),
  contains: (args) => strict(args, 'bool', ([s, p]) => (s as string).includes(p as string)),
  regexp_match: (args) => {
    const match = regexMatcher();
    return strict(args, 'bool', ([s, p]) => match(p as string, s as string));
  },
  lpad: (args) => strict(args, 'utf8', ([s, n, f]) => pad(s as string, Number(n), args.length > 2 ? (f as string) : ' ', true)),
  rpad: (args) => strict(args, 'utf8', ([s, n, f]) => pad(s as string, Number(n), args.length > 2 ? (f as string) : ' ', false)),
  reverse: (args) => strict(args, 'utf8', ([s]) => codePoints(s as string).reverse().join('')),
  to_text: (args) => {
    const t = (args[0] as CompiledExpr).type;
    return strict(args, 'utf8', ([v]) => toText(v as Scalar, t));
  },
};
