/**
 * The WebSocket side of the server (`ws`, on the HTTP server's port at `/`):
 * one session per connection, holding its token (from `?token=` or the
 * upgrade's Authorization header, or an `auth` call), its Batuta
 * environment, prepared handles and subscriptions. Text frames carry
 * JSON-RPC; a single query with `format: "arrow"` is answered by one binary
 * frame: a 4-byte little-endian length, that many bytes of the JSON-RPC
 * response header (`result: {format:"arrow", rows}`), then the Arrow IPC
 * stream. Protection: frames above `maxBodyBytes` close the connection
 * (ws's maxPayload); a peer that does not read (unsent bytes above
 * `maxWsBufferedBytes`) or answers no ping within `idleTimeoutMs` is
 * dropped; at most 64 calls of one connection run at once: a message
 * beyond waits its turn and the socket is not read meanwhile (TCP
 * backpressure on the client), so a client may pipeline freely.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { isPyralogError } from '../errors/pyralog-error.js';
import type { Authenticator } from './authenticator.js';
import { originRefusal, refuseUpgrade, type OriginPolicy } from './origin-guard.js';
import { responseText, type Dispatcher } from './dispatcher.js';
import { ArrowPayload, type Session } from './rpc-context.js';
import type { ServerLimits } from './server-config.js';
import type { ServerMetrics } from './server-metrics.js';
import type { RpcResponse } from './json-rpc.js';

export interface WsDeps {
  /** Cross-site checks on the upgrade (origin-guard.ts). */
  readonly policy: OriginPolicy;
  readonly dispatcher: Dispatcher;
  readonly authenticator: Authenticator;
  readonly metrics: ServerMetrics;
  readonly limits: ServerLimits;
  readonly log: Logger;
  /** Called when a connection ends, to drop its handles and subscriptions. */
  readonly onClose: (session: Session) => void;
}

const MAX_IN_FLIGHT = 64;
/** Close codes: 1008 policy violation (limits), 1013 try again later (not reading), 1001 going away (shutdown). */
export const CLOSE_POLICY = 1008;
export const CLOSE_SLOW_READER = 1013;
export const CLOSE_GOING_AWAY = 1001;

let nextId = 0;

