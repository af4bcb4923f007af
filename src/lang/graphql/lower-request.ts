/**
 * A validated GraphQL operation as root steps: each query (or subscription)
 * root field becomes ONE plan whose rows the engine assembles into the
 * response (`T`: sort and limit over the joined selection; `T_by_pk`: a key
 * filter; `T_aggregate`: one aggregate row); `__typename` is a constant,
 * `__schema`/`__type` go to graphql-js; a mutation field becomes a write spec
 * (lower-mutation.ts) whose `returning` is planned over the written rows.
 */
import type { FieldNode, GraphQLField, GraphQLObjectType, OperationDefinitionNode } from 'graphql';
import { Filter, Limit, Sort, Window, and, col, eq, lit, type Rel } from '../../planner/ir/index.js';
import type { GqlTable } from './catalog-model.js';
import { argsOf, collectFields, subFields, type CollectedField } from './collect-fields.js';
import { GraphqlLoweringError } from './graphql-errors.js';
import { Level, type LowerContext } from './level.js';
import { lowerWhere } from './lower-filter.js';
import { checkDistinctOn, lowerOrderBy } from './lower-order.js';
import { lowerMutation, type MutationSpec } from './lower-mutation.js';
import { aggregateRows, selectRow, type ListArgs } from './lower-selection.js';
import { finish, type ReadPlan } from './read-plan.js';
import { inputScalar } from './scalars.js';

export type RootStep =
  | { readonly kind: 'read'; readonly key: string; readonly plan: ReadPlan; readonly cardinality: 'many' | 'one' | 'single'; readonly node: FieldNode }
  | { readonly kind: 'const'; readonly key: string; readonly value: string }
  | { readonly kind: 'introspection'; readonly key: string }
  | { readonly kind: 'mutation'; readonly key: string; readonly spec: MutationSpec; readonly node: FieldNode };

export interface LoweredRequest {
  readonly operation: 'query' | 'mutation' | 'subscription';
  readonly roots: readonly RootStep[];
  readonly tablesRead: readonly string[];
  readonly tablesWritten: readonly string[];
}

/** `T(where, order_by, limit, offset, distinct_on)` at the root. */
function rootList(ctx: LowerContext, table: GqlTable, field: CollectedField, args: ListArgs): ReadPlan {
  const node = field.nodes[0] as FieldNode;
  const level = Level.scan(ctx, table);
  const pred = lowerWhere(ctx, level, args['where'] as ListArgs | undefined, node);
  if (pred !== null) level.update((r) => Filter.create(r, pred));
  const keys = lowerOrderBy(ctx, level, args['order_by'], node);
  const distinctOn = (args['distinct_on'] as readonly string[] | undefined) ?? [];
  checkDistinctOn(args['order_by'], distinctOn, node);
  if (distinctOn.length > 0) {
    // one row per distinct_on group: the first in order (a window numbers each group's rows)
    const cols = distinctOn.map((n) => level.column(table.columnByName.get(n)!));
    const at = level.rel.schema.fields.length;
    level.update((r) => Window.create(r, [{ fn: 'row_number', args: [], partitionBy: cols, orderBy: keys, frame: null, name: 'distinct_rn' }]));
    level.update((r) => Filter.create(r, eq(col(at, 'distinct_rn'), lit(1n, 'int64'))));
  }
  const offset = (args['offset'] as number | undefined) ?? 0;
  const limit = (args['limit'] as number | null | undefined) ?? null;
  if (offset < 0 || (limit !== null && limit < 0)) throw new GraphqlLoweringError('GRAPHQL_VALIDATION_FAILED', 'limit and offset must not be negative', [node]);
  const cut = offset > 0 || limit !== null;
  const fields = subFields(field, ctx);
  const nested = fields.some((f) => table.relationships.get(f.name.replace(/_aggregate$/, ''))?.kind === 'array' && !table.columnByName.has(f.name));
  if (nested && cut) {
    // cut first, so the array relationships group only the related rows of the rows returned
    level.update((r) => Limit.create(Sort.create(r, keys), offset, limit));
  }
  if (nested && (cut || pred !== null || distinctOn.length > 0)) level.restrictTo = level.rel;
  const row = selectRow(ctx, level, fields);
  let rel: Rel = Sort.create(level.rel, keys);
  if (cut && !nested) rel = Limit.create(rel, offset, limit);
  return finish(rel, row);
}

