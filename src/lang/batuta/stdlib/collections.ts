/**
 * Collection functions: construction, access, `conj`/`assoc`-style updates
 * (copies: values are immutable), and the sequence library (map, filter,
 * reduce, group-by, sort-by, frequencies, …). Sequences are eager vectors or
 * lists; higher-order functions call back into the evaluator as generators,
 * so user functions in them still count steps and can be paused.
 */
import { BList, BMap, BSet, BVector, Keyword, datumEquals, keyOf } from '../../../grammars/batuta/forms.js';
import { evalError } from '../batuta-error.js';
import { printValue } from '../printer.js';
import { Builtin, truthy, type CallContext, type Gen, type Value } from '../values.js';
import { compareValues } from './compare.js';
import { items, lookupCollection } from './collection-access.js';
import { arity, def, int, type Library } from './define.js';

const vec = (xs: readonly Value[]): BVector => new BVector(xs);
const list = (xs: readonly Value[]): BList => new BList(xs);

function* mapSeq(ctx: CallContext, f: Value, xs: readonly Value[]): Gen<Value[]> {
  const out: Value[] = [];
  for (const x of xs) out.push(yield* ctx.apply(f, [x]));
  return out;
}

function* filterSeq(ctx: CallContext, f: Value, xs: readonly Value[], keep: boolean): Gen<Value[]> {
  const out: Value[] = [];
  for (const x of xs) if (truthy(yield* ctx.apply(f, [x])) === keep) out.push(x);
  return out;
}

function conj(coll: Value, xs: readonly Value[]): Value {
  if (coll === null || coll instanceof BList) return list([...[...xs].reverse(), ...(coll?.items ?? [])]);
  if (coll instanceof BVector) return vec([...coll.items, ...xs]);
  if (coll instanceof BSet) return BSet.from([...coll.items, ...xs]);
  if (coll instanceof BMap) {
    let m = coll;
    for (const x of xs) {
      if (x instanceof BMap) for (const [k, v] of x.entries) m = m.assoc(k, v);
      else {
        const [k, v] = items(x);
        m = m.assoc(k ?? null, v ?? null);
      }
    }
    return m;
  }
  throw evalError(`conj: cannot add to ${printValue(coll)}`);
}

function assoc(coll: Value, k: Value, v: Value): Value {
  if (coll === null) return BMap.from([[k, v]]);
  if (coll instanceof BMap) return coll.assoc(k, v);
  if (coll instanceof BVector && typeof k === 'bigint' && k >= 0n && k <= BigInt(coll.items.length)) {
    const xs = [...coll.items];
    xs[Number(k)] = v;
    return vec(xs);
  }
  throw evalError(`assoc: cannot set ${printValue(k)} in ${printValue(coll)}`);
}

