/**
 * The server's configuration: one table of keys (TOML path, type, default,
 * what it does), and the merge of its sources, lowest first: defaults, the
 * TOML file (`--config`), `PYRALOG_*` environment variables, command-line
 * flags. Every key in SETTINGS is documented in docs/server.md (a test checks
 * that). Unknown keys and ill-typed values are SERVER_CONFIG errors.
 */
import * as fs from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { PyralogError } from '../errors/pyralog-error.js';
import { parseAllowedOrigins } from './origin-guard.js';

export interface ServerLimits {
  readonly maxBodyBytes: number;
  readonly maxBatch: number;
  readonly maxJsonDepth: number;
  readonly queryTimeoutMs: number;
  readonly maxResultRows: number;
  readonly maxWriteRows: number;
  readonly maxConnections: number;
  readonly requestsPerSecond: number;
  readonly burst: number;
  readonly maxWsBufferedBytes: number;
  readonly maxPreparedPerConnection: number;
  readonly maxSubscriptionsPerConnection: number;
  readonly requestTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly batutaMaxSteps: number;
}

export interface ServerConfig {
  readonly db: string;
  readonly host: string;
  readonly port: number;
  readonly graphqlPort: number;
  /** Browser origins besides the server's own loopback ones that may call it (origin-guard.ts). */
  readonly allowedOrigins: readonly string[];
  readonly shutdownGraceMs: number;
  readonly logLevel: string;
  readonly auth: { readonly enabled: boolean; readonly rootKey: string; readonly rootKeyFile: string; readonly location: string };
  readonly limits: ServerLimits;
  readonly threads: { readonly writer: boolean; readonly queryWorkers: number; readonly offloadRows: number };
}

type Kind = 'string' | 'int' | 'bool';

interface Setting {
  /** TOML path, e.g. `limits.maxBatch`. */
  readonly key: string;
  readonly kind: Kind;
  readonly default: string | number | boolean;
  readonly doc: string;
}

