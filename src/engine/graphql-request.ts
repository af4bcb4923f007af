/**
 * GraphQL requests against a Database — the API the CLI, the HTTP endpoint
 * and subscriptions use. `prepareGraphql` parses, validates and plans a
 * request (each root field ONE optimized plan: joins and grouped JSON
 * aggregates, no resolver per field); `execute()` runs the plans in one
 * snapshot (a mutation: all its writes in one transaction) and assembles
 * graphql-js's `{data, errors}` shape, errors carrying `extensions.code`.
 */
import { execute as executeGraphql, type ExecutionResult, type GraphQLError, type GraphQLSchema } from 'graphql';
import { compileRequest, type CompiledRequest, type GraphqlRequest } from '../lang/graphql/compile-request.js';
import type { GraphqlLimits } from '../lang/graphql/request-limits.js';
import { graphqlError, toGraphqlError } from '../lang/graphql/graphql-errors.js';
import { assembleValue } from '../lang/graphql/assemble-result.js';
import type { Database } from './database.js';
import { graphqlCatalog } from './graphql-schema-cache.js';
import { runReadPlan, tooManyRows, withSnapshot, type PlanRunner } from './graphql-run-plan.js';
import { nestedRows } from '../lang/graphql/response-rows.js';
import { introspectionDocument } from '../lang/graphql/introspection-document.js';
import { runMutations } from './graphql-mutations.js';
import { PyralogError } from '../errors/pyralog-error.js';

export type { GraphqlRequest, GraphqlLimits };

export interface PreparedGraphql {
  readonly operation: 'query' | 'mutation' | 'subscription';
  /** Tables the request reads (for capability checks and subscription triggers). */
  readonly tablesRead: readonly string[];
  readonly tablesWritten: readonly string[];
  /** Runs the request: graphql-js's `{data, errors}` shape, errors with `extensions.code`. */
  execute(options?: { signal?: AbortSignal }): Promise<ExecutionResult>;
}

/** The schema for db's current catalog (cached; rebuilt when a table, column or foreign key changes). */
export function graphqlSchema(db: Database): GraphQLSchema {
  return graphqlCatalog(db).schema;
}

/** Parse + validate + plan; a request that fails validation gives the errors instead. */
export function prepareGraphql(db: Database, request: GraphqlRequest, limits?: GraphqlLimits): PreparedGraphql | { readonly errors: readonly GraphQLError[] } {
  const { model, schema, documents, requests } = graphqlCatalog(db);
  const key = requestKey(request, limits);
  let compiled: CompiledRequest | { readonly errors: readonly GraphQLError[] } | undefined = key === null ? undefined : requests.get(key);
  if (compiled === undefined) {
    compiled = withSnapshot(db, (run) => compileRequest(model, schema, request, limits, documents, (table) => tableRows(run, table)));
    if ('errors' in compiled) return { errors: compiled.errors };
    // a mutation's plans are made for one run; queries and subscriptions are re-run as they are
    if (key !== null && compiled.lowered.operation !== 'mutation') requests.set(key, compiled);
  }
  const { lowered } = compiled;
  return {
    operation: lowered.operation,
    tablesRead: lowered.tablesRead,
    tablesWritten: lowered.tablesWritten,
    execute: async (options) => executePrepared(db, schema, compiled, limits ?? {}, options?.signal),
  };
}

/** `table`'s row count in the snapshot's statistics (undefined when it cannot be read). */
function tableRows(run: PlanRunner, table: string): number | undefined {
  try {
    return run.catalog.stats(table).rowCount;
  } catch {
    return undefined;
  }
}

/** The cache key of a request (null when its variables do not serialize). */
function requestKey(request: GraphqlRequest, limits: GraphqlLimits | undefined): string | null {
  try {
    return JSON.stringify([request.query, request.variables ?? null, request.operationName ?? null, limits ?? null]);
  } catch {
    return null;
  }
}

/** prepareGraphql + execute in one call; validation errors come back in the result. */
export async function runGraphql(db: Database, request: GraphqlRequest, limits?: GraphqlLimits): Promise<ExecutionResult> {
  const prepared = prepareGraphql(db, request, limits);
  if ('errors' in prepared) return { errors: prepared.errors };
  return prepared.execute();
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new PyralogError('QUERY_TIMEOUT', 'the GraphQL request was cancelled', { phase: 'execute' });
}

function executePrepared(db: Database, schema: GraphQLSchema, compiled: CompiledRequest, limits: GraphqlLimits, signal: AbortSignal | undefined): ExecutionResult {
  const { lowered } = compiled;
  const data: Record<string, unknown> = {};
  let current: string | undefined;
  try {
    checkAborted(signal);
    if (lowered.operation === 'mutation') {
      Object.assign(data, runMutations(db, lowered.roots, limits, (key) => (current = key)));
    } else {
      withSnapshot(db, (run) => {
        // maxRows bounds the whole response: each root field may read only what the earlier ones left
        const max = limits.maxRows;
        let used = 0;
        for (const step of lowered.roots) {
          current = step.key;
          checkAborted(signal);
          if (step.kind === 'const') data[step.key] = step.value;
          else if (step.kind === 'read') {
            const rows = runReadPlan(run, step.plan.rel, max === undefined ? undefined : max - used, max);
            const values = rows.map((r) => assembleValue(step.plan.shape, r));
            if (max !== undefined) {
              used += rows.length;
              for (const v of values) used += nestedRows(step.plan.shape, v);
              if (used > max) throw tooManyRows(max);
            }
            data[step.key] = step.cardinality === 'many' ? values : (values[0] ?? null);
          }
        }
      });
    }
  } catch (e) {
    const path = current !== undefined ? [current] : undefined;
    return { data: null, errors: [toGraphqlError(e, path)] };
  }
  if (lowered.roots.some((r) => r.kind === 'introspection')) return withIntrospection(schema, compiled, data);
  return { data };
}

/**
 * `data` with the request's `__schema`/`__type` root fields answered by
 * graphql-js (only those: the engine's values are merged in as they are, not
 * serialized again), keys in the request's root field order.
 */
function withIntrospection(schema: GraphQLSchema, compiled: CompiledRequest, data: Readonly<Record<string, unknown>>): ExecutionResult {
  const document = introspectionDocument(compiled.document, compiled.operation);
  if (document === undefined) return { data: { ...data } };
  const result = executeGraphql({ schema, document, operationName: compiled.operation.name?.value ?? null, variableValues: compiled.variables, rootValue: {} });
  if (result instanceof Promise) return { data: null, errors: [graphqlError('INTERNAL', 'introspection did not complete synchronously')] };
  if (result.data === null || result.data === undefined) return { data: null, errors: (result.errors ?? []).map((e) => toGraphqlError(e)) };
  const answered = result.data;
  const merged: Record<string, unknown> = {};
  for (const step of compiled.lowered.roots) merged[step.key] = step.kind === 'introspection' ? answered[step.key] : data[step.key];
  const errors = (result.errors ?? []).map((e) => toGraphqlError(e));
  return errors.length > 0 ? { data: merged, errors } : { data: merged };
}