export function installCollections(lib: Library): void {
  def(lib, 'list', (args) => list(args));
  def(lib, 'vector', (args) => vec(args));
  def(lib, 'hash-map', (args) => {
    if (args.length % 2 !== 0) throw evalError('hash-map takes key value pairs');
    const e: [Value, Value][] = [];
    for (let i = 0; i < args.length; i += 2) e.push([args[i] ?? null, args[i + 1] ?? null]);
    return BMap.from(e);
  });
  def(lib, 'hash-set', (args) => BSet.from(args));
  def(lib, 'set', (args) => BSet.from(items(args[0] ?? null)));
  def(lib, 'vec', (args) => vec(items(args[0] ?? null)));
  def(lib, 'seq', (args) => {
    const xs = items(args[0] ?? null);
    return xs.length === 0 ? null : list(xs);
  });
  def(lib, 'count', (args) => {
    arity('count', args, 1);
    const c = args[0] ?? null;
    return BigInt(c instanceof BMap ? c.size : items(c).length);
  });
  def(lib, 'get', (args) => (arity('get', args, 2, 3), lookupCollection(args[0] ?? null, args[1] ?? null, args[2] ?? null)));
  def(lib, 'get-in', (args) => {
    let v = args[0] ?? null;
    for (const k of items(args[1] ?? null)) v = lookupCollection(v, k, null);
    return v ?? args[2] ?? null;
  });
  def(lib, 'contains?', (args) => {
    const [c, k] = [args[0] ?? null, args[1] ?? null];
    if (c instanceof BMap || c instanceof BSet) return c.has(k);
    return typeof k === 'bigint' && k >= 0n && k < BigInt(items(c).length);
  });
  def(lib, 'conj', (args) => conj(args[0] ?? null, args.slice(1)));
  def(lib, 'cons', (args) => list([args[0] ?? null, ...items(args[1] ?? null)]));
  def(lib, 'assoc', (args) => {
    let c = args[0] ?? null;
    for (let i = 1; i + 1 < args.length; i += 2) c = assoc(c, args[i] ?? null, args[i + 1] ?? null);
    return c;
  });
  def(lib, 'assoc-in', (args) => {
    const path = items(args[1] ?? null);
    const put = (c: Value, i: number): Value => (i === path.length - 1 ? assoc(c, path[i] ?? null, args[2] ?? null) : assoc(c, path[i] ?? null, put(lookupCollection(c, path[i] ?? null, null), i + 1)));
    return path.length === 0 ? (args[2] ?? null) : put(args[0] ?? null, 0);
  });
  def(lib, 'dissoc', (args) => {
    let m = args[0] ?? null;
    if (m === null) return null;
    if (!(m instanceof BMap)) throw evalError('dissoc takes a map');
    for (const k of args.slice(1)) m = m.dissoc(k);
    return m;
  });
  def(lib, 'update', function* (args, ctx) {
    const [m, k, f, ...more] = args;
    return assoc(m ?? null, k ?? null, yield* ctx.apply(f ?? null, [lookupCollection(m ?? null, k ?? null, null), ...more]));
  });
  def(lib, 'keys', (args) => (args[0] instanceof BMap ? (args[0].size === 0 ? null : list(args[0].entries.map(([k]) => k))) : null));
  def(lib, 'vals', (args) => (args[0] instanceof BMap ? (args[0].size === 0 ? null : list(args[0].entries.map(([, v]) => v))) : null));
  def(lib, 'merge', (args) => args.reduce<Value>((a, b) => (b === null ? a : a === null ? b : conj(a, [b])), null));
  def(lib, 'select-keys', (args) => {
    const m = args[0] ?? null;
    return BMap.from(items(args[1] ?? null).filter((k) => m instanceof BMap && m.has(k)).map((k) => [k, lookupCollection(m, k, null)] as const));
  });
  def(lib, 'zipmap', (args) => {
    const ks = items(args[0] ?? null);
    const vs = items(args[1] ?? null);
    return BMap.from(ks.slice(0, vs.length).map((k, i) => [k, vs[i] ?? null] as const));
  });
  def(lib, 'first', (args) => items(args[0] ?? null)[0] ?? null);
  def(lib, 'second', (args) => items(args[0] ?? null)[1] ?? null);
  def(lib, 'last', (args) => {
    const xs = items(args[0] ?? null);
    return xs[xs.length - 1] ?? null;
  });
  def(lib, 'rest', (args) => list(items(args[0] ?? null).slice(1)));
  def(lib, 'next', (args) => {
    const xs = items(args[0] ?? null).slice(1);
    return xs.length === 0 ? null : list(xs);
  });
  def(lib, 'butlast', (args) => {
    const xs = items(args[0] ?? null).slice(0, -1);
    return xs.length === 0 ? null : list(xs);
  });
  def(lib, 'nth', (args) => {
    const xs = items(args[0] ?? null);
    const index = int('nth', args[1] ?? null);
    const i = Number(index);
    if (i < 0 || i >= xs.length) {
      if (args.length > 2) return args[2] ?? null;
      throw evalError(`nth: index ${index} out of bounds (count ${xs.length})`);
    }
    return xs[i] ?? null;
  });
  def(lib, 'empty?', (args) => items(args[0] ?? null).length === 0);
  def(lib, 'not-empty', (args) => (items(args[0] ?? null).length === 0 ? null : (args[0] ?? null)));
  def(lib, 'concat', (args) => list(args.flatMap((a) => [...items(a)])));
  def(lib, 'reverse', (args) => list([...items(args[0] ?? null)].reverse()));
  def(lib, 'range', (args) => {
    arity('range', args, 1, 3);
    const ns = args.map((a) => int('range', a));
    const [start, end, step] = ns.length === 1 ? [0n, ns[0] as bigint, 1n] : [ns[0] as bigint, ns[1] as bigint, ns[2] ?? 1n];
    if (step === 0n) throw evalError('range: step 0');
    const n = Number((end - start + step - (step > 0n ? 1n : -1n)) / step);
    if (n > 10_000_000) throw evalError('range: more than 10,000,000 items');
    const out: Value[] = [];
    for (let x = start; step > 0n ? x < end : x > end; x += step) out.push(x);
    return list(out);
  });
  def(lib, 'take', (args) => list(items(args[1] ?? null).slice(0, Math.max(0, Number(int('take', args[0] ?? null))))));
  def(lib, 'drop', (args) => list(items(args[1] ?? null).slice(Math.max(0, Number(int('drop', args[0] ?? null))))));
  def(lib, 'distinct*', (args) => list(BSet.from(items(args[0] ?? null)).items));
  def(lib, 'frequencies', (args) => {
    const counts = new Map<string, [Value, bigint]>();
    for (const x of items(args[0] ?? null)) {
      const k = keyOf(x);
      const c = counts.get(k);
      counts.set(k, [x, (c?.[1] ?? 0n) + 1n]);
    }
    return BMap.from([...counts.values()]);
  });
  def(lib, 'into', (args) => conj(args[0] ?? null, items(args[1] ?? null)));
  def(lib, 'sort', (args) => {
    const xs = [...items(args[args.length - 1] ?? null)];
    return list(xs.sort(compareValues));
  });
  def(lib, 'interpose', (args) => list(items(args[1] ?? null).flatMap((x, i) => (i === 0 ? [x] : [args[0] ?? null, x]))));
  def(lib, 'partition', (args) => {
    const n = Number(int('partition', args[0] ?? null));
    if (n <= 0) throw evalError('partition: size must be positive');
    const xs = items(args[1] ?? null);
    const out: Value[] = [];
    for (let i = 0; i + n <= xs.length; i += n) out.push(list(xs.slice(i, i + n)));
    return list(out);
  });
  def(lib, 'flatten', (args) => {
    const out: Value[] = [];
    const walk = (v: Value): void => {
      if (v instanceof BList || v instanceof BVector) v.items.forEach(walk);
      else out.push(v);
    };
    walk(args[0] ?? null);
    return list(out);
  });

  // higher-order
  def(lib, 'map', function* (args, ctx) {
    arity('map', args, 2, Infinity);
    if (args.length === 2) return list(yield* mapSeq(ctx, args[0] ?? null, items(args[1] ?? null)));
    const seqs = args.slice(1).map((a) => items(a));
    const n = Math.min(...seqs.map((s) => s.length));
    const out: Value[] = [];
    for (let i = 0; i < n; i++) out.push(yield* ctx.apply(args[0] ?? null, seqs.map((s) => s[i] ?? null)));
    return list(out);
  });
  def(lib, 'mapv', function* (args, ctx) {
    return vec(yield* mapSeq(ctx, args[0] ?? null, items(args[1] ?? null)));
  });
  def(lib, 'map-indexed', function* (args, ctx) {
    const out: Value[] = [];
    const xs = items(args[1] ?? null);
    for (let i = 0; i < xs.length; i++) out.push(yield* ctx.apply(args[0] ?? null, [BigInt(i), xs[i] ?? null]));
    return list(out);
  });
  def(lib, 'mapcat', function* (args, ctx) {
    const parts = yield* mapSeq(ctx, args[0] ?? null, items(args[1] ?? null));
    return list(parts.flatMap((p) => [...items(p)]));
  });
  def(lib, 'filter', function* (args, ctx) {
    return list(yield* filterSeq(ctx, args[0] ?? null, items(args[1] ?? null), true));
  });
  def(lib, 'filterv', function* (args, ctx) {
    return vec(yield* filterSeq(ctx, args[0] ?? null, items(args[1] ?? null), true));
  });
  def(lib, 'remove', function* (args, ctx) {
    return list(yield* filterSeq(ctx, args[0] ?? null, items(args[1] ?? null), false));
  });
  def(lib, 'keep', function* (args, ctx) {
    return list((yield* mapSeq(ctx, args[0] ?? null, items(args[1] ?? null))).filter((x) => x !== null));
  });
  def(lib, 'reduce', function* (args, ctx) {
    arity('reduce', args, 2, 3);
    const f = args[0] ?? null;
    const xs = items(args[args.length - 1] ?? null);
    let acc: Value;
    let start = 0;
    if (args.length === 3) acc = args[1] ?? null;
    else if (xs.length === 0) return yield* ctx.apply(f, []);
    else (acc = xs[0] ?? null), (start = 1);
    for (let i = start; i < xs.length; i++) acc = yield* ctx.apply(f, [acc, xs[i] ?? null]);
    return acc;
  });
  def(lib, 'group-by*', function* (args, ctx) {
    const groups = new Map<string, [Value, Value[]]>();
    for (const x of items(args[1] ?? null)) {
      const k = yield* ctx.apply(args[0] ?? null, [x]);
      const key = keyOf(k);
      const g = groups.get(key);
      if (g === undefined) groups.set(key, [k, [x]]);
      else g[1].push(x);
    }
    return BMap.from([...groups.values()].map(([k, xs]) => [k, vec(xs)] as const));
  });
  def(lib, 'sort-by', function* (args, ctx) {
    const xs = items(args[args.length - 1] ?? null);
    const keyed: [Value, Value][] = [];
    for (const x of xs) keyed.push([yield* ctx.apply(args[0] ?? null, [x]), x]);
    const desc = args.length === 3 && args[1] instanceof Keyword && args[1].name === 'desc';
    keyed.sort((a, b) => (desc ? -1 : 1) * compareValues(a[0], b[0]));
    return list(keyed.map(([, x]) => x));
  });
  def(lib, 'some', function* (args, ctx) {
    for (const x of items(args[1] ?? null)) {
      const r = yield* ctx.apply(args[0] ?? null, [x]);
      if (truthy(r)) return r;
    }
    return null;
  });
  def(lib, 'every?', function* (args, ctx) {
    for (const x of items(args[1] ?? null)) if (!truthy(yield* ctx.apply(args[0] ?? null, [x]))) return false;
    return true;
  });
  def(lib, 'take-while', function* (args, ctx) {
    const out: Value[] = [];
    for (const x of items(args[1] ?? null)) {
      if (!truthy(yield* ctx.apply(args[0] ?? null, [x]))) break;
      out.push(x);
    }
    return list(out);
  });
  def(lib, 'drop-while', function* (args, ctx) {
    const xs = items(args[1] ?? null);
    let i = 0;
    while (i < xs.length && truthy(yield* ctx.apply(args[0] ?? null, [xs[i] ?? null]))) i++;
    return list(xs.slice(i));
  });
  def(lib, 'max-key', function* (args, ctx) {
    let best: Value = null;
    let bestK: Value = null;
    for (const x of args.slice(1)) {
      const k = yield* ctx.apply(args[0] ?? null, [x]);
      if (best === null || compareValues(k, bestK) > 0) (best = x), (bestK = k);
    }
    return best;
  });
  def(lib, 'min-key', function* (args, ctx) {
    let best: Value = null;
    let bestK: Value = null;
    for (const x of args.slice(1)) {
      const k = yield* ctx.apply(args[0] ?? null, [x]);
      if (best === null || compareValues(k, bestK) < 0) (best = x), (bestK = k);
    }
    return best;
  });
  def(lib, 'identity', (args) => args[0] ?? null);
  def(lib, 'constantly', (args) => {
    const v = args[0] ?? null;
    return new Builtin('constantly', () => v);
  });
  def(lib, 'partial', (args) => {
    const [f, ...bound] = args;
    return new Builtin('partial', (more, ctx) => ctx.apply(f ?? null, [...bound, ...more]));
  });
  def(lib, 'comp', (args) => {
    const fs = [...args].reverse();
    return new Builtin('comp', function* (more, ctx) {
      if (fs.length === 0) return more[0] ?? null;
      let v = yield* ctx.apply(fs[0] ?? null, more);
      for (const f of fs.slice(1)) v = yield* ctx.apply(f, [v]);
      return v;
    });
  });
  def(lib, 'complement', (args) => {
    const f = args[0] ?? null;
    return new Builtin('complement', function* (more, ctx) {
      return !truthy(yield* ctx.apply(f, more));
    });
  });
  void datumEquals;
}
