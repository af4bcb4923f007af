/**
 * One GraphQL operation on the server, whatever carries it (HTTP or
 * graphql-ws): admission (shutting down, the caller's rate bucket), compile
 * through `prepareGraphql` (parse, validate and ONE plan; its errors come
 * back as GraphQL errors), the token's rights checked against the tables the
 * plan reads and writes before anything runs (method `graphql`), and
 * execution under the server's query-time limit and the caller's abort
 * signal. Also the stand-in ExecutionArgs that let graphql-http and
 * graphql-ws drive a prepared operation through their execute hooks: they
 * only look at its operation kind; the engine, not graphql-js resolvers,
 * computes the result.
 */
import { Kind, type DocumentNode, type OperationTypeNode, type ExecutionArgs, type ExecutionResult, type GraphQLError, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { Database } from '../../engine/database.js';
import { prepareGraphql, type GraphqlRequest, type PreparedGraphql } from '../../engine/graphql-request.js';
import { PyralogError } from '../../errors/pyralog-error.js';
import type { Authenticator } from '../authenticator.js';
import type { VerifiedToken } from '../capability-tokens.js';
import { authorize, rowLimit } from '../grant.js';
import type { RateLimiter } from '../rate-limiter.js';
import type { ServerLimits } from '../server-config.js';
import type { ServerMetrics } from '../server-metrics.js';
import type { SubscriptionHub } from '../subscription-hub.js';
import { codeOf, toGraphqlError } from './graphql-errors.js';
import type { OriginPolicy } from '../origin-guard.js';

/** What the GraphQL endpoint shares with the JSON-RPC server. */
export interface GraphqlServices {
  readonly db: Database;
  readonly limits: ServerLimits;
  readonly authenticator: Authenticator;
  readonly rate: RateLimiter;
  readonly metrics: ServerMetrics;
  readonly subscriptions: SubscriptionHub;
  readonly log: Logger;
  /** True once the server is shutting down: new operations are refused. */
  readonly stopping: () => boolean;
  /** Cross-site checks on every request and upgrade (../origin-guard.ts). */
  readonly policy: OriginPolicy;
}

export interface GraphqlCaller {
  readonly token: VerifiedToken | undefined;
  /** The rate-limit key on an open server. */
  readonly address: string;
}

/** What the execute hooks find in `contextValue` (a type alias: graphql-http wants a record type). */
export type OperationContext = {
  readonly prepared: PreparedGraphql;
  readonly request: GraphqlRequest;
  readonly caller: GraphqlCaller;
  readonly signal: AbortSignal;
};

/** The authorization method name of every GraphQL operation (a token's `methods` caveat must list it). */
export const GRAPHQL_METHOD = 'graphql';

/** Throws unless a new operation may start: not shutting down, and the caller's rate bucket has room. */
export function admit(services: GraphqlServices, caller: GraphqlCaller): void {
  if (services.stopping()) throw new PyralogError('SERVER_SHUTTING_DOWN', 'the server is shutting down', { phase: 'server' });
  services.rate.take(caller.token?.id ?? caller.address);
}

/**
 * Compiles `request` into one plan and checks the caller's token against the
 * tables it reads and writes. Compile errors are returned; refusals throw
 * (AUTH_FORBIDDEN).
 */
export function prepareOperation(services: GraphqlServices, caller: GraphqlCaller, request: GraphqlRequest): PreparedGraphql | readonly GraphQLError[] {
  const out = prepareGraphql(services.db, request, { maxRows: rowLimit(caller.token, services.limits.maxResultRows) });
  if ('errors' in out) return out.errors;
  authorize(caller.token, { method: GRAPHQL_METHOD, readTables: out.tablesRead, writeTables: out.tablesWritten });
  return out;
}

function timeoutError(ms: number): PyralogError {
  return new PyralogError('QUERY_TIMEOUT', `the query ran longer than ${ms} ms and was cancelled`, { phase: 'server', details: { limitMs: ms } });
}

/**
 * Runs a prepared operation under `limits.queryTimeoutMs` and `signal`
 * (the caller went away, the server stops). A failure is a result with
 * errors (their extensions carry the code), never a throw.
 */
export async function executeOperation(services: Pick<GraphqlServices, 'limits' | 'log'>, prepared: PreparedGraphql, signal: AbortSignal): Promise<ExecutionResult> {
  const ms = services.limits.queryTimeoutMs;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(timeoutError(ms));
  }, ms);
  const onAbort = (): void => controller.abort(signal.reason);
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await prepared.execute({ signal: controller.signal });
    if (timedOut && result.errors !== undefined && result.errors.length > 0) return { data: null, errors: [toGraphqlError(timeoutError(ms), () => {})] };
    return result;
  } catch (e) {
    return { data: null, errors: [toGraphqlError(timedOut ? timeoutError(ms) : e, (bug) => services.log.error({ err: bug }, 'GraphQL execution failed'))] };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

/** Counts an operation in the server's metrics (`seconds` undefined: not timed, a live subscription). */
export function recordOperation(
  services: GraphqlServices,
  transport: 'http' | 'ws',
  operation: string,
  seconds: number | undefined,
  errors: readonly { readonly extensions?: Readonly<Record<string, unknown>> | undefined }[] | undefined,
): void {
  services.metrics.graphqlRequests.inc({ operation, transport });
  if (seconds !== undefined) services.metrics.graphqlLatency.observe({ operation }, seconds);
  for (const e of errors ?? []) services.metrics.graphqlErrors.inc({ operation, code: codeOf(e) });
}

/**
 * ExecutionArgs for graphql-http / graphql-ws hooks: a document holding only
 * the operation's kind (what they inspect: no mutations over GET, subscribe
 * vs execute) and the operation itself in `contextValue`.
 */
export function operationArgs<C extends OperationContext>(schema: GraphQLSchema, context: C): ExecutionArgs & { contextValue: C } {
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [{ kind: Kind.OPERATION_DEFINITION, operation: context.prepared.operation as OperationTypeNode, selectionSet: { kind: Kind.SELECTION_SET, selections: [] } }],
  };
  return { schema, document, contextValue: context };
}

/** The operation context an execute hook was handed (set by `operationArgs`). */
export function contextOf(args: ExecutionArgs): OperationContext {
  return args.contextValue as OperationContext;
}