/** Every configuration key. Env var: PYRALOG_ + the path in SCREAMING_SNAKE (`limits.maxBatch` → PYRALOG_LIMITS_MAX_BATCH). */
export const SETTINGS: readonly Setting[] = [
  { key: 'db', kind: 'string', default: './pyralog-data', doc: 'database directory (created if missing)' },
  { key: 'host', kind: 'string', default: '127.0.0.1', doc: 'address to bind; a non-loopback address needs auth.enabled' },
  { key: 'port', kind: 'int', default: 8545, doc: 'JSON-RPC port (HTTP and WebSocket); 0 picks a free port' },
  { key: 'graphqlPort', kind: 'int', default: 4000, doc: 'GraphQL port (HTTP, graphql-ws and GraphiQL at /graphql, on the same host); 0 picks a free port' },
  { key: 'allowedOrigins', kind: 'string', default: '', doc: 'browser origins (comma-separated, or a TOML array) that may call either port besides its own http://127.0.0.1|localhost|[::1]:PORT; others get 403' },
  { key: 'shutdownGraceMs', kind: 'int', default: 5000, doc: 'on SIGTERM, how long calls in flight may finish before they are cancelled' },
  { key: 'logLevel', kind: 'string', default: 'info', doc: 'pino level: fatal, error, warn, info, debug, trace or silent' },
  { key: 'auth.enabled', kind: 'bool', default: false, doc: 'require a capability token (macaroon) on every call' },
  { key: 'auth.rootKey', kind: 'string', default: '', doc: 'root key as hex (32 bytes); empty: read auth.rootKeyFile' },
  { key: 'auth.rootKeyFile', kind: 'string', default: '', doc: 'root key file; empty: <db>/server-root.key (created with mode 0600 by `pyralog token create`)' },
  { key: 'auth.location', kind: 'string', default: 'pyralog', doc: 'the macaroon location field of minted tokens' },
  { key: 'limits.maxBodyBytes', kind: 'int', default: 1_048_576, doc: 'largest HTTP body or WebSocket message, in bytes' },
  { key: 'limits.maxBatch', kind: 'int', default: 100, doc: 'most requests in one JSON-RPC batch' },
  { key: 'limits.maxJsonDepth', kind: 'int', default: 32, doc: 'deepest array/object nesting in a request' },
  { key: 'limits.queryTimeoutMs', kind: 'int', default: 10_000, doc: 'a query running longer is cancelled (QUERY_TIMEOUT)' },
  { key: 'limits.maxResultRows', kind: 'int', default: 100_000, doc: 'most rows a result may have (RESULT_TOO_LARGE)' },
  { key: 'limits.maxWriteRows', kind: 'int', default: 10_000, doc: 'most rows or keys in one insert/upsert/delete call' },
  { key: 'limits.maxConnections', kind: 'int', default: 1000, doc: 'open TCP connections (HTTP and WebSocket) beyond which new ones are closed' },
  { key: 'limits.requestsPerSecond', kind: 'int', default: 0, doc: 'per token (or per client address when open) sustained request rate; 0 = unlimited' },
  { key: 'limits.burst', kind: 'int', default: 200, doc: 'requests a token may send at once above the rate' },
  { key: 'limits.maxWsBufferedBytes', kind: 'int', default: 8_388_608, doc: 'a WebSocket whose unsent bytes pass this (a client not reading) is closed' },
  { key: 'limits.maxPreparedPerConnection', kind: 'int', default: 256, doc: 'prepared-query handles one connection may hold' },
  { key: 'limits.maxSubscriptionsPerConnection', kind: 'int', default: 64, doc: 'live subscriptions one WebSocket may hold' },
  { key: 'limits.requestTimeoutMs', kind: 'int', default: 15_000, doc: 'an HTTP request whose headers and body are not received by then is dropped (slow clients)' },
  { key: 'limits.idleTimeoutMs', kind: 'int', default: 60_000, doc: 'a WebSocket that answers no ping for this long is closed (half-open clients)' },
  { key: 'limits.batutaMaxSteps', kind: 'int', default: 10_000_000, doc: 'steps one Batuta program sent with query may take (BATUTA_BUDGET_EXCEEDED beyond)' },
  { key: 'threads.writer', kind: 'bool', default: true, doc: 'commit writes (group commit) in a writer thread, so a commit\'s fsync never stalls the event loop; false: in the server\'s thread' },
  { key: 'threads.queryWorkers', kind: 'int', default: 1, doc: 'threads that run large queries (scans of big tables); 0: large queries run in the server\'s thread, yielding between batches' },
  { key: 'threads.offloadRows', kind: 'int', default: 4096, doc: 'a query scanning a table of more rows than this, other than by key lookup or bounded key range, is large' },
];

export type ConfigOverrides = Readonly<Record<string, string | number | boolean | undefined>>;

function configError(message: string): PyralogError {
  return new PyralogError('SERVER_CONFIG', message, { phase: 'server', hints: ['see docs/server.md for every key and its default'] });
}

