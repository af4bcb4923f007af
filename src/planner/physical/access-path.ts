/**
 * Access path choice for one scan, from its hints (column-vs-literal
 * conjuncts over the table schema) and the table's primary key: equality on
 * every key column -> point gets (IN lists expand, up to MAX_POINT_KEYS);
 * equality on a key prefix and/or a range on the next key column -> a key
 * range; otherwise a full scan. Every usable hint also becomes a zone-map
 * predicate. Only literals of exactly the column's type are used, so storage
 * never compares across types.
 */
import type { Scalar } from '../../types/data-type.js';
import type { KeyBound, TableInfo, ZonePredicate } from '../../storage/api.js';
import type { Expr } from '../ir/expr.js';
import type { ScanRel } from '../ir/rel.js';
import type { AccessPath } from './plan.js';

export const MAX_POINT_KEYS = 64;

const OPS: Readonly<Record<string, ZonePredicate['op']>> = { eq: '=', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=' };
const FLIPPED: Readonly<Record<string, ZonePredicate['op']>> = { eq: '=', ne: '!=', lt: '>', le: '>=', gt: '<', ge: '<=' };

/** The zone predicate a hint expresses, if it has a shape storage understands. */
export function toZonePredicate(hint: Expr, scan: ScanRel): ZonePredicate | undefined {
  const fields = scan.tableSchema.fields;
  const literalFor = (e: Expr | undefined, column: number): Scalar | undefined =>
    e?.kind === 'literal' && e.value !== null && e.type === fields[column]?.type ? e.value : undefined;
  if (hint.kind === 'in_list') {
    if (hint.negated || hint.expr.kind !== 'column') return undefined;
    const column = hint.expr.index;
    const values = hint.list.map((x) => literalFor(x, column));
    const name = fields[column]?.name;
    if (name === undefined || values.some((v) => v === undefined)) return undefined;
    return { column: name, op: 'in', values: values as Scalar[] };
  }
  if (hint.kind !== 'call') return undefined;
  const [a, b] = hint.args;
  if ((hint.fn === 'is_null' || hint.fn === 'is_not_null') && a?.kind === 'column') {
    const name = fields[a.index]?.name;
    return name === undefined ? undefined : { column: name, op: hint.fn };
  }
  const op = OPS[hint.fn];
  if (op === undefined || a === undefined || b === undefined) return undefined;
  const [column, other, zop] = a.kind === 'column' ? [a.index, b, op] : b.kind === 'column' ? [b.index, a, FLIPPED[hint.fn] ?? op] : [-1, a, op];
  const name = fields[column]?.name;
  const value = literalFor(other, column);
  return name === undefined || value === undefined ? undefined : { column: name, op: zop, value };
}

function cartesian(lists: readonly (readonly Scalar[])[]): Scalar[][] {
  return lists.reduce<Scalar[][]>((acc, list) => acc.flatMap((prefix) => list.map((v) => [...prefix, v])), [[]]);
}

/** The access path for `scan` given the table's definition. */
export function chooseAccessPath(scan: ScanRel, table: TableInfo | undefined): AccessPath {
  const predicates = scan.hints.map((h) => toZonePredicate(h, scan)).filter((p): p is ZonePredicate => p !== undefined);
  const key = table?.primaryKey ?? [];
  if (key.length === 0) return { kind: 'full_scan', predicates };

  const equalities = key.map((name) => {
    const eq = predicates.find((p) => p.column === name && p.op === '=');
    if (eq?.value !== undefined) return [eq.value];
    const inList = predicates.find((p) => p.column === name && p.op === 'in');
    return inList?.values;
  });
  if (equalities.every((v) => v !== undefined)) {
    const lists = equalities as readonly (readonly Scalar[])[];
    const count = lists.reduce((n, l) => n * l.length, 1);
    if (count <= MAX_POINT_KEYS) return { kind: 'point_get', keys: cartesian(lists) };
  }

  // Longest prefix of key columns fixed by single equalities.
  const prefix: Scalar[] = [];
  for (const name of key) {
    const eq = predicates.find((p) => p.column === name && p.op === '=');
    if (eq?.value === undefined) break;
    prefix.push(eq.value);
  }
  const next = key[prefix.length];
  let lower: KeyBound | undefined = prefix.length > 0 ? { values: prefix, inclusive: true } : undefined;
  let upper: KeyBound | undefined = prefix.length > 0 ? { values: prefix, inclusive: true } : undefined;
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
