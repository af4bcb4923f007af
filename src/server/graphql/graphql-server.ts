/**
 * The GraphQL endpoint's own HTTP server (`graphqlPort`, default 4000, on
 * the RPC server's host): `/graphql` answers GraphQL over HTTP, GraphiQL to
 * browsers (a GET accepting text/html) and graphql-ws on upgrade; its
 * assets are under `/graphql/assets/`. It shares the RPC server's database,
 * token checks, rate buckets, subscription hub, limits and metrics (scraped
 * at `/metrics` on the RPC port). `close()` stops accepting, lets operations
 * in flight finish for the grace period, then cancels the rest.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PyralogError } from '../../errors/pyralog-error.js';
import { GraphiqlAssets, ASSETS_PATH } from './graphiql-assets.js';
import { graphqlHttpHandler } from './graphql-http-handler.js';
import type { GraphqlServices } from './graphql-operation.js';
import { GraphqlWsServer } from './graphql-ws-server.js';
import { originRefusal, refuseUpgrade } from '../origin-guard.js';

export const GRAPHQL_PATH = '/graphql';

export interface GraphqlServerOptions {
  readonly host: string;
  readonly port: number;
  /** The GraphiQL bundle's folder (default `<package>/dist/graphiql`). */
  readonly assetDir?: string;
}

export interface GraphqlServer {
  readonly port: number;
  /** `http://host:port/graphql` */
  readonly url: string;
  /** `ws://host:port/graphql` */
  readonly wsUrl: string;
  readonly graphiqlAvailable: boolean;
  /** The folder GraphiQL's bundle is served from. */
  readonly assetDir: string;
  /** Stops accepting, waits up to `graceMs` for requests in flight, cancels the rest, closes the sockets. */
  close(graceMs: number): Promise<void>;
}

function notFound(res: http.ServerResponse): void {
  const body = JSON.stringify({ errors: [{ message: `not found: GraphQL is served at ${GRAPHQL_PATH}` }] });
  res.writeHead(404, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The path of an upgrade's request target; undefined when it does not parse (`http://[zz/…`: `new URL` throws, which must not reach the event emitter). */
function upgradePath(target: string | undefined): string | undefined {
  try {
    return new URL(target ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

function wantsHtml(req: http.IncomingMessage): boolean {
  return req.method === 'GET' && /\btext\/html\b/.test(req.headers.accept ?? '');
}

export async function startGraphqlServer(services: GraphqlServices, options: GraphqlServerOptions): Promise<GraphqlServer> {
  const limits = services.limits;
  const assets = new GraphiqlAssets(options.assetDir);
  if (!assets.available) services.log.warn({ assets: assets.dir }, assets.missingMessage);
  const stop = new AbortController();
  const handle = graphqlHttpHandler(services, stop.signal);
  const ws = new GraphqlWsServer(services);
  let inFlight = 0;
  let idle: (() => void) | undefined;
  const server = http.createServer(
    {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: Math.min(limits.requestTimeoutMs, 60_000),
      keepAliveTimeout: 5_000,
      connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.floor(limits.requestTimeoutMs / 4))),
    },
    (req, res) => {
      const url = (req.url ?? '/').split('?')[0] ?? '/';
      const refusal = originRefusal(req, services.policy);
      if (refusal !== undefined) {
        const body = JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: 'FORBIDDEN' } }] });
        return res.writeHead(refusal.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' }).end(body);
      }
      if (url.startsWith(ASSETS_PATH) && (req.method === 'GET' || req.method === 'HEAD')) return assets.serve(req, res, url.slice(ASSETS_PATH.length));
      if (url === '/favicon.ico') return res.writeHead(204).end();
      if (url !== GRAPHQL_PATH && url !== `${GRAPHQL_PATH}/`) return notFound(res);
      if (wantsHtml(req)) return assets.page(res, GRAPHQL_PATH);
      inFlight++;
      void handle(req, res).finally(() => {
        inFlight--;
        if (inFlight === 0) idle?.();
      });
    },
  );
  server.maxConnections = limits.maxConnections;
  server.on('upgrade', (req, socket, head) => {
    if (upgradePath(req.url) !== GRAPHQL_PATH || services.stopping()) {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n');
      return;
    }
    const refusal = originRefusal(req, services.policy);
    if (refusal !== undefined) return refuseUpgrade(socket, refusal);
    ws.upgrade(req, socket, head);
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new PyralogError('SERVER_CONFIG', `cannot listen for GraphQL on ${options.host}:${options.port}: ${e.code ?? e.message}`, {
          phase: 'server',
          hints: ['choose another port with --graphql-port N (or graphqlPort in the config, PYRALOG_GRAPHQL_PORT); 0 picks a free one'],
        }),
      ),
    );
    server.listen(options.port, options.host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  services.log.info({ host: address.address, port: address.port, graphiql: assets.available }, `GraphQL on http://${host}:${address.port}${GRAPHQL_PATH} (HTTP, graphql-ws${assets.available ? ', GraphiQL' : ''})`);
  let closing: Promise<void> | undefined;
  return {
    port: address.port,
    url: `http://${host}:${address.port}${GRAPHQL_PATH}`,
    wsUrl: `ws://${host}:${address.port}${GRAPHQL_PATH}`,
    graphiqlAvailable: assets.available,
    assetDir: assets.dir,
    close: (graceMs) =>
      (closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        ws.closeAll();
        if (inFlight > 0) {
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([new Promise<void>((resolve) => (idle = resolve)), new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
          clearTimeout(timer);
        }
        stop.abort();
        await ws.terminateAll();
        server.closeAllConnections();
        await closed;
      })()),
  };
}
