/**
 * How failures become JSON-RPC errors. A PyralogError is an application
 * error (codes 1..5, by kind: query/data error, unauthorized, forbidden,
 * limit exceeded, unavailable) whose `data` carries the PyralogError code,
 * message, phase, line, column and hint; an RpcError passes through as it is;
 * anything else is a bug: -32603 with no internals leaked (it is logged).
 */
import { isPyralogError, type PyralogError } from '../errors/pyralog-error.js';
import {
  RPC_FORBIDDEN,
  RPC_INTERNAL_ERROR,
  RPC_LIMIT_EXCEEDED,
  RPC_QUERY_ERROR,
  RPC_UNAUTHORIZED,
  RPC_UNAVAILABLE,
  RpcError,
  type RpcErrorObject,
} from './json-rpc.js';

export interface PyralogErrorData {
  readonly code: string;
  readonly message: string;
  readonly phase: string;
  readonly line?: number;
  readonly column?: number;
  /** Where the span ends (inclusive line, exclusive column), when the error knows: a caret can underline it. */
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly hint?: string;
  readonly hints?: readonly string[];
  readonly details?: unknown;
}

/** The `data` of an application error. */
export function errorData(e: unknown): PyralogErrorData {
  if (!isPyralogError(e)) return { code: 'INTERNAL', message: 'internal error', phase: 'internal' };
  const span = e.spans[0];
  return {
    code: e.code,
    message: e.message,
    phase: e.phase,
    ...(span !== undefined ? { line: span.line, column: span.column } : {}),
    ...(span?.endLine !== undefined && span.endColumn !== undefined ? { endLine: span.endLine, endColumn: span.endColumn } : {}),
    ...(e.hints.length > 0 ? { hint: e.hints[0], hints: e.hints } : {}),
    ...(e.details !== undefined ? { details: safeDetails(e.details) } : {}),
  };
}

function safeDetails(details: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(details, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
  } catch {
    return undefined;
  }
}

function rpcCodeOf(e: PyralogError): number {
  switch (e.code) {
    case 'AUTH_REQUIRED':
    case 'AUTH_INVALID':
    case 'AUTH_EXPIRED':
    case 'AUTH_REVOKED':
      return RPC_UNAUTHORIZED;
    case 'AUTH_FORBIDDEN':
      return RPC_FORBIDDEN;
    case 'RATE_LIMITED':
    case 'RESULT_TOO_LARGE':
    case 'QUERY_TIMEOUT':
      return RPC_LIMIT_EXCEEDED;
    case 'SERVER_SHUTTING_DOWN':
    case 'DATABASE_CLOSED':
      return RPC_UNAVAILABLE;
    default:
      return RPC_QUERY_ERROR;
  }
}

/** The JSON-RPC error object for a thrown value; `internal` is called for bugs (to log them). */
export function toRpcError(e: unknown, internal: (e: unknown) => void): RpcErrorObject {
  if (e instanceof RpcError) return e.toObject();
  if (isPyralogError(e)) return { code: rpcCodeOf(e), message: e.message, data: errorData(e) };
  internal(e);
  return { code: RPC_INTERNAL_ERROR, message: 'internal error' };
}
