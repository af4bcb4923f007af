/**
 * How failures of the GraphQL endpoint become GraphQL errors: a PyralogError
 * (auth, rate, limits, a query error thrown by the engine) becomes a
 * `GraphQLError` whose `extensions` carry its code (and phase, hint,
 * details, as the JSON-RPC `data` does); anything else is a bug, logged and
 * answered as `INTERNAL` without internals. Also the HTTP status a refusal
 * gets before anything runs (401 no or bad token, 403 not granted, 429 rate,
 * 503 shutting down), as the GraphQL-over-HTTP spec recommends.
 */
import { GraphQLError } from 'graphql';
import { isPyralogError, type PyralogError } from '../../errors/pyralog-error.js';
import { errorData } from '../rpc-errors.js';

/** A GraphQL error for `e`; `internal` is called for values that are not PyralogErrors (bugs). */
export function toGraphqlError(e: unknown, internal: (e: unknown) => void): GraphQLError {
  if (e instanceof GraphQLError) return e;
  if (!isPyralogError(e)) {
    internal(e);
    return new GraphQLError('internal error', { extensions: { code: 'INTERNAL' } });
  }
  const { message: _message, ...data } = errorData(e);
  return new GraphQLError(e.message, { extensions: { ...data } });
}

/** The HTTP status of a request refused before it ran, by its error code; undefined for other errors (answered as GraphQL errors). */
export function refusalStatus(e: PyralogError): number | undefined {
  switch (e.code) {
    case 'AUTH_REQUIRED':
    case 'AUTH_INVALID':
    case 'AUTH_EXPIRED':
    case 'AUTH_REVOKED':
      return 401;
    case 'AUTH_FORBIDDEN':
      return 403;
    case 'RATE_LIMITED':
      return 429;
    case 'SERVER_SHUTTING_DOWN':
    case 'DATABASE_CLOSED':
      return 503;
    default:
      return undefined;
  }
}

/** The code in a GraphQL error's extensions (for metrics), or `GRAPHQL` for graphql-js's own (syntax, validation). */
export function codeOf(error: { readonly extensions?: Readonly<Record<string, unknown>> | undefined }): string {
  const code = error.extensions?.['code'];
  return typeof code === 'string' ? code : 'GRAPHQL';
}
