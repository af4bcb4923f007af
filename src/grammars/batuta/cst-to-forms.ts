/**
 * CST → forms: turns the parser's concrete syntax tree into Batuta data
 * (forms) with spans, checking what the grammar leaves open: number shapes
 * and the int64 range, string escapes, timestamp dates, maps with an even
 * number of forms, `#( … )` literals (no nesting; `%`, `%1`…, `%&`). Problems
 * are collected into `errors`, never thrown, so one input reports them all.
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type { SourceSpan } from '../../errors/pyralog-error.js';
import { BList, BMap, BSet, BVector, Keyword, ParamRef, Sym, Timestamp, keyOf, spanOf, type Datum } from './forms.js';

/** A map key for a message: `the key :n` for atoms, `a key` for collections. */
function describeKey(k: Datum): string {
  if (k instanceof Keyword) return `the key :${k.name}`;
  if (k instanceof Sym) return `the key ${k.name}`;
  if (typeof k === 'string') return `the key ${JSON.stringify(k)}`;
  if (k === null || typeof k === 'bigint' || typeof k === 'number' || typeof k === 'boolean') return `the key ${k === null ? 'nil' : String(k)}`;
  return 'a key';
}

export interface ReadProblem {
  readonly message: string;
  readonly span: SourceSpan;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

const isToken = (e: CstElement): e is IToken => (e as IToken).image !== undefined;

/** The span from token `a` to token `b` (inclusive), ignoring tokens the parser inserted while recovering. */
export function tokenSpan(a: IToken, b: IToken = a): SourceSpan {
  const end = Number.isFinite(b.endOffset) && !b.isInsertedInRecovery ? b : a;
  const line = a.startLine ?? 1;
  const column = a.startColumn ?? 1;
  return {
    line,
    column,
    endLine: end.endLine ?? line,
    endColumn: (end.endColumn ?? column) + 1,
    offset: a.startOffset,
    length: (end.endOffset ?? a.startOffset) - a.startOffset + 1,
  };
}

function firstToken(node: CstNode): IToken | undefined {
  let best: IToken | undefined;
  for (const list of Object.values(node.children)) {
    for (const e of list) {
      const t = isToken(e) ? e : firstToken(e);
      if (t !== undefined && Number.isFinite(t.startOffset) && (best === undefined || t.startOffset < best.startOffset)) best = t;
    }
  }
  return best;
}

function lastToken(node: CstNode): IToken | undefined {
  let best: IToken | undefined;
  for (const list of Object.values(node.children)) {
    for (const e of list) {
      const t = isToken(e) ? e : lastToken(e);
      if (t !== undefined && Number.isFinite(t.endOffset) && !t.isInsertedInRecovery && (best === undefined || (t.endOffset ?? 0) > (best.endOffset ?? 0))) best = t;
    }
  }
  return best;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '0': '\0', b: '\b', f: '\f' };

export class FormBuilder {
  readonly errors: ReadProblem[] = [];
  private inFnLiteral = false;

  private fail(message: string, span: SourceSpan): null {
    this.errors.push({ message, span });
    return null;
  }

  /** The forms of a `program` node, in order; stray closers become errors. */
  program(node: CstNode): Datum[] {
    for (const s of (node.children['stray'] ?? []) as CstNode[]) {
      const t = firstToken(s);
      if (t !== undefined) this.fail(`unmatched ${t.image}: there is no opening bracket for it`, tokenSpan(t));
    }
    return this.forms(node);
  }

  private forms(node: CstNode): Datum[] {
    const out: Datum[] = [];
    for (const f of (node.children['form'] ?? []) as CstNode[]) {
      const d = this.form(f);
      if (d !== undefined) out.push(d);
    }
    return out;
  }

  /** One form; undefined for `#_ x` (discarded). */
  private form(node: CstNode): Datum | undefined {
    const [kind, elements] = Object.entries(node.children)[0] ?? [];
    const child = elements?.[0];
    if (kind === undefined || child === undefined || isToken(child)) return null;
    switch (kind) {
      case 'list':
        return new BList(this.forms(child), this.nodeSpan(child));
      case 'vector':
        return new BVector(this.forms(child), this.nodeSpan(child));
      case 'set':
        return BSet.from(this.forms(child), this.nodeSpan(child));
      case 'map':
        return this.map(child);
      case 'fnLit':
        return this.fnLiteral(child);
      case 'prefixed':
        return this.prefixed(child);
      case 'atom':
        return this.atom(child);
      default:
        return null;
    }
  }

  private nodeSpan(node: CstNode): SourceSpan {
    const l = node.location;
    if (l !== undefined && Number.isFinite(l.startOffset) && Number.isFinite(l.endOffset) && l.startLine !== undefined && Number.isFinite(l.endColumn)) {
      return {
        line: l.startLine,
        column: l.startColumn ?? 1,
        endLine: l.endLine ?? l.startLine,
        endColumn: (l.endColumn ?? 0) + 1,
        offset: l.startOffset,
        length: (l.endOffset ?? l.startOffset) - l.startOffset + 1,
      };
    }
    const a = firstToken(node);
    const b = lastToken(node);
    return a === undefined ? { line: 1, column: 1 } : tokenSpan(a, b ?? a);
  }

