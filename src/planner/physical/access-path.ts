/**
 * Access path choice for one scan, from its hints (column-vs-constant
 * conjuncts over the table schema) and the table's primary key: equality on
 * every key column -> point gets (IN lists expand, up to MAX_POINT_KEYS);
 * equality on a key prefix and/or a range on the next key column -> a key
 * range; otherwise a full scan. Every usable hint also becomes a zone-map
 * predicate, restated over the column's own type (coerce-comparison.ts), so
 * storage never compares across types; a hint that can never hold makes the
 * path `empty`. Hints on parameters give a `parameterized` path, bound to the
 * parameter values by `bindAccessPath` when the scan opens: the plan never
 * holds a parameter's value.
 */
import type { Scalar } from '../../types/data-type.js';
import type { Expr } from '../ir/expr.js';
import type { ScanRel } from '../ir/rel.js';
import type { TableInfo } from '../../storage/api.js';
import { coerceComparison, coerceInList, type CompareOp } from './coerce-comparison.js';
import type {
  AccessPath,
  AccessPathOf,
  KeyBoundOf,
  Operand,
  ParamRef,
  PlanValue,
  PredicateOf,
  ResolvedAccessPath,
  ScanCondition,
} from './plan.js';

export const MAX_POINT_KEYS = 64;

