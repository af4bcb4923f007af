/**
 * GraphQL over WebSocket at `/graphql` with the `graphql-ws` protocol
 * (graphql-transport-ws), served by the `graphql-ws` package on a `ws`
 * server. The token comes in `connection_init`'s payload (`Authorization:
 * "Bearer …"`, as GraphiQL sends its headers, or `token`; or inside its
 * `headers` object, as Hasura's clients send it), or the upgrade's
 * Authorization header; a bad one closes the socket with 4403 and the
 * PyralogError code in the reason. Each `subscribe` is admitted (rate),
 * compiled once and checked against the token's tables; a refusal is an
 * `error` message whose extensions carry the code. Queries and mutations
 * answer once; subscriptions are live queries (graphql-live.ts) pushed from
 * the write path. A socket whose unsent bytes pass `maxWsBufferedBytes` is
 * closed (1013); frames above `maxBodyBytes` close it (1009).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ExecutionResult } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { graphqlSchema } from '../../engine/graphql-request.js';
import { answerIntrospection } from './graphql-visible-schema.js';
import { isPyralogError } from '../../errors/pyralog-error.js';
import type { VerifiedToken } from '../capability-tokens.js';
import { toGraphqlError } from './graphql-errors.js';
import { liveResults } from './graphql-live.js';
import { admit, contextOf, executeOperation, operationArgs, prepareOperation, recordOperation, type GraphqlCaller, type GraphqlServices, type OperationContext } from './graphql-operation.js';

/** graphql-ws's close code for a refused connection_init. */
export const CLOSE_FORBIDDEN = 4403;
const CLOSE_SLOW_READER = 1013;

interface Connection {
  readonly id: string;
  readonly address: string;
  readonly controller: AbortController;
  token: VerifiedToken | undefined;
}

/** A subscription's live results are set up in onSubscribe, so a refusal (the per-connection limit) is an `error` message. */
type WsOperationContext = OperationContext & { readonly live: AsyncIterableIterator<ExecutionResult> | undefined };

let nextId = 0;

/** The token text in a payload's own keys (`Authorization: "Bearer …"` or `token`), if any. */
function payloadToken(params: Readonly<Record<string, unknown>>): string | undefined {
  for (const [k, v] of Object.entries(params)) {
    if (typeof v !== 'string') continue;
    if (k.toLowerCase() === 'authorization') return /^Bearer\s+(\S+)$/i.exec(v)?.[1] ?? '';
    if (k === 'token') return v;
  }
  return undefined;
}

/**
 * The token text of a connection: connection_init payload first (its own
 * keys, then its `headers` object, as Hasura's clients send headers), then
 * the upgrade's Authorization header.
 */
function tokenText(params: Readonly<Record<string, unknown>> | undefined, req: IncomingMessage): string | undefined {
  const own = payloadToken(params ?? {});
  if (own !== undefined) return own;
  const headers = params?.['headers'];
  if (headers !== null && typeof headers === 'object' && !Array.isArray(headers)) {
    const nested = payloadToken(headers as Readonly<Record<string, unknown>>);
    if (nested !== undefined) return nested;
  }
  const h = req.headers.authorization;
  return h === undefined ? undefined : (/^Bearer\s+(\S+)$/i.exec(h)?.[1] ?? '');
}

export class GraphqlWsServer {
  private readonly wss: WebSocketServer;
  private readonly connections = new Map<WebSocket, Connection>();
  private readonly disposable: { dispose(): void | Promise<void> };

