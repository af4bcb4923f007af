/**
 * The server: one process, one port, HTTP and WebSocket JSON-RPC over one
 * Database. `startServer` checks the bind policy (no tokens → loopback only),
 * opens the database (or uses the one given), wires the services together,
 * listens, and returns a handle whose `close()` shuts down gracefully: stop
 * accepting, refuse new calls, let calls in flight finish for
 * `shutdownGraceMs`, then cancel the rest, close the sockets and the
 * database (only if the server opened it). Over a database directory it
 * starts worker threads (server-threads.ts): a writer for group commits and
 * query workers for large queries, so neither blocks the event loop. With `graphql: true` (what
 * `pyralog serve` asks for) it also starts the GraphQL endpoint on
 * `graphqlPort` over the same services (src/server/graphql/).
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { pino, type Logger } from 'pino';
import { open, type Database } from '../engine/database.js';
import { PyralogError } from '../errors/pyralog-error.js';
import { Authenticator, loadRootKey } from './authenticator.js';
import { Dispatcher } from './dispatcher.js';
import { startGraphqlServer, type GraphqlServer } from './graphql/graphql-server.js';
import { httpHandler } from './http-transport.js';
import type { OriginPolicy } from './origin-guard.js';
import { PreparedHandles } from './prepared-handles.js';
import { QueryRunner } from './query-runner.js';
import { RateLimiter } from './rate-limiter.js';
import type { Services } from './rpc-context.js';
import { serverConfig, type ServerConfig } from './server-config.js';
import { ServerMetrics } from './server-metrics.js';
import { startThreads, type ServerThreads } from './server-threads.js';
import { SubscriptionHub } from './subscription-hub.js';
import { WriteBatcher } from './write-batcher.js';
import { WsTransport } from './ws-transport.js';

export interface StartOptions {
  readonly config?: ServerConfig;
  /** Serve this open database instead of opening `config.db` (it is not closed by close()). */
  readonly db?: Database;
  /** The logger (default: pino JSON to stdout at `config.logLevel`). */
  readonly logger?: Logger;
  /** Also serve GraphQL on `config.graphqlPort` (default false: embedded and test servers open one port). */
  readonly graphql?: boolean;
  /** The GraphiQL bundle's folder (default `<package>/dist/graphiql`). */
  readonly graphiqlDir?: string;
  /** The worker threads' module (default: the built db-worker.js beside the server; tests point at a transpiled copy). */
  readonly workerUrl?: URL;
}

export interface PyralogServer {
  readonly port: number;
  readonly host: string;
  /** `http://host:port` */
  readonly url: string;
  /** `ws://host:port/` */
  readonly wsUrl: string;
  readonly db: Database;
  readonly authEnabled: boolean;
  /** The GraphQL endpoint, when started (`graphql: true`). */
  readonly graphql: GraphqlServer | undefined;
  /** Graceful shutdown; resolves when everything is closed. Calling it twice is harmless. */
  close(): Promise<void>;
}

