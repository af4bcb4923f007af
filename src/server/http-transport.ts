/**
 * The HTTP side of the server: JSON-RPC over `POST /` and `POST /rpc` (the
 * token in `Authorization: Bearer …`), `GET /health` and `GET /metrics`.
 * The body is read up to `limits.maxBodyBytes` (larger: 413, read-body.ts)
 * and must be UTF-8 (else -32700; a leading byte order mark is skipped); a
 * request with only notifications gets 204. `HEAD` is answered as `GET`. Each
 * request is its own session: no state outlives it except prepared handles,
 * which over HTTP belong to the token.
 */
import { readBodyBytesLimited } from './read-body.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { errorResponse, RPC_INVALID_REQUEST, RPC_PARSE_ERROR } from './json-rpc.js';
import { responseText, type Dispatcher } from './dispatcher.js';
import { contentTypeRefusal, originRefusal, type OriginPolicy } from './origin-guard.js';
import type { Session } from './rpc-context.js';
import { Cancellation as CallCancellation } from './call-signal.js';
import type { ServerMetrics } from './server-metrics.js';

export interface HttpDeps {
  /** Cross-site checks (origin-guard.ts). */
  readonly policy: OriginPolicy;
  readonly dispatcher: Dispatcher;
  readonly metrics: ServerMetrics;
  readonly maxBodyBytes: number;
  readonly log: Logger;
  readonly health: () => Record<string, unknown>;
  /** Aborted when the server stops: cancels the queries of requests in flight. */
  readonly stopSignal: AbortSignal;
}

let nextId = 0;

function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (h === undefined) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1] ?? '';
}

/** JSON text must be UTF-8 (RFC 8259): invalid bytes are a parse error, not silently replaced (two keys would become one). */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads the body up to `max` bytes; undefined if it was larger (the response is sent). */
function readBody(req: IncomingMessage, res: ServerResponse, max: number): Promise<Buffer | undefined> {
  return readBodyBytesLimited(req, res, max, (r) =>
    send(r, 413, responseText(errorResponse(null, { code: RPC_INVALID_REQUEST, message: `the request body is larger than the limit of ${max} bytes`, data: { limit: 'maxBodyBytes' } }))),
  );
}

export function httpHandler(deps: HttpDeps): (req: IncomingMessage, res: ServerResponse) => void {
  // The calls in flight, cancelled together when the server stops (one listener, not one per request).
  const inFlight = new Set<CallCancellation>();
  deps.stopSignal.addEventListener('abort', () => {
    for (const c of inFlight) c.abort();
  }, { once: true });
  return (req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    const refusal = originRefusal(req, deps.policy) ?? (req.method === 'POST' && (url === '/' || url === '/rpc') ? contentTypeRefusal(req) : undefined);
    if (refusal !== undefined) {
      res.setHeader('connection', 'close');
      return send(res, refusal.status, JSON.stringify({ error: refusal.message }));
    }
    const get = req.method === 'GET' || req.method === 'HEAD';
    if (get && url === '/health') return send(res, 200, JSON.stringify(deps.health()));
    if (get && url === '/metrics') {
      deps.metrics.registry.metrics().then(
        (text) => send(res, 200, text, deps.metrics.registry.contentType),
        (e: unknown) => {
          deps.log.error({ err: e }, 'metrics collection failed');
          send(res, 500, 'metrics collection failed\n', 'text/plain');
        },
      );
      return;
    }
    if (url !== '/' && url !== '/rpc') return send(res, 404, JSON.stringify({ error: 'not found: POST JSON-RPC to / or /rpc' }));
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return send(res, 405, JSON.stringify({ error: 'JSON-RPC wants POST' }));
    }
    deps.metrics.connections.inc({ transport: 'http' });
    const done = (): void => {
      deps.metrics.connections.dec({ transport: 'http' });
    };
    void (async () => {
      try {
        const bytes = await readBody(req, res, deps.maxBodyBytes);
        if (bytes === undefined) return;
        let body: string;
        try {
          body = strictUtf8.decode(bytes);
        } catch {
          return send(res, 200, responseText(errorResponse(null, { code: RPC_PARSE_ERROR, message: 'parse error: the body is not valid UTF-8' })));
        }
        if (body.trim() === '') return send(res, 200, responseText(errorResponse(null, { code: RPC_PARSE_ERROR, message: 'parse error: empty body' })));
        const controller = new CallCancellation();
        if (deps.stopSignal.aborted) controller.abort();
        const onClose = (): void => {
          if (!res.writableEnded) controller.abort();
        };
        res.on('close', onClose);
        inFlight.add(controller);
        const session: Session = { id: `h${++nextId}`, transport: 'http', token: undefined, batuta: undefined, signal: controller };
        try {
          const out = await deps.dispatcher.dispatch(body, { session, token: bearer(req), address: req.socket.remoteAddress ?? 'unknown' });
          if (out.kind === 'none') {
            if (!res.headersSent) {
              res.writeHead(204);
              res.end();
            }
          } else send(res, 200, responseText(out.kind === 'single' ? out.response : out.responses));
        } finally {
          inFlight.delete(controller);
          session.batuta?.close();
        }
      } catch (e) {
        deps.log.error({ err: e }, 'HTTP request failed');
        send(res, 500, JSON.stringify({ error: 'internal error' }));
      } finally {
        done();
      }
    })();
  };
}
