/**
 * The data a Batuta reader produces: EDN values that are also the program's
 * forms (code is data). Collections and symbols/keywords carry the span of
 * the text they were read from. `BatutaObject` is the base of values that
 * have no syntax (functions, relations, …), which the language defines.
 */
import type { SourceSpan } from '../../errors/pyralog-error.js';

/** A value with no written form (functions, relations, atoms): the language subclasses it. */
export abstract class BatutaObject {
  abstract readonly typeName: string;
}

/** The namespace part of a qualified name `ns/name` (undefined without a slash; `/` alone has none). */
function nsOf(name: string): string | undefined {
  const i = name.indexOf('/');
  return i > 0 && i < name.length - 1 ? name.slice(0, i) : undefined;
}

/** The part of a qualified name after its namespace. */
function localOf(name: string): string {
  const ns = nsOf(name);
  return ns === undefined ? name : name.slice(ns.length + 1);
}

export class Sym {
  readonly kind = 'symbol';
  constructor(
    readonly name: string,
    readonly span?: SourceSpan,
  ) {}
  /** The namespace part of `ns/name` (undefined without a slash; `/` alone has none). */
  get ns(): string | undefined {
    return nsOf(this.name);
  }
  /** The part after the namespace. */
  get local(): string {
    return localOf(this.name);
  }
}

/** `:name` or `:ns/name` (the name is stored without the colon). */
export class Keyword {
  readonly kind = 'keyword';
  constructor(
    readonly name: string,
    readonly span?: SourceSpan,
  ) {}
  /** The namespace part of `ns/name` (undefined without a slash; `/` alone has none). */
  get ns(): string | undefined {
    return nsOf(this.name);
  }
  /** The part after the namespace. */
  get local(): string {
    return localOf(this.name);
  }
}

export class BList {
  readonly kind = 'list';
  constructor(
    readonly items: readonly Datum[],
    readonly span?: SourceSpan,
  ) {}
}

export class BVector {
  readonly kind = 'vector';
  constructor(
    readonly items: readonly Datum[],
    readonly span?: SourceSpan,
  ) {}
}

/** A map that keeps insertion order; keys are compared by value (`keyOf`). */
export class BMap {
  readonly kind = 'map';
  private index: Map<string, number> | undefined;
  constructor(
    readonly entries: readonly (readonly [Datum, Datum])[],
    readonly span?: SourceSpan,
  ) {}
  private lookup(): Map<string, number> {
    if (this.index === undefined) {
      this.index = new Map();
      this.entries.forEach(([k], i) => this.index?.set(keyOf(k), i));
    }
    return this.index;
  }
  get size(): number {
    return this.entries.length;
  }
  has(key: Datum): boolean {
    return this.lookup().has(keyOf(key));
  }
  get(key: Datum): Datum | undefined {
    const i = this.lookup().get(keyOf(key));
    return i === undefined ? undefined : this.entries[i]?.[1];
  }
  /** A new map with `key` set (kept in place when present, appended otherwise). */
  assoc(key: Datum, value: Datum): BMap {
    const i = this.lookup().get(keyOf(key));
    const entries = [...this.entries];
    if (i === undefined) entries.push([key, value]);
    else entries[i] = [key, value];
    return new BMap(entries);
  }
  dissoc(key: Datum): BMap {
    const k = keyOf(key);
    return new BMap(this.entries.filter(([e]) => keyOf(e) !== k));
  }
  /** A map from entries where a later duplicate key replaces the earlier value in place. */
  static from(entries: Iterable<readonly [Datum, Datum]>, span?: SourceSpan): BMap {
    const out: [Datum, Datum][] = [];
    const seen = new Map<string, number>();
    for (const [k, v] of entries) {
      const key = keyOf(k);
      const i = seen.get(key);
      if (i === undefined) {
        seen.set(key, out.length);
        out.push([k, v]);
      } else out[i] = [k, v];
    }
    return new BMap(out, span);
  }
}

export class BSet {
  readonly kind = 'set';
  private index: Set<string> | undefined;
  constructor(
    readonly items: readonly Datum[],
    readonly span?: SourceSpan,
  ) {}
  has(v: Datum): boolean {
    this.index ??= new Set(this.items.map(keyOf));
    return this.index.has(keyOf(v));
  }
  static from(items: Iterable<Datum>, span?: SourceSpan): BSet {
    const seen = new Set<string>();
    const out: Datum[] = [];
    for (const v of items) {
      const k = keyOf(v);
      if (!seen.has(k)) {
        seen.add(k);
        out.push(v);
      }
    }
    return new BSet(out, span);
  }
}

/** `@2024-01-31` (a date: `dateOnly`) or `@2024-01-31T10:00:00`: nanoseconds since 1970-01-01T00:00Z. */
export class Timestamp {
  readonly kind = 'timestamp';
  constructor(
    readonly nanos: bigint,
    readonly dateOnly: boolean,
    readonly span?: SourceSpan,
  ) {}
}

/** `$name` / `$1`: a query parameter. */
export class ParamRef {
  readonly kind = 'param';
  constructor(
    readonly name: string,
    readonly span?: SourceSpan,
  ) {}
}

/** A Batuta value: nil, booleans, int64 (bigint), float64 (number), strings, and the classes above. */
export type Datum = null | boolean | bigint | number | string | Sym | Keyword | BList | BVector | BMap | BSet | Timestamp | ParamRef | BatutaObject;

const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;

/**
 * A string that is equal for equal values: the key of maps and sets and the
 * basis of `=`. Lists and vectors with equal items are equal (as in Clojure);
 * 1 and 1.0 are not. Objects without syntax compare by identity.
 */
export function keyOf(v: Datum): string {
  if (v === null) return 'n';
  switch (typeof v) {
    case 'boolean':
      return v ? 'T' : 'F';
    case 'bigint':
      return `i${v}`;
    case 'number':
      return Object.is(v, -0) ? 'f0' : `f${v}`;
    case 'string':
      return `s${v.length}:${v}`;
  }
  if (v instanceof Keyword) return `k${v.name}`;
  if (v instanceof Sym) return `y${v.name}`;
  if (v instanceof BList || v instanceof BVector) return `[${v.items.map(keyOf).join(',')}]`;
  if (v instanceof BMap) return `{${v.entries.map(([k, x]) => `${keyOf(k)}=${keyOf(x)}`).sort().join(',')}}`;
  if (v instanceof BSet) return `#{${v.items.map(keyOf).sort().join(',')}}`;
  if (v instanceof Timestamp) return `t${v.nanos}`;
  if (v instanceof ParamRef) return `$${v.name}`;
  let id = objectIds.get(v);
  if (id === undefined) {
    id = nextObjectId++;
    objectIds.set(v, id);
  }
  return `o${id}`;
}

/** Value equality (`=`). */
export function datumEquals(a: Datum, b: Datum): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return keyOf(a) === keyOf(b);
}

/** The span a form was read from, when it keeps one. */
export function spanOf(v: Datum): SourceSpan | undefined {
  if (v instanceof Sym || v instanceof Keyword || v instanceof BList || v instanceof BVector || v instanceof BMap || v instanceof BSet || v instanceof Timestamp || v instanceof ParamRef) return v.span;
  return undefined;
}
