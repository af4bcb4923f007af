/**
 * GraphQL errors with Pyralog codes: every error a GraphQL request reports is
 * a `GraphQLError` whose `extensions.code` is a registered ErrorCode, with the
 * locations of the offending nodes. Lowering raises `GraphqlLoweringError`
 * (a PyralogError carrying the nodes), which the request turns into this shape.
 */
import { GraphQLError, type ASTNode } from 'graphql';
import { PyralogError, isPyralogError } from '../../errors/pyralog-error.js';
import type { ErrorCode } from '../../errors/error-codes.js';

/** A PyralogError raised while lowering, located at GraphQL AST nodes. */
export class GraphqlLoweringError extends PyralogError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly nodes: readonly ASTNode[] = [],
  ) {
    super(code, message, { phase: 'lower' });
  }
}

/** A GraphQL error with `extensions.code`. */
export function graphqlError(code: ErrorCode, message: string, nodes?: readonly ASTNode[] | ASTNode, path?: readonly (string | number)[]): GraphQLError {
  return new GraphQLError(message, { ...(nodes !== undefined ? { nodes } : {}), ...(path !== undefined ? { path } : {}), extensions: { code } });
}

/** Any thrown value as a GraphQL error: PyralogErrors keep their code; anything else is INTERNAL. */
export function toGraphqlError(e: unknown, path?: readonly (string | number)[]): GraphQLError {
  if (e instanceof GraphQLError) {
    return e.extensions['code'] === undefined ? graphqlError('GRAPHQL_VALIDATION_FAILED', e.message, e.nodes, path ?? e.path) : e;
  }
  if (e instanceof GraphqlLoweringError) return graphqlError(e.code, e.message, e.nodes.length > 0 ? e.nodes : undefined, path);
  if (isPyralogError(e)) return graphqlError(e.code, e.message, undefined, path);
  return graphqlError('INTERNAL', e instanceof Error ? e.message : String(e), undefined, path);
}
