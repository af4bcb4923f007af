/**
 * A selection set over a level as result values, all inside one relation:
 * columns are column references; an object relationship left-joins the
 * related table (its own selection lowered recursively); an array
 * relationship left-joins the related rows grouped by their key into one
 * `json_agg` of `json_object`s per parent row, ordered and cut per parent by
 * `row_number`; `<rel>_aggregate` left-joins a grouped aggregate. Never a
 * query per row or per field.
 */
import { GraphQLObjectType, print, type FieldNode } from 'graphql';
import {
  Aggregate,
  Filter,
  Project,
  Window,
  agg,
  and,
  call,
  col,
  gt,
  le,
  lit,
  eq,
  type AggregateCall,
  type Expr,
  type NamedExpr,
  type Rel,
  type SortKey,
} from '../../planner/ir/index.js';
import type { GqlRelationship, GqlTable } from './catalog-model.js';
import { argsOf, subFields, type CollectedField } from './collect-fields.js';
import { GraphqlLoweringError } from './graphql-errors.js';
import { Level, relatedTable, semiJoinParent, type LowerContext, type Pinned } from './level.js';
import { lowerWhere } from './lower-filter.js';
import { checkDistinctOn, lowerOrderBy } from './lower-order.js';
import { objectJson, scalarAt, shiftValue, type ResultValue } from './result-values.js';

export type ListArgs = Readonly<Record<string, unknown>>;

/** The parent rows an array relationship's rows are reduced to (see Level.restrictTo). */
export interface Restrict {
  readonly parent: Rel;
  readonly pairs: GqlRelationship['pairs'];
}

function objectType(ctx: LowerContext, name: string): GraphQLObjectType {
  const t = ctx.schema.getType(name);
  if (!(t instanceof GraphQLObjectType)) throw new GraphqlLoweringError('INTERNAL', `no object type ${name}`);
  return t;
}

function firstNode(field: CollectedField): FieldNode {
  return field.nodes[0] as FieldNode;
}

/** The values of `fields` (the selection of one `table` row) over `level`. */
export function selectRow(ctx: LowerContext, level: Level, fields: readonly CollectedField[]): Extract<ResultValue, { kind: 'object' }> {
  const table = level.table;
  const type = objectType(ctx, table.name);
  const out: [string, ResultValue][] = [];
  // identical relationship selections under different aliases share one join: canonical selection → its columns' offset
  const joined = new Map<string, number>();
  for (const f of fields) {
    if (f.name === '__typename') {
      out.push([f.key, { kind: 'const', value: table.name }]);
      continue;
    }
    const c = table.columnByName.get(f.name);
    if (c !== undefined) {
      out.push([f.key, scalarAt(c.index, c.type, c.name)]);
      continue;
    }
    const def = type.getFields()[f.name];
    const isAggregate = f.name.endsWith('_aggregate') && !table.relationships.has(f.name);
    const rel = table.relationships.get(isAggregate ? f.name.slice(0, -'_aggregate'.length) : f.name);
    if (def === undefined || rel === undefined) throw new GraphqlLoweringError('GRAPHQL_VALIDATION_FAILED', `${table.name} has no field ${f.name}`, f.nodes);
    if (rel.kind === 'object') {
      const target = Level.scan(ctx, relatedTable(ctx, rel));
      const sub = selectRow(ctx, target, subFields(f, ctx));
      const offset = level.leftJoin(target.rel, rel.pairs, rel.pairs.map((p) => p.remote));
      const first = rel.pairs[0]?.remote ?? 0;
      out.push([f.key, { ...(shiftValue(sub, offset) as Extract<ResultValue, { kind: 'object' }>), present: col(offset + first) }]);
      continue;
    }
    const args = argsOf(def, f, ctx);
    const partition = rel.pairs.map((p) => p.remote);
    // the parent's join columns are fixed (a by-pk lookup): only the related rows with those values are read
    const pinned = new Map<number, Expr>();
    if (rel.pairs.every((p) => level.pinned.has(p.local))) for (const p of rel.pairs) pinned.set(p.remote, level.pinned.get(p.local) as Expr);
    // otherwise, when the parent holds only some rows, only their related rows are grouped
    const restrict: Restrict | null = pinned.size === 0 && level.restrictTo !== null ? { parent: level.restrictTo, pairs: rel.pairs } : null;
    const canonical = canonicalSelection(f, args);
    const shared = canonical === null ? undefined : joined.get(canonical);
    if (isAggregate) {
      const { rel: grouped, value } = aggregateRows(ctx, relatedTable(ctx, rel), f, args, partition, pinned, restrict);
      const offset = shared ?? level.leftJoin(grouped, rel.pairs, partition.map((_, i) => i));
      if (canonical !== null) joined.set(canonical, offset);
      out.push([f.key, value(offset + partition.length, true)]);
    } else {
      const offset = shared ?? level.leftJoin(arrayRows(ctx, rel, f, args, pinned, restrict), rel.pairs, partition.map((_, i) => i));
      if (canonical !== null) joined.set(canonical, offset);
      out.push([f.key, { kind: 'json', expr: call('coalesce', col(offset + partition.length, f.key), lit('[]', 'utf8')) }]);
    }
  }
  return { kind: 'object', present: null, fields: out };
}