  private map(node: CstNode): Datum {
    const items = this.forms(node);
    const span = this.nodeSpan(node);
    if (items.length % 2 !== 0) this.fail(`a map needs an even number of forms (key value pairs), got ${items.length}`, span);
    const entries: [Datum, Datum][] = [];
    const seen = new Set<string>();
    for (let i = 0; i + 1 < items.length; i += 2) {
      const k = items[i] ?? null;
      // A repeated key would drop a value silently (a column of {:n (count) :n (sum :x)}): refused, as Clojure's reader does.
      if (seen.has(keyOf(k))) this.fail(`the map repeats ${describeKey(k)}`, spanOf(k) ?? span);
      seen.add(keyOf(k));
      entries.push([k, items[i + 1] ?? null]);
    }
    return BMap.from(entries, span);
  }

  private fnLiteral(node: CstNode): Datum {
    const span = this.nodeSpan(node);
    if (this.inFnLiteral) this.fail('#( ) function literals cannot be nested', span);
    const outer = this.inFnLiteral;
    this.inFnLiteral = true;
    const body = this.forms(node);
    this.inFnLiteral = outer;
    let max = 0;
    let rest = false;
    const rename = (d: Datum): Datum => {
      if (d instanceof Sym) {
        if (d.name === '%') return (max = Math.max(max, 1)), new Sym('%1', d.span);
        if (d.name === '%&') return (rest = true), d;
        const m = /^%([1-9]\d?)$/.exec(d.name);
        if (m !== null) max = Math.max(max, Number(m[1]));
        return d;
      }
      if (d instanceof BList) return new BList(d.items.map(rename), d.span);
      if (d instanceof BVector) return new BVector(d.items.map(rename), d.span);
      if (d instanceof BMap) return new BMap(d.entries.map(([k, v]) => [rename(k), rename(v)] as const), d.span);
      if (d instanceof BSet) return new BSet(d.items.map(rename), d.span);
      return d;
    };
    const renamed = body.map(rename);
    const params: Datum[] = [];
    for (let i = 1; i <= max; i++) params.push(new Sym(`%${i}`, span));
    if (rest) params.push(new Sym('&', span), new Sym('%&', span));
    return new BList([new Sym('fn', span), new BVector(params, span), new BList(renamed, span)], span);
  }

  private prefixed(node: CstNode): Datum | undefined {
    const span = this.nodeSpan(node);
    const inner = ((node.children['form'] ?? []) as CstNode[])[0];
    const tokens = Object.entries(node.children).filter(([k]) => k !== 'form');
    const which = tokens[0]?.[0];
    const target = inner === undefined ? null : this.form(inner);
    if (which === 'Discard') return undefined;
    if (target === undefined) return this.fail('a reader prefix needs a form after it, found a discarded one', span);
    const head = which === 'Quote' ? 'quote' : which === 'SyntaxQuote' ? 'syntax-quote' : which === 'Unquote' ? 'unquote' : 'unquote-splicing';
    return new BList([new Sym(head, span), target], span);
  }

  private atom(node: CstNode): Datum {
    const [kind, elements] = Object.entries(node.children)[0] ?? [];
    const token = elements?.[0];
    if (kind === undefined || token === undefined || !isToken(token)) return null;
    const span = tokenSpan(token);
    const text = token.image;
    switch (kind) {
      case 'NumberLit':
        return this.number(text, span);
      case 'StringLit':
        return this.string(text, span);
      case 'KeywordLit':
        if (text.startsWith('::') || text.endsWith('/') || text.startsWith(':/')) return this.fail(`invalid keyword ${text}`, span);
        return new Keyword(text.slice(1), span);
      case 'SymbolLit':
        if (text === 'nil') return null;
        if (text === 'true') return true;
        if (text === 'false') return false;
        return new Sym(text, span);
      case 'TimestampLit':
        return this.timestamp(text, span);
      case 'ParamLit':
        return new ParamRef(text.slice(1), span);
      default:
        return null;
    }
  }

  private number(text: string, span: SourceSpan): Datum {
    if (/^[+-]?\d+$/.test(text)) {
      const n = BigInt(text);
      if (n < INT64_MIN || n > INT64_MAX) return this.fail(`integer ${text} is outside int64 (−2^63 … 2^63−1)`, span);
      return n;
    }
    if (/^[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(text)) {
      const f = Number(text);
      if (!Number.isFinite(f)) return this.fail(`float ${text} is outside float64`, span);
      return f;
    }
    return this.fail(`invalid number ${text}`, span);
  }

  private string(text: string, span: SourceSpan): Datum {
    let out = '';
    for (let i = 1; i < text.length - 1; i++) {
      const c = text[i] as string;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = text[++i] ?? '';
      if (e === 'u') {
        const hex = text.slice(i + 1, i + 5);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) return this.fail(`invalid unicode escape \\u${hex} in a string`, span);
        out += String.fromCharCode(parseInt(hex, 16));
        i += 4;
      } else if (ESCAPES[e] !== undefined) out += ESCAPES[e];
      else return this.fail(`unknown escape \\${e} in a string`, span);
    }
    return out;
  }

  private timestamp(text: string, span: SourceSpan): Datum {
    const m = /^@(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?Z?)?$/.exec(text);
    if (m === null) return this.fail(`invalid timestamp ${text}`, span);
    const [y, mo, d, h = '0', mi = '0', s = '0', frac = ''] = m.slice(1).map((x) => x ?? undefined) as string[];
    const year = Number(y);
    const month = Number(mo);
    const day = Number(d);
    const ms = Date.UTC(year, month - 1, day, Number(h), Number(mi), Number(s));
    const check = new Date(ms);
    if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
      return this.fail(`invalid date or time in ${text}`, span);
    }
    const nanos = BigInt(ms) * 1_000_000n + BigInt((frac ?? '').padEnd(9, '0') || '0');
    return new Timestamp(nanos, m[4] === undefined, span);
  }
}
