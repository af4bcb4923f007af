/**
 * The error a client call rejects with: the JSON-RPC error's code and
 * message, and for application errors the server's PyralogError fields
 * (`data.code`, `data.line`, `data.column`, `data.hint`, …).
 */
export interface RpcErrorData {
  readonly code: string;
  readonly message: string;
  readonly phase?: string;
  readonly line?: number;
  readonly column?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly hint?: string;
  readonly hints?: readonly string[];
  readonly details?: unknown;
  readonly limit?: string;
}

export class RpcCallError extends Error {
  override readonly name = 'RpcCallError';

  constructor(
    /** The JSON-RPC error code (-32700…-32603, or 1…5 for application errors). */
    readonly code: number,
    message: string,
    readonly data?: RpcErrorData,
  ) {
    super(message);
  }

  /** The PyralogError code for application errors (e.g. `AUTH_FORBIDDEN`), else undefined. */
  get pyralogCode(): string | undefined {
    return this.data?.code;
  }
}
