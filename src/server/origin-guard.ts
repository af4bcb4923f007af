/**
 * Cross-site protection for both ports (JSON-RPC and GraphQL): a browser page
 * of another site must not reach the loopback server. `originRefusal` says
 * why a request (HTTP or WebSocket upgrade) is refused, or undefined:
 * - `Origin`: absent (non-browser clients) is fine; present, it must be this
 *   server's own loopback origin (`http://127.0.0.1:PORT`, `http://localhost:PORT`,
 *   `http://[::1]:PORT`, PORT the port the request came in on) or one of
 *   `allowedOrigins` (exact, e.g. `https://app.example.com`) — else 403;
 * - `Host` (only when the server runs open, without tokens: DNS rebinding):
 *   it must name a loopback host or the bound address — else 421.
 * `contentTypeRefusal` makes a JSON-RPC POST need `application/json` (415),
 * so a `text/plain` "simple request" (no CORS preflight) cannot write.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

export interface OriginPolicy {
  /** True when the server runs without capability tokens. */
  readonly open: boolean;
  /** Extra origins a browser page may call from (`scheme://host[:port]`). */
  readonly allowedOrigins: readonly string[];
}

export interface Refusal {
  readonly status: 403 | 415 | 421;
  readonly message: string;
}

const REASONS: Record<Refusal['status'], string> = { 403: 'Forbidden', 415: 'Unsupported Media Type', 421: 'Misdirected Request' };

/** `a.example, https://b.example:8443` → normalized origins. */
export function parseAllowedOrigins(text: string): readonly string[] {
  return text
    .split(/[\s,]+/)
    .filter((s) => s !== '')
    .map((s) => normalizeOrigin(s) ?? s);
}

function normalizeOrigin(text: string): string | undefined {
  try {
    const u = new URL(text);
    return u.origin === 'null' ? undefined : u.origin;
  } catch {
    return undefined;
  }
}

function loopbackName(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Why `req` is refused (foreign Origin, or a rebinding Host on an open server), or undefined. */
export function originRefusal(req: IncomingMessage, policy: OriginPolicy): Refusal | undefined {
  const port = req.socket.localPort;
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const normalized = normalizeOrigin(origin);
    const own =
      normalized !== undefined &&
      port !== undefined &&
      [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`].includes(normalized);
    if (!own && (normalized === undefined || !policy.allowedOrigins.includes(normalized))) {
      return { status: 403, message: `origin ${origin} may not call this server (allow it with allowedOrigins in the config, PYRALOG_ALLOWED_ORIGINS)` };
    }
  }
  if (policy.open) {
    const host = req.headers.host;
    if (host !== undefined) return hostRefusal(host, req.socket.localAddress);
  }
  return undefined;
}

/** The Host checks already answered (a client sends the same Host on every request): bounded, dropped whole when full. */
const hostChecks = new Map<string, Refusal | undefined>();
const MAX_HOST_CHECKS = 256;

/** 421 unless `host` names loopback or the bound address `bound`. */
function hostRefusal(host: string, bound: string | undefined): Refusal | undefined {
  const key = `${host}\u0000${bound ?? ''}`;
  if (hostChecks.has(key)) return hostChecks.get(key);
  let refusal: Refusal | undefined;
  let name: string | undefined;
  try {
    name = new URL(`http://${host}`).hostname;
  } catch {
    refusal = { status: 421, message: `bad Host header ${JSON.stringify(host)}` };
  }
  if (name !== undefined) {
    const boundName = bound !== undefined && bound.includes(':') ? `[${bound}]` : bound;
    if (!loopbackName(name) && name !== boundName) {
      refusal = { status: 421, message: `host ${name} is not this server: an open server answers only to loopback names (DNS rebinding)` };
    }
  }
  if (hostChecks.size >= MAX_HOST_CHECKS) hostChecks.clear();
  hostChecks.set(key, refusal);
  return refusal;
}

/** 415 unless the request's Content-Type is `application/json` (parameters allowed). */
export function contentTypeRefusal(req: IncomingMessage): Refusal | undefined {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') return undefined;
  return { status: 415, message: `JSON-RPC over HTTP wants content-type: application/json (got ${type === '' ? 'none' : type})` };
}

/** Ends an upgrade's raw socket with the refusal as a plain HTTP response. */
export function refuseUpgrade(socket: Duplex, refusal: Refusal): void {
  const body = `${refusal.message}\n`;
  socket.end(
    `HTTP/1.1 ${refusal.status} ${REASONS[refusal.status]}\r\nconnection: close\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
