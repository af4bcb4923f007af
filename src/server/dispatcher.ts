/**
 * The dispatcher: one JSON-RPC payload in, the responses out. It checks the
 * framing (json-rpc.ts), and for each request authenticates the caller, takes
 * from its rate bucket, finds the method, runs it and turns what it returns
 * or throws into a response; notifications run but answer nothing. A batch
 * runs in order (so its writes apply in order) and yields to the event loop
 * between entries. Counts calls in flight so shutdown can wait for them.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Logger } from 'pino';
import { PyralogError } from '../errors/pyralog-error.js';
import type { Authenticator } from './authenticator.js';
import { Cancellation, type CallSignal } from './call-signal.js';
import { DATA_METHODS } from './data-methods.js';
import { RPC_METHOD_NOT_FOUND, RPC_INVALID_REQUEST, RpcError, errorResponse, parsePayload, resultResponse, type RpcEntry, type RpcResponse } from './json-rpc.js';
import { QUERY_METHODS } from './query-methods.js';
import type { RateLimiter } from './rate-limiter.js';
import { ArrowPayload, Params, RawJson, type MethodHandler, type Services, type Session } from './rpc-context.js';
import { toRpcError } from './rpc-errors.js';
import type { ServerMetrics } from './server-metrics.js';

/** `auth {token}`: sets the WebSocket session's token (the first message of a connection, or a later switch). */
const auth: MethodHandler = () => undefined; // handled in the dispatcher: it needs the authenticator

export const METHODS: Readonly<Record<string, MethodHandler>> = { ...QUERY_METHODS, ...DATA_METHODS, auth };

/** What one payload produced: nothing (only notifications), one response, or a batch of them. */
export type DispatchOutcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'single'; readonly response: RpcResponse }
  | { readonly kind: 'batch'; readonly responses: readonly RpcResponse[] };

export interface Caller {
  readonly session: Session;
  /** The token sent with an HTTP request (Authorization header); WebSocket sessions carry theirs. */
  readonly token?: string | undefined;
  /** Rate-limit key when the server is open (the client address). */
  readonly address: string;
}

export class Dispatcher {
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  stopping = false;

  constructor(
    private readonly services: Services,
    private readonly authenticator: Authenticator,
    private readonly rate: RateLimiter,
    private readonly metrics: ServerMetrics,
    private readonly log: Logger,
  ) {}

  get busy(): number {
    return this.inFlight;
  }

  /** Resolves once no call is in flight. */
  idle(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async dispatch(text: string, caller: Caller): Promise<DispatchOutcome> {
    const payload = parsePayload(text, { maxDepth: this.services.limits.maxJsonDepth, maxBatch: this.services.limits.maxBatch });
    if (payload.kind === 'error') {
      this.metrics.errors.inc({ method: '(invalid)', code: String((payload.response as { error: { code: number } }).error.code) });
      return { kind: 'single', response: payload.response };
    }
    if (payload.kind === 'single') {
      const r = await this.call(payload.entry, caller);
      return r === undefined ? { kind: 'none' } : { kind: 'single', response: r };
    }
    const responses: RpcResponse[] = [];
    for (const [i, entry] of payload.entries.entries()) {
      if (i > 0) await yieldToLoop();
      const r = await this.call(entry, caller);
      if (r !== undefined) responses.push(r);
    }
    return responses.length === 0 ? { kind: 'none' } : { kind: 'batch', responses };
  }

  private async call(entry: RpcEntry, caller: Caller): Promise<RpcResponse | undefined> {
    if (entry.kind === 'invalid') {
      this.metrics.errors.inc({ method: '(invalid)', code: String(RPC_INVALID_REQUEST) });
      return errorResponse(entry.id, { code: RPC_INVALID_REQUEST, message: `invalid request: ${entry.message}` }, entry.idText);
    }
    const method = Object.hasOwn(METHODS, entry.method) ? entry.method : '(unknown)';
    const session = caller.session;
    this.metrics.requests.inc({ method, transport: session.transport });
    const end = this.metrics.latency.startTimer({ method });
    // A WebSocket call with an id gets its own controller, so `cancel {id}` can stop it alone.
    const calls = entry.notification || method === 'cancel' ? undefined : session.calls;
    let controller: Cancellation | undefined;
    if (calls !== undefined) {
      controller = new Cancellation();
      if (session.signal.aborted) controller.abort();
      calls.set(entry.id, controller);
    }
    this.inFlight++;
    try {
      const result = await this.run(entry.method, entry.params, caller, controller ?? session.signal);
      return entry.notification ? undefined : resultResponse(entry.id, result, entry.idText);
    } catch (e) {
      const error = toRpcError(e, (bug) => this.log.error({ err: bug, method }, 'internal error in a method'));
      const code = (error.data as { code?: string } | undefined)?.code ?? String(error.code);
      this.metrics.errors.inc({ method, code });
      return entry.notification ? undefined : errorResponse(entry.id, error, entry.idText);
    } finally {
      if (controller !== undefined && calls?.get(entry.id) === controller) calls.delete(entry.id);
      end();
      this.inFlight--;
      if (this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  private async run(name: string, rawParams: unknown, caller: Caller, signal: CallSignal): Promise<unknown> {
    if (this.stopping) throw new PyralogError('SERVER_SHUTTING_DOWN', 'the server is shutting down', { phase: 'server' });
    const handler = Object.hasOwn(METHODS, name) ? METHODS[name] : undefined;
    if (handler === undefined) throw new RpcError(RPC_METHOD_NOT_FOUND, `method not found: ${name.slice(0, 100)}`);
    const params = new Params(rawParams, name);
    const session = caller.session;
    if (name === 'auth') {
      const verified = this.authenticator.authenticate(params.string('token'));
      if (session.transport === 'ws') session.token = verified;
      this.rate.take(verified?.id ?? caller.address);
      return { authenticated: verified !== undefined, id: verified?.id ?? null };
    }
    const token = session.transport === 'ws' ? session.token : this.authenticator.authenticate(caller.token);
    if (session.transport === 'ws') {
      if (this.authenticator.enabled && token === undefined) this.authenticator.authenticate(undefined);
      this.authenticator.recheck(token);
    }
    this.rate.take(token?.id ?? caller.address);
    const result = await handler({ services: this.services, session, token, signal }, params);
    return result;
  }
}

function replacer(_k: string, v: unknown): unknown {
  return v instanceof ArrowPayload ? v.toJSON() : typeof v === 'bigint' ? v.toString() : v;
}

const NULL_ID_HEAD = '{"jsonrpc":"2.0","id":null';

function oneText(r: RpcResponse): string {
  if (r.idText !== undefined) {
    // The id as the request wrote it (json-rpc.ts idLiterals), spliced where JSON.stringify would put a rounded number.
    const { idText, ...rest } = r;
    return `{"jsonrpc":"2.0","id":${idText}${oneText({ ...rest, id: null }).slice(NULL_ID_HEAD.length)}`;
  }
  // A query's rows arrive as JSON text already: spliced in, not parsed and encoded again.
  if ('result' in r && r.result instanceof RawJson) return `{"jsonrpc":"2.0","id":${JSON.stringify(r.id)},"result":${r.result.text}}`;
  return JSON.stringify(r, replacer);
}

/** The JSON text of a response, with an Arrow result in its JSON (base64) form. */
export function responseText(value: RpcResponse | readonly RpcResponse[]): string {
  if (isResponseList(value)) return `[${value.map(oneText).join(',')}]`;
  return oneText(value);
}

function isResponseList(v: RpcResponse | readonly RpcResponse[]): v is readonly RpcResponse[] {
  return Array.isArray(v);
}
