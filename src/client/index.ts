/**
 * The typed client of the Pyralog server: `import { connect } from
 * 'pyralog/client'`. `connect('ws://127.0.0.1:8545/')` talks over one
 * WebSocket (subscriptions, Arrow as binary frames, Batuta definitions kept
 * across calls); `connect('http://127.0.0.1:8545')` sends one POST per call.
 * Every method of docs/rpc.md has a typed wrapper; `call` and `batch` reach
 * any method by name. Failures reject with RpcCallError.
 */
import { tableFromIPC, type Table } from 'apache-arrow';
import { RpcCallError, type RpcErrorData } from './rpc-call-error.js';
import { HttpChannel, WsChannel, type Channel, type RpcMessage } from './rpc-channel.js';
import { encodeValue } from './wire-encode.js';

export { RpcCallError, type RpcErrorData } from './rpc-call-error.js';

export interface ConnectOptions {
  /** A capability token (macaroon, base64url). */
  readonly token?: string;
}

/** `{columns:[{name,type}], rows:[[…]]}`; int64 beyond 2^53 arrives as a decimal string. */
export interface ResultJson {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly (readonly unknown[])[];
}

export type ParamsInput = readonly unknown[] | Readonly<Record<string, unknown>>;
export type KvBytes = string | Uint8Array;
export type KvValue = string | { readonly $bytes: string };

export interface SubscriptionEvent {
  readonly subscription: string;
  readonly result?: ResultJson;
  readonly error?: RpcErrorData;
  readonly sequence: number;
}

export interface Subscription {
  readonly id: string;
  /** The result at subscribe time. */
  readonly initial: ResultJson;
  unsubscribe(): Promise<void>;
}

export interface BatchCall {
  readonly method: string;
  readonly params?: unknown;
  /** Send as a notification (no id, no answer). */
  readonly notification?: boolean;
}

export interface CallOptions {
  /**
   * Cancels the call (WebSocket only): on abort the client sends `cancel {id}`
   * for it; the server stops it and it rejects with QUERY_CANCELLED.
   */
  readonly signal?: AbortSignal;
}

export type BatchOutcome = { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly error: RpcCallError };

function toError(e: NonNullable<RpcMessage['error']>): RpcCallError {
  return new RpcCallError(e.code, e.message, e.data as RpcErrorData | undefined);
}

export class Client {
  private nextId = 1;
  private readonly subscribers = new Map<string, (e: SubscriptionEvent) => void>();
  private readonly listeners = new Map<string, Set<(params: unknown) => void>>();

  constructor(private readonly channel: Channel) {
    channel.onNotification((m) => {
      if (m.method === 'subscription') {
        const p = m.params as SubscriptionEvent;
        this.subscribers.get(p.subscription)?.(p);
        return;
      }
      for (const h of this.listeners.get(m.method ?? '') ?? []) h(m.params);
    });
  }