export class WsTransport {
  readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly deps: WsDeps) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: deps.limits.maxBodyBytes, perMessageDeflate: false });
    const alive = new WeakMap<WebSocket, boolean>();
    this.wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
      alive.set(ws, true);
      ws.on('pong', () => alive.set(ws, true));
      this.connection(ws, req);
    });
    this.heartbeat = setInterval(() => {
      for (const ws of this.sockets) {
        // A socket paused by backpressure (64 calls in flight) cannot read its pong yet; its calls end by their deadline.
        if (ws.isPaused) continue;
        if (alive.get(ws) === false) {
          ws.terminate();
          continue;
        }
        alive.set(ws, false);
        ws.ping();
      }
    }, Math.max(50, Math.floor(deps.limits.idleTimeoutMs / 2)));
    this.heartbeat.unref();
  }

  get open(): number {
    return this.sockets.size;
  }

  /** The upgrade handler for the HTTP server. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // A request target that does not parse (`GET http://[zz/`) makes `new URL` throw, which must not reach
    // the HTTP server's 'upgrade' emitter (the process would exit): it is a 404 like any unknown path.
    let url: URL | undefined;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.pathname !== '/' && url.pathname !== '/rpc')) {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n');
      return;
    }
    const refusal = originRefusal(req, this.deps.policy);
    if (refusal !== undefined) return refuseUpgrade(socket, refusal);
    const header = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const tokenText = url.searchParams.get('token') ?? header ?? undefined;
    let token;
    try {
      token = tokenText === undefined ? undefined : this.deps.authenticator.authenticate(tokenText);
    } catch (e) {
      const message = isPyralogError(e) ? `${e.code}: ${e.message}` : 'invalid token';
      socket.end(`HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(message)}\r\n\r\n${message}`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      (ws as WebSocket & { pyralogToken?: unknown }).pyralogToken = token;
      this.wss.emit('connection', ws, req);
    });
  }

  private connection(ws: WebSocket, req: IncomingMessage): void {
    this.sockets.add(ws);
    this.deps.metrics.connections.inc({ transport: 'ws' });
    const controller = new AbortController();
    const send = (text: string | Uint8Array): void => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > this.deps.limits.maxWsBufferedBytes) {
        this.deps.log.warn({ session: session.id, buffered: ws.bufferedAmount }, 'closing a WebSocket that does not read its responses');
        ws.close(CLOSE_SLOW_READER, 'client is not reading');
        ws.terminate();
        return;
      }
      ws.send(text);
    };
    const session: Session = {
      id: `w${++nextId}`,
      transport: 'ws',
      token: (ws as WebSocket & { pyralogToken?: Session['token'] }).pyralogToken,
      batuta: undefined,
      signal: controller.signal,
      calls: new Map(),
      notify: (method, params) => send(responseText({ jsonrpc: '2.0', method, params } as unknown as RpcResponse)),
    };
    let inFlight = 0;
    /** Messages read while MAX_IN_FLIGHT calls ran (the socket is paused: at most what one read brought). */
    const waiting: string[] = [];
    let waitingBytes = 0;
    const maxWaitingBytes = 2 * this.deps.limits.maxBodyBytes + (1 << 20);
    const address = req.socket.remoteAddress ?? 'unknown';
    const next = (): void => {
      if (ws.readyState !== ws.OPEN) return;
      const text = waiting.shift();
      if (text !== undefined) {
        waitingBytes -= text.length;
        run(text);
      } else if (ws.isPaused) ws.resume();
    };
    const run = (text: string): void => {
      inFlight++;
      this.deps.dispatcher
        .dispatch(text, { session, address })
        .then((out) => {
          if (out.kind === 'none') return;
          if (out.kind === 'batch') return send(responseText(out.responses));
          const r = out.response;
          if ('result' in r && r.result instanceof ArrowPayload) return send(binaryFrame(r.id, r.result, r.idText));
          send(responseText(r));
        })
        .catch((e: unknown) => this.deps.log.error({ err: e }, 'WebSocket dispatch failed'))
        .finally(() => {
          inFlight--;
          next();
        });
    };
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) {
        ws.close(CLOSE_POLICY, 'JSON-RPC wants text frames');
        return;
      }
      const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
      if (inFlight < MAX_IN_FLIGHT && waiting.length === 0) return run(text);
      // Over the limit: the message waits its turn, and the client's further messages wait in its own socket.
      ws.pause();
      waiting.push(text);
      waitingBytes += text.length;
      if (waitingBytes > maxWaitingBytes) {
        ws.close(CLOSE_POLICY, `more than ${MAX_IN_FLIGHT} calls in flight and ${maxWaitingBytes} bytes waiting`);
        ws.terminate();
      }
    });
    ws.on('error', (e) => this.deps.log.debug({ err: e, session: session.id }, 'WebSocket error'));
    ws.on('close', () => {
      waiting.length = 0;
      this.sockets.delete(ws);
      controller.abort();
      for (const call of session.calls?.values() ?? []) call.abort();
      this.deps.metrics.connections.dec({ transport: 'ws' });
      session.batuta?.close();
      this.deps.onClose(session);
    });
  }

  /** Closes every connection with 1001 (going away). */
  closeAll(): void {
    clearInterval(this.heartbeat);
    for (const ws of this.sockets) ws.close(CLOSE_GOING_AWAY, 'server shutting down');
  }

  terminateAll(): void {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
  }
}

/** One binary frame: u32 LE header length, the JSON-RPC response header, the Arrow IPC bytes. */
export function binaryFrame(id: string | number | null, payload: ArrowPayload, idText?: string): Uint8Array {
  const header = Buffer.from(`{"jsonrpc":"2.0","id":${idText ?? JSON.stringify(id)},"result":${JSON.stringify({ format: 'arrow', rows: payload.rows })}}`, 'utf8');
  const out = Buffer.allocUnsafe(4 + header.length + payload.ipc.byteLength);
  out.writeUInt32LE(header.length, 0);
  header.copy(out, 4);
  out.set(payload.ipc, 4 + header.length);
  return out;
}