/** `limits.maxBatch` → `PYRALOG_LIMITS_MAX_BATCH`. */
export function envName(key: string): string {
  return `PYRALOG_${key.replace(/\./g, '_').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

function coerce(setting: Setting, value: unknown, source: string): string | number | boolean {
  switch (setting.kind) {
    case 'string':
      if (typeof value === 'string') return value;
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(',');
      break;
    case 'int': {
      const n = typeof value === 'string' && /^\d+$/.test(value.replace(/_/g, '')) ? Number(value.replace(/_/g, '')) : typeof value === 'bigint' ? Number(value) : value;
      if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0) return n;
      break;
    }
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === '1') return true;
      if (value === 'false' || value === '0') return false;
      break;
  }
  throw configError(`${source}: ${setting.key} wants ${setting.kind === 'int' ? 'a non-negative integer' : `a ${setting.kind}`}, got ${JSON.stringify(String(value))}`);
}

function flattenToml(obj: Record<string, unknown>, prefix: string, out: Map<string, unknown>): void {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix === '' ? k : `${prefix}.${k}`;
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !SETTINGS.some((s) => s.key === key)) {
      flattenToml(v as Record<string, unknown>, key, out);
    } else out.set(key, v);
  }
}

/** The settings of TOML `text` (file name `source` for messages). */
export function parseConfigToml(text: string, source: string): Map<string, unknown> {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (e) {
    throw configError(`${source}: ${(e as Error).message.split('\n')[0] ?? 'not valid TOML'}`);
  }
  const out = new Map<string, unknown>();
  flattenToml(doc, '', out);
  return out;
}

/** Merges defaults < TOML file < PYRALOG_* env < flags into a checked config. */
export function loadServerConfig(options: { configFile?: string; env?: Readonly<Record<string, string | undefined>>; overrides?: ConfigOverrides } = {}): ServerConfig {
  const values = new Map<string, string | number | boolean>(SETTINGS.map((s) => [s.key, s.default]));
  const byKey = new Map(SETTINGS.map((s) => [s.key, s] as const));
  if (options.configFile !== undefined) {
    let text: string;
    try {
      text = fs.readFileSync(options.configFile, 'utf8');
    } catch (e) {
      throw configError(`cannot read config file ${options.configFile}: ${(e as Error).message}`);
    }
    for (const [key, v] of parseConfigToml(text, options.configFile)) {
      const setting = byKey.get(key);
      if (setting === undefined) throw configError(`${options.configFile}: unknown key ${key}`);
      values.set(key, coerce(setting, v, options.configFile));
    }
  }
  const env = options.env ?? {};
  for (const setting of SETTINGS) {
    const v = env[envName(setting.key)];
    if (v !== undefined && v !== '') values.set(setting.key, coerce(setting, v, envName(setting.key)));
  }
  for (const [key, v] of Object.entries(options.overrides ?? {})) {
    if (v === undefined) continue;
    const setting = byKey.get(key);
    if (setting === undefined) throw configError(`unknown setting ${key}`);
    values.set(key, coerce(setting, v, `--${key}`));
  }
  const str = (k: string): string => values.get(k) as string;
  const int = (k: string): number => values.get(k) as number;
  const bool = (k: string): boolean => values.get(k) as boolean;
  for (const k of ['port', 'graphqlPort']) if (int(k) > 65535) throw configError(`${k} ${int(k)} is not a TCP port`);
  for (const k of ['limits.maxBodyBytes', 'limits.maxBatch', 'limits.maxJsonDepth', 'limits.queryTimeoutMs', 'limits.maxResultRows', 'limits.maxConnections']) {
    if (int(k) === 0) throw configError(`${k} must be at least 1`);
  }
  return {
    db: str('db'),
    host: str('host'),
    port: int('port'),
    graphqlPort: int('graphqlPort'),
    allowedOrigins: parseAllowedOrigins(str('allowedOrigins')),
    shutdownGraceMs: int('shutdownGraceMs'),
    logLevel: str('logLevel'),
    auth: { enabled: bool('auth.enabled'), rootKey: str('auth.rootKey'), rootKeyFile: str('auth.rootKeyFile'), location: str('auth.location') },
    limits: {
      maxBodyBytes: int('limits.maxBodyBytes'),
      maxBatch: int('limits.maxBatch'),
      maxJsonDepth: int('limits.maxJsonDepth'),
      queryTimeoutMs: int('limits.queryTimeoutMs'),
      maxResultRows: int('limits.maxResultRows'),
      maxWriteRows: int('limits.maxWriteRows'),
      maxConnections: int('limits.maxConnections'),
      requestsPerSecond: int('limits.requestsPerSecond'),
      burst: int('limits.burst'),
      maxWsBufferedBytes: int('limits.maxWsBufferedBytes'),
      maxPreparedPerConnection: int('limits.maxPreparedPerConnection'),
      maxSubscriptionsPerConnection: int('limits.maxSubscriptionsPerConnection'),
      requestTimeoutMs: int('limits.requestTimeoutMs'),
      idleTimeoutMs: int('limits.idleTimeoutMs'),
      batutaMaxSteps: int('limits.batutaMaxSteps'),
    },
    threads: { writer: bool('threads.writer'), queryWorkers: int('threads.queryWorkers'), offloadRows: int('threads.offloadRows') },
  };
}

/** A config for tests and embedding: defaults with some keys replaced (same checks as the CLI). */
export function serverConfig(overrides: ConfigOverrides = {}): ServerConfig {
  return loadServerConfig({ overrides });
}