/** A key equal for two selections of one relationship that give the same value (same arguments, same sub-selection text), or null. */
function canonicalSelection(field: CollectedField, args: ListArgs): string | null {
  try {
    return JSON.stringify([field.name, args, field.nodes.map((n) => (n.selectionSet === undefined ? '' : print(n.selectionSet)))]);
  } catch {
    return null; // a bigint argument: no sharing
  }
}

/**
 * The rows of a list field before selection: filtered by `where`, at most
 * one per `distinct_on` group, ordered, and (with `partition`: per parent)
 * numbered and cut to offset/limit. Returns the level and its row number.
 */
export function listRows(
  ctx: LowerContext,
  table: GqlTable,
  args: ListArgs,
  node: FieldNode,
  partition: readonly number[],
  pinned: Pinned = new Map(),
  restrict: Restrict | null = null,
): { level: Level; keys: SortKey[]; ordinal: Expr } {
  const level = Level.scan(ctx, table);
  if (restrict !== null) level.update((r) => semiJoinParent(r, restrict.parent, restrict.pairs));
  if (pinned.size > 0) {
    level.update((r) => Filter.create(r, and(...[...pinned].map(([c, v]) => eq(col(c, table.schema.fields[c]?.name), v)))));
    for (const [c, v] of pinned) level.pinned.set(c, v);
  }
  const pred = lowerWhere(ctx, level, args['where'] as ListArgs | undefined, node);
  if (pred !== null) level.update((r) => Filter.create(r, pred));
  const keys = lowerOrderBy(ctx, level, args['order_by'], node);
  const parts = partition.map((p) => col(p, table.schema.fields[p]?.name));
  const distinctOn = (args['distinct_on'] as readonly string[] | undefined) ?? [];
  checkDistinctOn(args['order_by'], distinctOn, node);
  if (distinctOn.length > 0) {
    const cols = distinctOn.map((n) => level.column(table.columnByName.get(n) as NonNullable<ReturnType<typeof table.columnByName.get>>));
    const at = level.rel.schema.fields.length;
    level.update((r) => Window.create(r, [{ fn: 'row_number', args: [], partitionBy: [...parts, ...cols], orderBy: keys, frame: null, name: 'distinct_rn' }]));
    level.update((r) => Filter.create(r, eq(col(at, 'distinct_rn'), lit(1n, 'int64'))));
  }
  const offset = (args['offset'] as number | undefined) ?? 0;
  const limit = args['limit'] as number | undefined;
  if (offset < 0 || (limit !== undefined && limit !== null && limit < 0)) {
    throw new GraphqlLoweringError('GRAPHQL_VALIDATION_FAILED', 'limit and offset must not be negative', [node]);
  }
  // Ordered by one int64 column that cannot be NULL (the usual: the key) and not cut: that column is the ordinal itself, no window needed.
  const cut = offset > 0 || (limit !== undefined && limit !== null);
  const restricted = restrict !== null || pinned.size > 0 || pred !== null || distinctOn.length > 0 || cut;
  const only = keys.length === 1 ? keys[0] : undefined;
  if (!cut && only !== undefined && !only.descending && only.expr.kind === 'column') {
    const f = level.rel.schema.fields[only.expr.index];
    if (f !== undefined && f.type === 'int64' && !f.nullable) {
      level.restrictTo = restricted ? level.rel : null;
      return { level, keys, ordinal: only.expr };
    }
  }
  const at = level.rel.schema.fields.length;
  level.update((r) => Window.create(r, [{ fn: 'row_number', args: [], partitionBy: parts, orderBy: keys, frame: null, name: 'rn' }]));
  const ordinal = col(at, 'rn');
  const bounds: Expr[] = [];
  if (offset > 0) bounds.push(gt(ordinal, lit(BigInt(offset), 'int64')));
  if (limit !== undefined && limit !== null) bounds.push(le(ordinal, lit(BigInt(offset + limit), 'int64')));
  if (bounds.length > 0) level.update((r) => Filter.create(r, and(...bounds)));
  level.restrictTo = restricted ? level.rel : null;
  return { level, keys, ordinal };
}