/** Whether `host` names the loopback interface only. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

export async function startServer(options: StartOptions = {}): Promise<PyralogServer> {
  const config = options.config ?? serverConfig();
  if (!config.auth.enabled && !isLoopback(config.host)) {
    throw new PyralogError('SERVER_INSECURE_BIND', `refusing to bind ${config.host} without capability tokens: an open server may listen on loopback only`, {
      phase: 'server',
      hints: ['set auth.enabled = true (and create a root key with `pyralog token create`), or bind 127.0.0.1'],
    });
  }
  const log = options.logger ?? pino({ level: config.logLevel, base: { service: 'pyralog' } });
  const db = options.db ?? open(config.db);
  const ownsDb = options.db === undefined;
  let rootKey: Uint8Array | undefined;
  try {
    rootKey = config.auth.enabled ? loadRootKey(db.path, config.auth.rootKey, config.auth.rootKeyFile) : undefined;
  } catch (e) {
    if (ownsDb) db.close();
    throw e;
  }
  const limits = config.limits;
  let threads: ServerThreads | undefined;
  try {
    threads = await startThreads(db.path, { writer: config.threads.writer, readers: config.threads.queryWorkers, workerUrl: options.workerUrl }, log);
  } catch (e) {
    if (ownsDb) db.close();
    throw e;
  }
  const authenticator = new Authenticator(db, rootKey);
  const runner = new QueryRunner(db, { readers: threads?.readers ?? [], offloadRows: config.threads.offloadRows });
  const handles = new PreparedHandles(limits.maxPreparedPerConnection);
  const recheck = (t: Parameters<Authenticator['recheck']>[0]): void => authenticator.recheck(t);
  const hub = new SubscriptionHub(db, runner, limits, recheck, (e) => log.error({ err: e }, 'subscription re-run failed'));
  const metrics = new ServerMetrics(db, () => ({ live: hub.size, pushes: hub.pushes }));
  const writes = new WriteBatcher(db, threads?.writer, hub);
  const services: Services = { db, runner, limits, handles, subscriptions: hub, writes, recheck };
  const rate = new RateLimiter(limits.requestsPerSecond, limits.burst);
  const dispatcher = new Dispatcher(services, authenticator, rate, metrics, log);
  const stop = new AbortController();
  const started = Date.now();
  /** Open TCP connections on this port (HTTP keep-alive and WebSocket alike). */
  let sockets = 0;
  const policy: OriginPolicy = { open: !authenticator.enabled, allowedOrigins: config.allowedOrigins };
  const ws = new WsTransport({
    policy,
    dispatcher,
    authenticator,
    metrics,
    limits,
    log,
    onClose: (session) => {
      handles.dropOwner(`ws:${session.id}`);
      hub.dropOwner(`ws:${session.id}`);
    },
  });
  const server = http.createServer(
    {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: Math.min(limits.requestTimeoutMs, 60_000),
      keepAliveTimeout: 5_000,
      // Node checks requestTimeout/headersTimeout only this often (default 30 s).
      connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.floor(limits.requestTimeoutMs / 4))),
    },
    httpHandler({
      policy,
      dispatcher,
      metrics,
      maxBodyBytes: limits.maxBodyBytes,
      log,
      stopSignal: stop.signal,
      health: () => ({
        status: dispatcher.stopping ? 'stopping' : 'ok',
        uptimeSeconds: Math.round((Date.now() - started) / 1000),
        connections: sockets,
        websockets: ws.open,
        inFlight: dispatcher.busy,
        subscriptions: hub.size,
        auth: authenticator.enabled ? 'tokens' : 'open',
        threads: { writer: threads?.writer !== undefined, queryWorkers: threads?.readers.length ?? 0 },
        queries: runner.routes,
        writes: { groups: writes.groups, operations: writes.operations },
      }),
    }),
  );
  server.maxConnections = limits.maxConnections;
  server.on('connection', (socket: Socket) => {
    sockets++;
    socket.once('close', () => sockets--);
  });
  server.on('upgrade', (req, socket, head) => {
    // An exception here would escape to the emitter and end the process: one bad request must only end its socket.
    try {
      ws.upgrade(req, socket, head);
    } catch (e) {
      log.error({ err: e }, 'WebSocket upgrade failed');
      socket.destroy();
    }
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => {
      void threads?.close();
      if (ownsDb) db.close();
      reject(e);
    });
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  log.info(
    { host: address.address, port: address.port, db: db.path, auth: authenticator.enabled ? 'tokens' : 'open' },
    authenticator.enabled
      ? `pyralog serving ${db.path} on ${host}:${address.port} (HTTP and WebSocket), capability tokens required`
      : `pyralog serving ${db.path} on ${host}:${address.port} (HTTP and WebSocket), OPEN: no tokens configured, so loopback only and every call is allowed`,
  );
  let graphql: GraphqlServer | undefined;
  if (options.graphql === true) {
    try {
      graphql = await startGraphqlServer(
        { db, limits, authenticator, rate, metrics, subscriptions: hub, log, stopping: () => dispatcher.stopping, policy },
        { host: config.host, port: config.graphqlPort, ...(options.graphiqlDir !== undefined ? { assetDir: options.graphiqlDir } : {}) },
      );
    } catch (e) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      ws.terminateAll();
      hub.close();
      await threads?.close();
      if (ownsDb) db.close();
      throw e;
    }
  }
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      log.info({ inFlight: dispatcher.busy }, 'shutting down: no new connections or calls');
      dispatcher.stopping = true;
      const graphqlClosed = graphql?.close(config.shutdownGraceMs);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      ws.closeAll();
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), config.shutdownGraceMs);
      });
      const outcome = await Promise.race([dispatcher.idle().then(() => 'idle' as const), grace]);
      clearTimeout(timer);
      if (outcome === 'timeout') log.warn({ inFlight: dispatcher.busy }, 'grace period over: cancelling calls in flight');
      stop.abort();
      await Promise.race([dispatcher.idle(), new Promise((r) => setTimeout(r, 1000))]);
      ws.terminateAll();
      server.closeAllConnections();
      await closed;
      await graphqlClosed;
      hub.close();
      await threads?.close();
      if (ownsDb) db.close();
      log.info('stopped');
    })());
  return {
    port: address.port,
    host: address.address,
    url: `http://${host}:${address.port}`,
    wsUrl: `ws://${host}:${address.port}/`,
    db,
    authEnabled: authenticator.enabled,
    graphql,
    close,
  };
}
