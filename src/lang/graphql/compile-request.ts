/**
 * The GraphQL front end as one stage: request text → bracket nesting check →
 * parse → validate
 * against the catalog's schema (a request text that validated once is kept
 * in the schema's document cache) → coerce variables → depth and cost limits →
 * lowered root steps (plans and write specs). Every failure comes back as
 * GraphQL errors with locations and `extensions.code`, never thrown.
 */
import {
  GraphQLError,
  Kind,
  getOperationAST,
  getVariableValues,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';
import type { GqlModel } from './catalog-model.js';
import type { GraphQLSchema } from 'graphql';
import { graphqlError, toGraphqlError } from './graphql-errors.js';
import type { LowerContext } from './level.js';
import { lowerOperation, type LoweredRequest } from './lower-request.js';
import { checkLimits, type GraphqlLimits, type TableRows } from './request-limits.js';
import { LruCache } from '../../util/lru-cache.js';
import { checkTextDepth } from './text-depth.js';

export interface GraphqlRequest {
  readonly query: string;
  readonly variables?: Record<string, unknown> | null;
  readonly operationName?: string | null;
}

export interface CompiledRequest {
  readonly lowered: LoweredRequest;
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
  readonly variables: Readonly<Record<string, unknown>>;
}

/** Request text longer than this is refused before parsing (as the other front ends). */
export const MAX_REQUEST_LENGTH = 256 * 1024;

/** Request texts that parsed and validated against one schema (kept per schema, so per database and catalog version). */
export type DocumentCache = LruCache<string, DocumentNode>;

export function compileRequest(
  model: GqlModel,
  schema: GraphQLSchema,
  request: GraphqlRequest,
  limits: GraphqlLimits = {},
  documents?: DocumentCache,
  rows?: TableRows,
): CompiledRequest | { readonly errors: readonly GraphQLError[] } {
  if (typeof request.query !== 'string') return { errors: [graphqlError('GRAPHQL_SYNTAX_ERROR', 'the request has no query text')] };
  if (request.query.length > MAX_REQUEST_LENGTH) {
    return { errors: [graphqlError('QUERY_TOO_LARGE', `the request text is longer than ${MAX_REQUEST_LENGTH} characters`)] };
  }
  let document = documents?.get(request.query);
  if (document === undefined) {
    const tooDeep = checkTextDepth(request.query);
    if (tooDeep !== null) return { errors: [tooDeep] };
    try {
      document = parse(request.query, { maxTokens: 50_000 });
    } catch (e) {
      const err = e instanceof GraphQLError ? e : null;
      return { errors: [graphqlError('GRAPHQL_SYNTAX_ERROR', err?.message ?? String(e), undefined)].map((g) => (err === null ? g : withLocations(g, err))) };
    }
    const invalid = validate(schema, document);
    if (invalid.length > 0) return { errors: invalid.map((e) => graphqlError('GRAPHQL_VALIDATION_FAILED', e.message, e.nodes)) };
    documents?.set(request.query, document);
  }
  const operation = getOperationAST(document, request.operationName ?? undefined);
  if (operation === null || operation === undefined) {
    const message =
      request.operationName !== undefined && request.operationName !== null
        ? `unknown operation named "${request.operationName}"`
        : 'the request holds several operations: give operationName';
    return { errors: [graphqlError('GRAPHQL_VALIDATION_FAILED', message)] };
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}, { maxErrors: 20 });
  if (coerced.errors !== undefined) return { errors: coerced.errors.map((e) => graphqlError('GRAPHQL_VALIDATION_FAILED', e.message, e.nodes)) };
  const fragments: Record<string, FragmentDefinitionNode> = Object.create(null) as Record<string, FragmentDefinitionNode>;
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  const ctx: LowerContext = { model, schema, fragments, variables: coerced.coerced, tablesRead: new Set() };
  const over = checkLimits(ctx, schema, operation, limits, rows);
  if (over.length > 0) return { errors: over };
  try {
    return { lowered: lowerOperation(ctx, operation), document, operation, variables: coerced.coerced };
  } catch (e) {
    return { errors: [toGraphqlError(e)] };
  }
}

function withLocations(g: GraphQLError, from: GraphQLError): GraphQLError {
  return new GraphQLError(g.message, { ...(from.source !== undefined ? { source: from.source } : {}), ...(from.positions !== undefined ? { positions: from.positions } : {}), extensions: g.extensions });
}