/** `T_by_pk(<key columns>)`. */
function rootByPk(ctx: LowerContext, table: GqlTable, field: CollectedField, args: ListArgs): ReadPlan {
  const level = Level.scan(ctx, table);
  const conds = table.key.map((k) => {
    const c = table.columns.find((x) => x.index === k)!;
    const value = lit(inputScalar(args[c.name], c.type), c.type);
    level.pinned.set(k, value);
    return eq(level.column(c), value);
  });
  level.update((r) => Filter.create(r, and(...conds)));
  level.restrictTo = level.rel;
  const row = selectRow(ctx, level, subFields(field, ctx));
  return finish(level.rel, row);
}

function rootField(type: GraphQLObjectType, f: CollectedField): GraphQLField<unknown, unknown> {
  const def = type.getFields()[f.name];
  if (def === undefined) throw new GraphqlLoweringError('GRAPHQL_VALIDATION_FAILED', `${type.name} has no field ${f.name}`, f.nodes);
  return def;
}

export function lowerOperation(ctx: LowerContext, op: OperationDefinitionNode): LoweredRequest {
  const operation = op.operation;
  const rootType = operation === 'query' ? ctx.schema.getQueryType() : operation === 'mutation' ? ctx.schema.getMutationType() : ctx.schema.getSubscriptionType();
  if (rootType === null || rootType === undefined) throw new GraphqlLoweringError('GRAPHQL_VALIDATION_FAILED', `the schema has no ${operation} type`, [op]);
  const written = new Set<string>();
  const roots: RootStep[] = [];
  for (const f of collectFields([op.selectionSet], ctx)) {
    const node = f.nodes[0] as FieldNode;
    if (f.name === '__typename') {
      roots.push({ kind: 'const', key: f.key, value: rootType.name });
      continue;
    }
    if (f.name === '__schema' || f.name === '__type') {
      roots.push({ kind: 'introspection', key: f.key });
      continue;
    }
    const def = rootField(rootType, f);
    const args = argsOf(def, f, ctx);
    if (operation === 'mutation') {
      const spec = lowerMutation(ctx, f, args);
      written.add(spec.table.name);
      roots.push({ kind: 'mutation', key: f.key, spec, node });
      continue;
    }
    const { table, form } = tableOfRoot(ctx, f.name);
    if (form === 'list') roots.push({ kind: 'read', key: f.key, plan: rootList(ctx, table, f, args), cardinality: 'many', node });
    else if (form === 'by_pk') roots.push({ kind: 'read', key: f.key, plan: rootByPk(ctx, table, f, args), cardinality: 'one', node });
    else {
      const { rel, value } = aggregateRows(ctx, table, f, args, []);
      roots.push({ kind: 'read', key: f.key, plan: finish(rel, value(0, false)), cardinality: 'single', node });
    }
  }
  return { operation, roots, tablesRead: [...ctx.tablesRead].sort(), tablesWritten: [...written].sort() };
}

/** The table and form (`T`, `T_by_pk`, `T_aggregate`) of a query root field. */
function tableOfRoot(ctx: LowerContext, name: string): { table: GqlTable; form: 'list' | 'by_pk' | 'aggregate' } {
  const exact = ctx.model.tables.get(name);
  if (exact !== undefined) return { table: exact, form: 'list' };
  for (const [suffix, form] of [['_by_pk', 'by_pk'], ['_aggregate', 'aggregate']] as const) {
    if (name.endsWith(suffix)) {
      const t = ctx.model.tables.get(name.slice(0, -suffix.length));
      if (t !== undefined) return { table: t, form };
    }
  }
  throw new GraphqlLoweringError('GRAPHQL_VALIDATION_FAILED', `no table for root field ${name}`);
}
