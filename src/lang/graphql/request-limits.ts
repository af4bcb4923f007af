/**
 * Depth and cost limits of a request, checked before anything is planned
 * (docs/graphql.md): depth counts nested fields (a root field is depth 1);
 * cost is 1 per field plus, for a field with a selection, its children's
 * cost, times the field's `limit` for a list (DEFAULT_LIST_FACTOR when it has
 * none) — introspection is left out of depth and cost (its type references
 * nest deep) but counted by the size limits (request-size.ts), which are
 * checked first. `maxRows` is enforced on execution.
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
  /** Most rows one root field may return (default: no limit). */
  readonly maxRows?: number;
}

export const DEFAULT_MAX_DEPTH = 12;
export const DEFAULT_MAX_COST = 1_000_000;
export const DEFAULT_MAX_FIELDS = 1_000;
export const DEFAULT_MAX_RELATIONSHIPS = 100;
export const DEFAULT_MAX_INTROSPECTION = 3;
/** The rows a list field without `limit` is assumed to return, for the cost. */
export const DEFAULT_LIST_FACTOR = 10;

interface Measure {
  readonly depth: number;
  readonly cost: number;
  /** The field at the deepest point, for the error's location. */
  readonly deepest: CollectedField | null;
}

function measure(ctx: LowerContext, fields: readonly CollectedField[], type: GraphQLObjectType, depth: number): Measure {
  let deepest: Measure = { depth, cost: 0, deepest: fields[0] ?? null };
  let cost = 0;
  for (const f of fields) {
    if (f.name.startsWith('__')) continue;
    const def = type.getFields()[f.name];
    if (def === undefined) continue;
    const named = getNamedType(def.type);
    if (!(named instanceof GraphQLObjectType)) {
      cost += 1;
      continue;
    }
    const inner = measure(ctx, subFields(f, ctx), named, depth + 1);
    const list = isListType(getNullableType(def.type));
    const limit = list ? argsOf(def, f, ctx)['limit'] : undefined;
    const factor = list ? (typeof limit === 'number' ? Math.max(limit, 1) : DEFAULT_LIST_FACTOR) : 1;
    cost += 1 + factor * inner.cost;
    if (inner.depth > deepest.depth) deepest = { depth: inner.depth, cost: 0, deepest: inner.deepest ?? f };
  }
  return { depth: deepest.depth, cost, deepest: deepest.deepest };
}

/** The limit errors of `operation` (empty when within the limits). */
export function checkLimits(ctx: LowerContext, schema: GraphQLSchema, operation: OperationDefinitionNode, limits: GraphqlLimits): GraphQLError[] {
  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (root === null || root === undefined) return [];
  const fields = collectFields([operation.selectionSet], ctx);
  const size = checkSize(ctx, fields, root, {
    maxFields: limits.maxFields ?? DEFAULT_MAX_FIELDS,
    maxRelationships: limits.maxRelationships ?? DEFAULT_MAX_RELATIONSHIPS,
    maxIntrospection: limits.maxIntrospection ?? DEFAULT_MAX_INTROSPECTION,
  });
  if (size !== null) return [size];
  const m = measure(ctx, fields, root, 1);
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