  constructor(private readonly services: GraphqlServices) {
    const limits = services.limits;
    this.wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxBodyBytes, perMessageDeflate: false });
    const internal = (e: unknown): void => services.log.error({ err: e }, 'GraphQL WebSocket operation failed');
    this.wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
      const conn: Connection = { id: `g${++nextId}`, address: req.socket.remoteAddress ?? 'unknown', controller: new AbortController(), token: undefined };
      this.connections.set(ws, conn);
      services.metrics.connections.inc({ transport: 'graphql-ws' });
      ws.once('close', () => {
        this.connections.delete(ws);
        conn.controller.abort();
        services.subscriptions.dropOwner(`graphql-ws:${conn.id}`);
        services.metrics.connections.dec({ transport: 'graphql-ws' });
      });
    });
    const connOf = (socket: WebSocket): Connection => {
      const conn = this.connections.get(socket);
      if (conn === undefined) throw new Error('graphql-ws: a message from a socket that has closed');
      return conn;
    };
    this.disposable = useServer<Record<string, unknown>>(
      {
        onConnect: (ctx) => {
          const conn = connOf(ctx.extra.socket);
          try {
            conn.token = services.authenticator.authenticate(tokenText(ctx.connectionParams, ctx.extra.request), 'graphql');
            return true;
          } catch (e) {
            const reason = !isPyralogError(e)
              ? 'invalid token'
              : e.code === 'AUTH_REQUIRED'
                ? 'AUTH_REQUIRED: put {"authorization":"Bearer TOKEN"} in the connection_init payload'
                : `${e.code}: ${e.message}`;
            // A close reason is at most 123 bytes.
            ctx.extra.socket.close(CLOSE_FORBIDDEN, Buffer.from(reason).subarray(0, 120).toString('utf8').replace(/\uFFFD+$/, ''));
            if (!isPyralogError(e)) internal(e);
            return false;
          }
        },
        onSubscribe: (ctx, _id, payload) => {
          const conn = connOf(ctx.extra.socket);
          const started = performance.now();
          try {
            services.authenticator.recheck(conn.token);
            const caller: GraphqlCaller = { token: conn.token, address: conn.address };
            admit(services, caller);
            const request = { query: payload.query, variables: payload.variables ?? null, operationName: payload.operationName ?? null };
            const prepared = prepareOperation(services, caller, request);
            if (!('execute' in prepared)) {
              recordOperation(services, 'ws', '(invalid)', (performance.now() - started) / 1000, prepared);
              return prepared;
            }
            const base: OperationContext = { prepared, request, caller, signal: conn.controller.signal };
            const live = prepared.operation === 'subscription' ? liveResults(services, base, `graphql-ws:${conn.id}`) : undefined;
            if (live !== undefined) recordOperation(services, 'ws', 'subscription', undefined, undefined);
            return operationArgs(graphqlSchema(services.db), { ...base, live } satisfies WsOperationContext);
          } catch (e) {
            const errors = [toGraphqlError(e, internal)];
            recordOperation(services, 'ws', '(invalid)', (performance.now() - started) / 1000, errors);
            return errors;
          }
        },
        execute: async (args): Promise<ExecutionResult> => {
          const context = contextOf(args);
          const started = performance.now();
          const result = answerIntrospection(services.db, graphqlSchema(services.db), context.caller.token, context.request, await executeOperation(services, context.prepared, context.signal));
          recordOperation(services, 'ws', context.prepared.operation, (performance.now() - started) / 1000, result.errors);
          return result;
        },
        subscribe: (args) => {
          const live = (contextOf(args) as WsOperationContext).live;
          if (live === undefined) throw new Error('graphql-ws: a subscription without its live results');
          return live;
        },
        onNext: (ctx) => {
          const socket = ctx.extra.socket;
          if (socket.bufferedAmount > limits.maxWsBufferedBytes) {
            services.log.warn({ buffered: socket.bufferedAmount }, 'closing a GraphQL WebSocket that does not read its results');
            socket.close(CLOSE_SLOW_READER, 'client is not reading');
            socket.terminate();
          }
        },
      },
      this.wss,
      Math.max(50, Math.floor(limits.idleTimeoutMs / 2)),
    );
  }

  get open(): number {
    return this.connections.size;
  }

  /** Takes over an HTTP upgrade to `/graphql`. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  /** Closes every socket with 1001 (going away) and stops their live queries. */
  closeAll(): void {
    for (const ws of this.connections.keys()) ws.close(1001, 'server shutting down');
  }

  async terminateAll(): Promise<void> {
    for (const ws of this.connections.keys()) ws.terminate();
    await this.disposable.dispose();
  }
}
