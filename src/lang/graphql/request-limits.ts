/**
 * Depth and cost limits of a request, checked before anything is planned
 * (docs/graphql.md): depth counts nested fields (a root field is depth 1);
 * cost is 1 per field plus, for a field with a selection, its children's
 * cost times the rows the field may give: for a root list its table's row
 * count, for an array relationship the child rows per parent row (child
 * table rows / parent table rows, rounded up), an explicit `limit` capping
 * either (DEFAULT_LIST_FACTOR stands for a table whose row count is not
 * known, and for a mutation's `returning`). Introspection is left out of
 * depth and cost (its type references nest deep) but counted by the size
 * limits (request-size.ts), which are checked first. `maxRows` (the rows of
 * the whole response) is enforced on execution.
 */
import {
  GraphQLObjectType,
  getNamedType,
  getNullableType,
  isListType,
  type GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { argsOf, collectFields, subFields, type CollectedField } from './collect-fields.js';
import { graphqlError } from './graphql-errors.js';
import type { LowerContext } from './level.js';
import { checkSize } from './request-size.js';

export interface GraphqlLimits {
  /** Deepest field nesting allowed (default 12). */
  readonly maxDepth?: number;
  /** Highest estimated cost allowed (default 1,000,000). */
  readonly maxCost?: number;
  /** Most fields selected in all, each alias and fragment use counted, introspection included (default 1,000). */
  readonly maxFields?: number;
  /** Most relationship selections (joins in the plans), each alias counted (default 100). */
  readonly maxRelationships?: number;
  /** Most `__schema`/`__type` fields in one request (default 3). */
  readonly maxIntrospection?: number;
  /** Most rows the whole response may hold, root fields' rows and nested list elements summed (default: no limit). */
  readonly maxRows?: number;
}

export const DEFAULT_MAX_DEPTH = 12;
export const DEFAULT_MAX_COST = 1_000_000;
export const DEFAULT_MAX_FIELDS = 1_000;
export const DEFAULT_MAX_RELATIONSHIPS = 100;
export const DEFAULT_MAX_INTROSPECTION = 3;
/** The rows a list field is assumed to return when its table's row count is not known (and for a mutation's `returning`). */
export const DEFAULT_LIST_FACTOR = 10;

/** A table's row count (from the snapshot's statistics), or undefined when not known. */
export type TableRows = (table: string) => number | undefined;

interface Measure {
  readonly depth: number;
  readonly cost: number;
  /** The field at the deepest point, for the error's location. */
  readonly deepest: CollectedField | null;
}

interface Walk {
  readonly ctx: LowerContext;
  readonly rows: TableRows | undefined;
}

/** The rows a list field of `table` may give per row of `parent` (null: a root field), capped by an explicit `limit`. */
function listFactor(w: Walk, table: string, parent: string | null, limit: unknown, inReturning: boolean): number {
  const explicit = typeof limit === 'number' ? Math.max(limit, 1) : Number.POSITIVE_INFINITY;
  const known = inReturning || !w.ctx.model.tables.has(table) ? undefined : w.rows?.(table);
  if (known === undefined) return Number.isFinite(explicit) ? explicit : DEFAULT_LIST_FACTOR;
  const parentRows = parent === null ? 1 : Math.max(w.rows?.(parent) ?? 1, 1);
  const estimate = Math.max(Math.ceil(known / parentRows), 1);
  return Math.min(explicit, estimate);
}

/** `parent`: the table whose rows `fields` are selected on (null at the root and under a root aggregate). */
function measure(w: Walk, fields: readonly CollectedField[], type: GraphQLObjectType, depth: number, parent: string | null): Measure {
  let deepest: Measure = { depth, cost: 0, deepest: fields[0] ?? null };
  let cost = 0;
  const inReturning = type.name.endsWith('_mutation_response');
  for (const f of fields) {
    if (f.name.startsWith('__')) continue;
    const def = type.getFields()[f.name];
    if (def === undefined) continue;
    const named = getNamedType(def.type);
    if (!(named instanceof GraphQLObjectType)) {
      cost += 1;
      continue;
    }
    const isTable = w.ctx.model.tables.has(named.name);
    const inner = measure(w, subFields(f, w.ctx), named, depth + 1, isTable ? named.name : parent);
    const list = isListType(getNullableType(def.type));
    const factor = list ? listFactor(w, named.name, parent, argsOf(def, f, w.ctx)['limit'], inReturning) : 1;
    cost += 1 + factor * inner.cost;
    if (inner.depth > deepest.depth) deepest = { depth: inner.depth, cost: 0, deepest: inner.deepest ?? f };
  }
  return { depth: deepest.depth, cost, deepest: deepest.deepest };
}

/** The limit errors of `operation` (empty when within the limits). */
export function checkLimits(ctx: LowerContext, schema: GraphQLSchema, operation: OperationDefinitionNode, limits: GraphqlLimits, rows?: TableRows): GraphQLError[] {
  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (root === null || root === undefined) return [];
  const fields = collectFields([operation.selectionSet], ctx);
  const size = checkSize(ctx, fields, root, {
    maxFields: limits.maxFields ?? DEFAULT_MAX_FIELDS,
    maxRelationships: limits.maxRelationships ?? DEFAULT_MAX_RELATIONSHIPS,
    maxIntrospection: limits.maxIntrospection ?? DEFAULT_MAX_INTROSPECTION,
  });
  if (size !== null) return [size];
  const m = measure({ ctx, rows }, fields, root, 1, null);
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxCost = limits.maxCost ?? DEFAULT_MAX_COST;
  const errors: GraphQLError[] = [];
  if (m.depth > maxDepth) {
    errors.push(graphqlError('GRAPHQL_LIMIT_EXCEEDED', `the request is nested ${m.depth} fields deep; the limit is ${maxDepth}`, m.deepest?.nodes));
  }
  if (m.cost > maxCost) {
    errors.push(graphqlError('GRAPHQL_LIMIT_EXCEEDED', `the request's estimated cost is ${m.cost}; the limit is ${maxCost} (add limit arguments or select less)`, operation));
  }
  return errors;
}