  /**
   * Listens to the server's notifications of `method` (WebSocket only), e.g.
   * `output` ({text}: what a Batuta program prints). Returns the function that stops listening.
   */
  on(method: string, handler: (params: unknown) => void): () => void {
    let set = this.listeners.get(method);
    if (set === undefined) this.listeners.set(method, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  get transport(): 'ws' | 'http' {
    return this.channel.kind;
  }

  /** Calls `method`; resolves with its result. `options.signal` cancels it on the server (WebSocket). */
  async call<T = unknown>(method: string, params?: unknown, options?: CallOptions): Promise<T> {
    const id = this.nextId++;
    const payload = params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params: encodeValue(params) };
    const signal = options?.signal;
    const cancel = (): void => {
      this.notify('cancel', { id }).catch(() => undefined); // the connection may be gone: then so is the call
    };
    if (signal !== undefined && this.channel.kind === 'ws') signal.addEventListener('abort', cancel, { once: true });
    let m: RpcMessage | undefined;
    try {
      const answer = this.channel.send(payload, true);
      if (signal?.aborted === true && this.channel.kind === 'ws') cancel();
      m = (await answer) as RpcMessage | undefined;
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
    if (m === undefined) throw new RpcCallError(-32603, 'no response');
    if (m.error !== undefined) throw toError(m.error);
    return m.result as T;
  }

  /** Sends a notification: the server runs it and answers nothing. */
  async notify(method: string, params?: unknown): Promise<void> {
    await this.channel.send(params === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params: encodeValue(params) }, false);
  }

  /** Sends calls as one JSON-RPC batch; outcomes in call order (notifications omitted). */
  async batch(calls: readonly BatchCall[]): Promise<BatchOutcome[]> {
    const ids: number[] = [];
    const payload = calls.map((c) => {
      const base = c.params === undefined ? { jsonrpc: '2.0', method: c.method } : { jsonrpc: '2.0', method: c.method, params: encodeValue(c.params) };
      if (c.notification === true) return base;
      const id = this.nextId++;
      ids.push(id);
      return { ...base, id };
    });
    const out = await this.channel.send(payload, ids.length > 0);
    const list = out === undefined ? [] : Array.isArray(out) ? out : [out];
    const byId = new Map(list.map((m) => [m.id, m]));
    return ids.map((id): BatchOutcome => {
      const m = byId.get(id);
      if (m === undefined) return { ok: false, error: new RpcCallError(-32603, 'no response for this call') };
      return m.error !== undefined ? { ok: false, error: toError(m.error) } : { ok: true, result: m.result };
    });
  }

  query(lang: string, text: string, params?: ParamsInput): Promise<ResultJson> {
    return this.call('query', params === undefined ? { lang, text } : { lang, text, params });
  }

  /** The result as an Arrow Table (IPC over a binary frame, or base64 over HTTP). */
  async queryArrow(lang: string, text: string, params?: ParamsInput): Promise<Table> {
    const r = await this.call<{ format: 'arrow'; rows: number; data?: string; ipc?: Uint8Array }>('query', { lang, text, params, format: 'arrow' });
    return tableFromIPC(r.ipc ?? Buffer.from(r.data ?? '', 'base64'));
  }

  explain(lang: string, text: string): Promise<{ text: string; plan: unknown }> {
    return this.call('explain', { lang, text });
  }

  /** Batuta words (forms, functions, this connection's definitions) that start with `prefix`. */
  async complete(lang: string, prefix: string): Promise<string[]> {
    return (await this.call<{ words: string[] }>('complete', { lang, prefix })).words;
  }

  async prepare(lang: string, text: string): Promise<{ handle: string; execute(params?: ParamsInput): Promise<ResultJson>; close(): Promise<void> }> {
    const { handle } = await this.call<{ handle: string }>('prepare', { lang, text });
    return {
      handle,
      execute: (params) => this.call('execute', params === undefined ? { handle } : { handle, params }),
      close: async () => {
        await this.call('close', { handle });
      },
    };
  }

  tables(): Promise<string[]> {
    return this.call('tables');
  }

  schema(table: string): Promise<{ table: string; columns: { name: string; type: string; nullable: boolean }[]; key: string[]; rows: number; version: number }> {
    return this.call('schema', { table });
  }

  insert(table: string, rows: readonly Readonly<Record<string, unknown>>[]): Promise<{ count: number; sequence: number }> {
    return this.call('insert', { table, rows });
  }

  upsert(table: string, rows: readonly Readonly<Record<string, unknown>>[]): Promise<{ count: number; sequence: number }> {
    return this.call('upsert', { table, rows });
  }

  delete(table: string, keys: readonly (readonly unknown[])[]): Promise<{ count: number; sequence: number }> {
    return this.call('delete', { table, keys });
  }

  kv(ns: string): {
    get(key: KvBytes): Promise<KvValue | null>;
    put(key: KvBytes, value: KvBytes): Promise<void>;
    delete(key: KvBytes): Promise<void>;
    range(options?: { start?: KvBytes; end?: KvBytes; reverse?: boolean; limit?: number }): Promise<{ key: KvValue; value: KvValue }[]>;
  } {
    return {
      get: async (key) => (await this.call<{ value: KvValue | null }>('kv.get', { ns, key })).value,
      put: async (key, value) => {
        await this.call('kv.put', { ns, key, value });
      },
      delete: async (key) => {
        await this.call('kv.delete', { ns, key });
      },
      range: async (options = {}) => (await this.call<{ entries: { key: KvValue; value: KvValue }[] }>('kv.range', { ns, ...options })).entries,
    };
  }

  /** A live query (WebSocket only): `onEvent` gets each result pushed after a write to a table it reads. */
  async subscribe(lang: string, text: string, params: ParamsInput | undefined, onEvent: (e: SubscriptionEvent) => void): Promise<Subscription> {
    const r = await this.call<{ subscription: string; result: ResultJson }>('subscribe', params === undefined ? { lang, text } : { lang, text, params });
    this.subscribers.set(r.subscription, onEvent);
    return {
      id: r.subscription,
      initial: r.result,
      unsubscribe: async () => {
        this.subscribers.delete(r.subscription);
        await this.call('unsubscribe', { subscription: r.subscription });
      },
    };
  }

  /** Sets the token of a WebSocket connection (instead of passing it at connect). */
  auth(token: string): Promise<{ authenticated: boolean; id: string | null }> {
    return this.call('auth', { token });
  }

  close(): Promise<void> {
    return this.channel.close();
  }
}

/** Connects to a server: `ws://…` (WebSocket) or `http://…` (HTTP). */
export async function connect(url: string, options: ConnectOptions = {}): Promise<Client> {
  const u = new URL(url);
  if (u.protocol === 'ws:' || u.protocol === 'wss:') return new Client(await WsChannel.open(u, options.token));
  if (u.protocol === 'http:') return new Client(new HttpChannel(u, options.token));
  throw new RpcCallError(-32000, `unsupported URL scheme ${u.protocol} (use ws:// or http://)`);
}