const OPS: Readonly<Record<string, CompareOp>> = { eq: '=', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=' };
const FLIPPED: Readonly<Record<string, CompareOp>> = { eq: '=', ne: '!=', lt: '>', le: '>=', gt: '<', ge: '<=' };

/** A parameter's value at execution, already normalized to its IR type; undefined when none is bound. */
export type ParamBinder = (param: ParamRef) => Scalar | undefined;

function operandOf(e: Expr | undefined): Operand | undefined {
  if (e?.kind === 'literal') return { kind: 'literal', value: e.value, type: e.type };
  if (e?.kind === 'param') return { kind: 'param', name: e.name, type: e.type };
  return undefined;
}

/** A hint in normal form (`column op operands`), when it has a shape storage understands. */
export function scanCondition(hint: Expr, scan: ScanRel): ScanCondition | undefined {
  const fields = scan.tableSchema.fields;
  const make = (index: number, op: ScanCondition['op'], operands: readonly Operand[]): ScanCondition | undefined => {
    const f = fields[index];
    return f === undefined ? undefined : { column: f.name, columnType: f.type, op, operands };
  };
  if (hint.kind === 'in_list') {
    if (hint.negated || hint.expr.kind !== 'column') return undefined;
    const operands = hint.list.map(operandOf);
    return operands.every((o) => o !== undefined) ? make(hint.expr.index, 'in', operands as Operand[]) : undefined;
  }
  if (hint.kind !== 'call') return undefined;
  const [a, b] = hint.args;
  if ((hint.fn === 'is_null' || hint.fn === 'is_not_null') && a?.kind === 'column') return make(a.index, hint.fn, []);
  const op = OPS[hint.fn];
  const flipped = FLIPPED[hint.fn];
  if (op === undefined || flipped === undefined) return undefined;
  const [column, other, zop] = a?.kind === 'column' ? [a.index, b, op] : b?.kind === 'column' ? [b.index, a, flipped] : [-1, undefined, op];
  const operand = operandOf(other);
  return operand === undefined ? undefined : make(column, zop, [operand]);
}

type Resolved = PredicateOf<Scalar> | 'never' | undefined;

/** The storage predicate a condition amounts to once its parameters are bound ('never': no row passes; undefined: none usable). */
export function resolveCondition(c: ScanCondition, bind: ParamBinder): Resolved {
  if (c.op === 'is_null' || c.op === 'is_not_null') return { column: c.column, op: c.op };
  const items: { value: Scalar; type: Operand['type'] }[] = [];
  for (const o of c.operands) {
    const value = o.kind === 'literal' ? o.value : bind(o);
    if (value === undefined) return undefined;
    items.push({ value, type: o.type });
  }
  if (c.op === 'in') {
    const r = coerceInList(items, c.columnType);
    return r.kind === 'values' ? { column: c.column, op: 'in', values: r.values } : r.kind === 'never' ? 'never' : undefined;
  }
  const item = items[0];
  if (item === undefined || items.length !== 1) return undefined;
  const r = coerceComparison(c.op, item.value, item.type, c.columnType);
  return r.kind === 'predicate' ? { column: c.column, op: r.op, value: r.value } : r.kind === 'never' ? 'never' : undefined;
}

function cartesian<V>(lists: readonly (readonly V[])[]): V[][] {
  return lists.reduce<V[][]>((acc, list) => acc.flatMap((prefix) => list.map((v) => [...prefix, v])), [[]]);
}

/** The path the predicates allow on a table with primary key `key` (generic: values or templates). */
export function choosePath<V>(predicates: readonly PredicateOf<V>[], key: readonly string[]): AccessPathOf<V> {
  if (key.length === 0) return { kind: 'full_scan', predicates };
  const equalityOn = (name: string): V | undefined => predicates.find((p) => p.column === name && p.op === '=' && p.value !== undefined)?.value;

  const equalities = key.map((name) => {
    const eq = equalityOn(name);
    if (eq !== undefined) return [eq];
    return predicates.find((p) => p.column === name && p.op === 'in')?.values;
  });
  if (equalities.every((v) => v !== undefined)) {
    const lists = equalities as readonly (readonly V[])[];
    const count = lists.reduce((n, l) => n * l.length, 1);
    if (count <= MAX_POINT_KEYS) return { kind: 'point_get', keys: cartesian(lists) };
  }

  // Longest prefix of key columns fixed by single equalities.
  const prefix: V[] = [];
  for (const name of key) {
    const eq = equalityOn(name);
    if (eq === undefined) break;
    prefix.push(eq);
  }
  const next = key[prefix.length];
  let lower: KeyBoundOf<V> | undefined = prefix.length > 0 ? { values: prefix, inclusive: true } : undefined;
  let upper: KeyBoundOf<V> | undefined = lower;
  if (next !== undefined) {
    for (const p of predicates) {
      if (p.column !== next || p.value === undefined) continue;
      if (p.op === '>' || p.op === '>=') lower = { values: [...prefix, p.value], inclusive: p.op === '>=' };
      if (p.op === '<' || p.op === '<=') upper = { values: [...prefix, p.value], inclusive: p.op === '<=' };
    }
  }
  if (lower === undefined && upper === undefined) return { kind: 'full_scan', predicates };
  return {
    kind: 'key_range',
    ...(lower !== undefined ? { lower } : {}),
    ...(upper !== undefined ? { upper } : {}),
    predicates,
  };
}

function scalarId(v: Scalar): string {
  if (v instanceof Uint8Array) return `b:${Buffer.from(v).toString('hex')}`;
  if (v !== null && typeof v === 'object') return `i:${v.months}:${v.nanos}`;
  return `${typeof v}:${String(v)}`;
}

/** The executable path for conditions whose parameters `bind` supplies. */
export function resolvePath(conditions: readonly ScanCondition[], key: readonly string[], bind: ParamBinder): ResolvedAccessPath {
  const predicates: PredicateOf<Scalar>[] = [];
  for (const c of conditions) {
    const r = resolveCondition(c, bind);
    if (r === 'never') return { kind: 'empty' };
    if (r !== undefined) predicates.push(r);
  }
  const path = choosePath(predicates, key);
  if (path.kind !== 'point_get') return path;
  // `k in (1, 1)` or `k in (1, 1.0)`: read each key once, or the filter above would see the row twice.
  const seen = new Set<string>();
  const keys = path.keys.filter((k) => {
    const id = k.map(scalarId).join('\u0000');
    return seen.has(id) ? false : (seen.add(id), true);
  });
  return keys.length === path.keys.length ? path : { kind: 'point_get', keys };
}

const isParam = (o: Operand): o is ParamRef => o.kind === 'param';

/** The path shown for a parameterized scan: literals resolved now, parameters in place, assumed to keep their operator. */
function templatePath(conditions: readonly ScanCondition[], key: readonly string[]): AccessPathOf<PlanValue> {
  const predicates: PredicateOf<PlanValue>[] = [];
  for (const c of conditions) {
    if (!c.operands.some(isParam)) {
      const r = resolveCondition(c, () => undefined);
      if (r === 'never') return { kind: 'empty' };
      if (r !== undefined) predicates.push(r);
    } else if (c.op === 'in') {
      predicates.push({ column: c.column, op: 'in', values: c.operands.map((o) => (isParam(o) ? o : o.value)) });
    } else if (c.operands[0] !== undefined) {
      predicates.push({ column: c.column, op: c.op, value: c.operands[0] as ParamRef });
    }
  }
  return choosePath(predicates, key);
}

/** The access path for `scan` given the table's definition. */
export function chooseAccessPath(scan: ScanRel, table: TableInfo | undefined): AccessPath {
  const conditions = scan.hints.map((h) => scanCondition(h, scan)).filter((c): c is ScanCondition => c !== undefined);
  const key = table?.primaryKey ?? [];
  if (!conditions.some((c) => c.operands.some(isParam))) return resolvePath(conditions, key, () => undefined);
  const template = templatePath(conditions, key);
  if (template.kind === 'empty') return template;
  return { kind: 'parameterized', template, conditions, primaryKey: key };
}

/** The executable path of `path` for these parameter values (a resolved path is returned as is). */
export function bindAccessPath(path: AccessPath, bind: ParamBinder): ResolvedAccessPath {
  return path.kind === 'parameterized' ? resolvePath(path.conditions, path.primaryKey, bind) : path;
}