/** An array relationship: per parent key, the JSON array of the selected related rows. */
function arrayRows(ctx: LowerContext, rel: GqlRelationship, field: CollectedField, args: ListArgs, pinned: Pinned, restrict: Restrict | null) {
  const table = relatedTable(ctx, rel);
  const partition = rel.pairs.map((p) => p.remote);
  const { level, ordinal } = listRows(ctx, table, args, firstNode(field), partition, pinned, restrict);
  const row = selectRow(ctx, level, subFields(field, ctx));
  const groups: NamedExpr[] = partition.map((p) => ({ expr: col(p, table.schema.fields[p]?.name), name: table.schema.fields[p]?.name ?? `k${p}` }));
  const projected = Project.create(level.rel, [...groups, { expr: objectJson(row), name: 'row' }, { expr: ordinal, name: 'rn' }]);
  const g = groups.length;
  return Aggregate.create(
    projected,
    groups.map((x, i) => ({ expr: col(i, x.name), name: x.name })),
    [agg('json_agg', [col(g, 'row'), col(g + 1, 'rn')], field.key)],
  );
}

/**
 * A `T_aggregate` selection over the rows of a list field (grouped by
 * `partition` when nested): the aggregate relation (group keys, then the
 * calls, then the nodes' JSON array) and a builder of its result value at the
 * column where the calls start (`nested`: counts of no rows are 0, nodes []).
 */
export function aggregateRows(
  ctx: LowerContext,
  table: GqlTable,
  field: CollectedField,
  args: ListArgs,
  partition: readonly number[],
  pinned: Pinned = new Map(),
  restrict: Restrict | null = null,
) {
  const { level, ordinal } = listRows(ctx, table, args, firstNode(field), partition, pinned, restrict);
  const calls: AggregateCall[] = [];
  type Build = (base: number, nested: boolean) => ResultValue;
  const parts: [string, Build][] = [];
  const aggType = objectType(ctx, `${table.name}_aggregate_fields`);
  for (const f of subFields(field, ctx)) {
    if (f.name === '__typename') {
      parts.push([f.key, () => ({ kind: 'const', value: `${table.name}_aggregate` })]);
    } else if (f.name === 'nodes') {
      const row = selectRow(ctx, level, subFields(f, ctx));
      const i = calls.length;
      calls.push(agg('json_agg', [objectJson(row), ordinal], f.key));
      parts.push([f.key, (base, nested) => ({ kind: 'json', expr: nested ? call('coalesce', col(base + i), lit('[]', 'utf8')) : col(base + i, f.key) })]);
    } else {
      const inner: [string, Build][] = [];
      for (const a of subFields(f, ctx)) {
        if (a.name === '__typename') {
          inner.push([a.key, () => ({ kind: 'const', value: `${table.name}_aggregate_fields` })]);
        } else if (a.name === 'count') {
          const def = aggType.getFields()['count'];
          const cargs = def === undefined ? {} : argsOf(def, a, ctx);
          const cols = ((cargs['columns'] as readonly string[] | undefined) ?? []).map((n) => table.columnByName.get(n)!);
          const refs = cols.map((c) => col(c.index, c.name));
          const distinct = cargs['distinct'] === true && refs.length > 0;
          const i = calls.length;
          calls.push(
            distinct
              ? agg('count_distinct', refs, a.key)
              : refs.length === 0
                ? agg('count', [], a.key)
                : refs.length === 1
                  ? agg('count', refs, a.key)
                  : agg('count', [], a.key, { filter: and(...refs.map((r) => call('is_not_null', r))) }),
          );
          inner.push([a.key, (base, nested) => ({ kind: 'scalar', expr: nested ? call('coalesce', col(base + i), lit(0n, 'int64')) : col(base + i, a.key), type: 'int64' })]);
        } else {
          const fn = a.name as 'sum' | 'avg' | 'min' | 'max';
          const cells: [string, Build][] = [];
          for (const x of subFields(a, ctx)) {
            if (x.name === '__typename') {
              cells.push([x.key, () => ({ kind: 'const', value: `${table.name}_${fn}_fields` })]);
              continue;
            }
            const c = table.columnByName.get(x.name)!;
            const i = calls.length;
            calls.push(agg(fn, [col(c.index, c.name)], `${fn}_${x.key}`));
            cells.push([x.key, (base) => ({ kind: 'scalar', expr: col(base + i, `${fn}_${x.key}`), type: fn === 'avg' ? 'float64' : c.type })]);
          }
          inner.push([a.key, (base, nested) => ({ kind: 'object', present: null, fields: cells.map(([k, b]) => [k, b(base, nested)] as const) })]);
        }
      }
      parts.push([f.key, (base, nested) => ({ kind: 'object', present: null, fields: inner.map(([k, b]) => [k, b(base, nested)] as const) })]);
    }
  }
  const groups = partition.map((p) => ({ expr: col(p, table.schema.fields[p]?.name), name: table.schema.fields[p]?.name ?? `k${p}` }));
  const grouped = Aggregate.create(level.rel, groups, calls);
  const value = (base: number, nested: boolean): ResultValue => ({
    kind: 'object',
    present: null,
    fields: parts.map(([k, b]) => [k, b(base, nested)] as const),
  });
  return { rel: grouped, value };
}
