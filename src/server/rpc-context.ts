/**
 * What a method handler is given: the server's services (database, query
 * runner, limits, token checks, subscriptions), the calling session (one
 * WebSocket connection, or one HTTP request), the caller's verified token
 * and an abort signal; plus `Params`, the reader that checks a method's
 * named parameters and answers -32602 for a missing or ill-typed one.
 */
import type { Database } from '../engine/database.js';
import type { BatutaSession } from '../engine/batuta-session.js';
import type { Cancellation, CallSignal } from './call-signal.js';
import type { VerifiedToken } from './capability-tokens.js';
import { RPC_INVALID_PARAMS, RpcError } from './json-rpc.js';
import type { PreparedHandles } from './prepared-handles.js';
import type { QueryRunner } from './query-runner.js';
import type { ServerLimits } from './server-config.js';
import type { SubscriptionHub } from './subscription-hub.js';
import type { WriteBatcher } from './write-batcher.js';

/** Arrow IPC bytes a method returns; the transport sends them as a binary frame (WebSocket) or base64 (HTTP). */
export class ArrowPayload {
  constructor(
    readonly ipc: Uint8Array,
    readonly rows: number,
  ) {}

  /** The JSON form (HTTP, and inside WebSocket batches). */
  toJSON(): { format: 'arrow'; rows: number; data: string } {
    return { format: 'arrow', rows: this.rows, data: Buffer.from(this.ipc.buffer, this.ipc.byteOffset, this.ipc.byteLength).toString('base64') };
  }
}

/** A result already encoded as JSON text (a query's `{columns, rows}`): the response embeds it as it is. */
export class RawJson {
  constructor(readonly text: string) {}

  /** For a JSON.stringify that meets one nested somewhere (not the fast path). */
  toJSON(): unknown {
    return JSON.parse(this.text) as unknown;
  }
}

export interface Services {
  readonly db: Database;
  readonly runner: QueryRunner;
  readonly limits: ServerLimits;
  readonly handles: PreparedHandles;
  readonly subscriptions: SubscriptionHub;
  /** Group commit of the write methods (writer thread or this one). */
  readonly writes: WriteBatcher;
  /** Re-checks a token before a deferred use (subscription pushes): revocation and expiry. */
  readonly recheck: (token: VerifiedToken | undefined) => void;
}

/** Per-caller state: a WebSocket connection, or a single HTTP request. */
export interface Session {
  readonly id: string;
  readonly transport: 'http' | 'ws';
  token: VerifiedToken | undefined;
  batuta: BatutaSession | undefined;
  /** Sends a notification (WebSocket only). */
  readonly notify?: (method: string, params: unknown) => void;
  /** Aborted when the connection closes or the server stops. */
  readonly signal: CallSignal;
  /**
   * A WebSocket's calls in flight by JSON-RPC id, each with its own
   * controller (what `cancel {id}` aborts); absent over HTTP.
   */
  readonly calls?: Map<string | number | null, Cancellation>;
}

export interface CallContext {
  readonly services: Services;
  readonly session: Session;
  readonly token: VerifiedToken | undefined;
  readonly signal: CallSignal;
}

export type MethodHandler = (ctx: CallContext, params: Params) => unknown;

function bad(message: string): RpcError {
  return new RpcError(RPC_INVALID_PARAMS, `invalid params: ${message}`);
}

/** Named parameters of one call, read with type checks. */
export class Params {
  private readonly values: Readonly<Record<string, unknown>>;

  constructor(
    raw: unknown,
    readonly method: string,
  ) {
    if (raw === undefined || (Array.isArray(raw) && raw.length === 0)) this.values = {};
    else if (Array.isArray(raw)) throw bad(`${method} takes named parameters (an object), not an array`);
    else this.values = raw as Record<string, unknown>;
  }

  has(name: string): boolean {
    return Object.hasOwn(this.values, name) && this.values[name] !== undefined;
  }

  raw(name: string): unknown {
    return Object.hasOwn(this.values, name) ? this.values[name] : undefined;
  }

  string(name: string): string {
    const v = this.raw(name);
    if (typeof v !== 'string') throw bad(`${this.method} needs "${name}" as a string`);
    return v;
  }

  optionalString(name: string): string | undefined {
    return this.has(name) ? this.string(name) : undefined;
  }

  optionalInt(name: string): number | undefined {
    if (!this.has(name)) return undefined;
    const v = this.raw(name);
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw bad(`${this.method} needs "${name}" as a non-negative integer`);
    return v;
  }

  optionalBool(name: string): boolean | undefined {
    if (!this.has(name)) return undefined;
    const v = this.raw(name);
    if (typeof v !== 'boolean') throw bad(`${this.method} needs "${name}" as a boolean`);
    return v;
  }

  /** The `format` parameter: "json" (default) or "arrow". */
  format(): 'json' | 'arrow' {
    const f = this.optionalString('format') ?? 'json';
    if (f !== 'json' && f !== 'arrow') throw bad(`format must be "json" or "arrow", not ${JSON.stringify(f)}`);
    return f;
  }
}
