/**
 * The two ways a client reaches the server: a WebSocket (one connection,
 * responses matched to requests by id, notifications and subscription pushes
 * delivered to a handler, Arrow results as binary frames) and HTTP (one POST
 * per call or batch, the token as a Bearer header). Both send a JSON-RPC
 * payload and resolve with the parsed response(s).
 */
import * as http from 'node:http';
import { WebSocket } from 'ws';
import { RpcCallError } from './rpc-call-error.js';

export interface RpcMessage {
  readonly jsonrpc: '2.0';
  readonly id?: string | number | null;
  readonly method?: string;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: { readonly code: number; readonly message: string; readonly data?: unknown };
}

export interface Channel {
  readonly kind: 'ws' | 'http';
  /** Sends a request (with an id) or a batch; resolves with the response(s); `undefined` when nothing is answered. */
  send(payload: object | readonly object[], hasResponse: boolean): Promise<RpcMessage | RpcMessage[] | undefined>;
  /** Server-sent notifications (WebSocket only). */
  onNotification(handler: (message: RpcMessage) => void): void;
  close(): Promise<void>;
}

export class HttpChannel implements Channel {
  readonly kind = 'http';
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  /** The request options but the body's length, built once (not from the URL on every call). */
  private readonly options: http.RequestOptions;
  private readonly headers: Readonly<Record<string, string>>;

  constructor(url: URL, token: string | undefined) {
    this.options = {
      protocol: url.protocol,
      host: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
      port: url.port === '' ? 80 : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      agent: this.agent,
    };
    this.headers = { 'content-type': 'application/json', ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}) };
  }

  send(payload: object | readonly object[]): Promise<RpcMessage | RpcMessage[] | undefined> {
    const body = JSON.stringify(payload);
    return new Promise((resolve, reject) => {
      const req = http.request({ ...this.options, headers: { ...this.headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.setEncoding('utf8');
        let text = '';
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          if (res.statusCode === 204) return resolve(undefined);
          try {
            resolve(JSON.parse(text) as RpcMessage | RpcMessage[]);
          } catch {
            reject(new RpcCallError(-32700, `HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
          }
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  onNotification(): void {
    // HTTP has no server push.
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }
}

export class WsChannel implements Channel {
  readonly kind = 'ws';
  private readonly pending = new Map<string | number, { resolve: (m: RpcMessage) => void; reject: (e: Error) => void }>();
  private readonly batches: { resolve: (m: RpcMessage[]) => void; reject: (e: Error) => void }[] = [];
  private handlers: ((m: RpcMessage) => void)[] = [];
  private closedError: Error | undefined;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => this.message(data as Buffer, isBinary));
    ws.on('close', (code, reason) => this.fail(new RpcCallError(-32000, `connection closed (${code}${reason.length > 0 ? ` ${reason.toString()}` : ''})`)));
    ws.on('error', (e) => this.fail(e));
  }

  static open(url: URL, token: string | undefined): Promise<WsChannel> {
    const u = new URL(url);
    if (token !== undefined) u.searchParams.set('token', token);
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(u, { perMessageDeflate: false });
      ws.once('open', () => resolve(new WsChannel(ws)));
      ws.once('unexpected-response', (_req, res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => reject(new RpcCallError(-32000, `WebSocket refused (HTTP ${res.statusCode}): ${Buffer.concat(chunks).toString('utf8')}`)));
      });
      ws.once('error', reject);
    });
  }

  private fail(e: Error): void {
    this.closedError ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    for (const b of this.batches.splice(0)) b.reject(e);
  }

  private message(data: Buffer, isBinary: boolean): void {
    if (isBinary) {
      const len = data.readUInt32LE(0);
      const header = JSON.parse(data.subarray(4, 4 + len).toString('utf8')) as RpcMessage;
      const ipc = new Uint8Array(data.buffer, data.byteOffset + 4 + len, data.byteLength - 4 - len);
      const result = { ...(header.result as object), ipc };
      return this.deliver({ ...header, result });
    }
    const parsed = JSON.parse(data.toString('utf8')) as RpcMessage | RpcMessage[];
    if (Array.isArray(parsed)) {
      this.batches.shift()?.resolve(parsed);
      return;
    }
    this.deliver(parsed);
  }

  private deliver(m: RpcMessage): void {
    if (m.method !== undefined && m.id === undefined) {
      for (const h of this.handlers) h(m);
      return;
    }
    const key = m.id ?? null;
    const p = key === null ? undefined : this.pending.get(key);
    if (p !== undefined) {
      this.pending.delete(key as string | number);
      p.resolve(m);
    } else if (key === null) {
      // An error the server could not tie to a request (parse error): fail the oldest call.
      const first = this.pending.entries().next().value;
      if (first !== undefined) {
        this.pending.delete(first[0]);
        first[1].resolve(m);
      } else this.batches.shift()?.resolve([m]);
    }
  }

  send(payload: object | readonly object[], hasResponse: boolean): Promise<RpcMessage | RpcMessage[] | undefined> {
    if (this.closedError !== undefined) return Promise.reject(this.closedError);
    const text = JSON.stringify(payload);
    if (!hasResponse) {
      this.ws.send(text);
      return Promise.resolve(undefined);
    }
    return new Promise((resolve, reject) => {
      if (Array.isArray(payload)) this.batches.push({ resolve, reject });
      else this.pending.set((payload as { id: string | number }).id, { resolve, reject });
      this.ws.send(text);
    });
  }

  onNotification(handler: (message: RpcMessage) => void): void {
    this.handlers.push(handler);
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close(1000);
    });
  }
}
