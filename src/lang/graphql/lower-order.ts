/**
 * `order_by` (a list of `T_order_by`) as sort keys over a level: columns with
 * the six directions (asc = nulls last, desc = nulls first), an object
 * relationship's columns (left-joined), and an array relationship's
 * aggregates (`{tracks_aggregate: {count: desc}}`: the related rows grouped
 * by their key and left-joined; no related rows counts 0). The table's
 * primary key ends every ordering, so results are deterministic.
 */
import type { ASTNode } from 'graphql';
import { Aggregate, agg, call, col, lit, type AggregateCall, type Expr, type SortKey } from '../../planner/ir/index.js';
import { shiftColumns } from '../../planner/ir/index.js';
import { GraphqlLoweringError } from './graphql-errors.js';
import { Level, relatedTable, type LowerContext } from './level.js';

type OrderBy = Readonly<Record<string, unknown>>;

const DIRECTIONS: Readonly<Record<string, { descending: boolean; nullsFirst: boolean }>> = {
  asc: { descending: false, nullsFirst: false },
  asc_nulls_last: { descending: false, nullsFirst: false },
  asc_nulls_first: { descending: false, nullsFirst: true },
  desc: { descending: true, nullsFirst: true },
  desc_nulls_first: { descending: true, nullsFirst: true },
  desc_nulls_last: { descending: true, nullsFirst: false },
};

function key(expr: Expr, dir: unknown, node: ASTNode): SortKey {
  const d = DIRECTIONS[String(dir)];
  if (d === undefined) throw new GraphqlLoweringError('GRAPHQL_VALIDATION_FAILED', `unknown order ${String(dir)}`, [node]);
  return { expr, ...d };
}

function orderKeys(ctx: LowerContext, level: Level, item: OrderBy, node: ASTNode): SortKey[] {
  const out: SortKey[] = [];
  for (const [name, v] of Object.entries(item)) {
    if (v === null || v === undefined) continue;
    const c = level.table.columnByName.get(name);
    if (c !== undefined) {
      out.push(key(level.column(c), v, node));
      continue;
    }
    const rel = level.table.relationships.get(name);
    if (rel !== undefined && rel.kind === 'object') {
      const target = Level.scan(ctx, relatedTable(ctx, rel));
      const inner = orderKeys(ctx, target, v as OrderBy, node);
      const offset = level.leftJoin(target.rel, rel.pairs, rel.pairs.map((p) => p.remote));
      out.push(...inner.map((k) => ({ ...k, expr: shiftColumns(k.expr, offset) })));
      continue;
    }
    const arrayRel = name.endsWith('_aggregate') ? level.table.relationships.get(name.slice(0, -'_aggregate'.length)) : undefined;
    if (arrayRel === undefined || arrayRel.kind !== 'array') throw new GraphqlLoweringError('GRAPHQL_VALIDATION_FAILED', `${level.table.name}_order_by has no field ${name}`, [node]);
    const child = relatedTable(ctx, arrayRel);
    ctx.tablesRead.add(child.name);
    const calls: AggregateCall[] = [];
    const wanted: { index: number; dir: unknown; count: boolean }[] = [];
    for (const [fn, spec] of Object.entries(v as OrderBy)) {
      if (spec === null || spec === undefined) continue;
      if (fn === 'count') {
        wanted.push({ index: calls.length, dir: spec, count: true });
        calls.push(agg('count', [], `count`));
        continue;
      }
      for (const [colName, dir] of Object.entries(spec as OrderBy)) {
        const c = child.columnByName.get(colName);
        if (c === undefined || dir === null || dir === undefined) continue;
        wanted.push({ index: calls.length, dir, count: false });
        calls.push(agg(fn as 'sum' | 'avg' | 'min' | 'max', [col(c.index, c.name)], `${fn}_${colName}`));
      }
    }
    if (calls.length === 0) continue;
    const childLevel = Level.scan(ctx, child);
    const groups = arrayRel.pairs.map((p) => ({ expr: col(p.remote, child.schema.fields[p.remote]?.name), name: child.schema.fields[p.remote]?.name ?? `k${p.remote}` }));
    const grouped = Aggregate.create(childLevel.rel, groups, calls);
    const offset = level.leftJoin(grouped, arrayRel.pairs, arrayRel.pairs.map((_, i) => i));
    for (const w of wanted) {
      const at = col(offset + groups.length + w.index);
      out.push(key(w.count ? call('coalesce', at, lit(0n, 'int64')) : at, w.dir, node));
    }
  }
  return out;
}

/** Sort keys of `order_by` over `level`, then the table's primary key (ascending) to break ties. */
export function lowerOrderBy(ctx: LowerContext, level: Level, orderBy: unknown, node: ASTNode): SortKey[] {
  const items: readonly OrderBy[] = orderBy === null || orderBy === undefined ? [] : Array.isArray(orderBy) ? (orderBy as OrderBy[]) : [orderBy as OrderBy];
  const keys = items.flatMap((item) => orderKeys(ctx, level, item, node));
  for (const k of level.table.key) {
    const name = level.table.schema.fields[k]?.name;
    if (!keys.some((x) => x.expr.kind === 'column' && x.expr.index === k)) keys.push({ expr: col(k, name), descending: false, nullsFirst: false });
  }
  return keys;
}

/**
 * Hasura's rule for `distinct_on` beside `order_by`: when an ordering is
 * given, its leading keys must be plain columns that are exactly the
 * `distinct_on` columns (in any order) — otherwise which row of a group is
 * "first" would not follow the ordering. No `order_by` is accepted.
 */
export function checkDistinctOn(orderBy: unknown, distinctOn: readonly string[], node: ASTNode): void {
  if (distinctOn.length === 0) return;
  const items: readonly OrderBy[] = orderBy === null || orderBy === undefined ? [] : Array.isArray(orderBy) ? (orderBy as OrderBy[]) : [orderBy as OrderBy];
  const leading = items.flatMap((item) => Object.entries(item).filter(([, v]) => v !== undefined && v !== null));
  if (leading.length === 0) return;
  const wanted = new Set(distinctOn);
  const first = leading.slice(0, wanted.size);
  const matches = first.length === wanted.size && first.every(([name, v]) => typeof v === 'string' && wanted.has(name)) && new Set(first.map(([name]) => name)).size === wanted.size;
  if (!matches) {
    throw new GraphqlLoweringError(
      'GRAPHQL_VALIDATION_FAILED',
      `"distinct_on" columns must match initial "order_by" columns: order by ${[...wanted].join(', ')} first (in any order), then the rest`,
      [node],
    );
  }
}
