/**
 * Authentication for the server: the root key (from config as hex, or a key
 * file under the database directory that must not be readable by group or
 * others), token verification with a small cache (signature checks are
 * HMAC chains, done once per distinct token), and the revocation list, kept
 * in the database's reserved key-value namespace so `pyralog token revoke`
 * from another process takes effect on the next call.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Database } from '../engine/database.js';
import { PyralogError } from '../errors/pyralog-error.js';
import { newRootKey, verifyToken, type VerifiedToken } from './capability-tokens.js';
import { RESERVED_NAMESPACE_PREFIX } from './grant.js';

/** The key-value namespace holding revoked token ids (id → ISO time of revocation). */
export const REVOCATION_NAMESPACE = `${RESERVED_NAMESPACE_PREFIX}.revoked`;
export const ROOT_KEY_FILE = 'server-root.key';

const CACHE_SIZE = 1024;

function configError(message: string): PyralogError {
  return new PyralogError('SERVER_CONFIG', message, { phase: 'server', hints: ['create a root key and a token with `pyralog token create --db DIR`'] });
}

/** The root key file of database `dbDir` (or `file` when given). */
export function rootKeyPath(dbDir: string, file = ''): string {
  return file !== '' ? file : path.join(dbDir, ROOT_KEY_FILE);
}

/** Reads the root key: hex text in `hex`, else the file; refuses a file readable by others. */
export function loadRootKey(dbDir: string, hex: string, file: string): Uint8Array {
  if (hex !== '') {
    if (!/^([0-9a-fA-F]{2}){32,}$/.test(hex)) throw configError('auth.rootKey must be at least 32 bytes as hex');
    return Uint8Array.from(Buffer.from(hex, 'hex'));
  }
  const p = rootKeyPath(dbDir, file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch {
    throw configError(`no root key at ${p}`);
  }
  if ((stat.mode & 0o077) !== 0) throw configError(`the root key ${p} is readable by group or others (mode ${(stat.mode & 0o777).toString(8)}); chmod 600 it`);
  const text = fs.readFileSync(p, 'utf8').trim();
  if (!/^([0-9a-fA-F]{2}){32,}$/.test(text)) throw configError(`${p} does not hold a hex root key`);
  return Uint8Array.from(Buffer.from(text, 'hex'));
}

/** Creates the root key file (mode 0600) if it does not exist; returns the key. */
export function ensureRootKey(dbDir: string, file = ''): Uint8Array {
  const p = rootKeyPath(dbDir, file);
  if (fs.existsSync(p)) return loadRootKey(dbDir, '', file);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  const key = newRootKey();
  fs.writeFileSync(p, `${Buffer.from(key).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

/** Adds token ids to the revocation list. */
export function revokeIds(db: Database, ids: readonly string[]): void {
  const at = new Date().toISOString();
  db.transaction((tx) => {
    const kv = tx.kv(REVOCATION_NAMESPACE);
    for (const id of ids) kv.put(id, at);
  });
}

export class Authenticator {
  private readonly cache = new Map<string, VerifiedToken>();

  /** `rootKey` undefined: the server is open (no tokens). */
  constructor(
    private readonly db: Database,
    private readonly rootKey: Uint8Array | undefined,
  ) {}

  get enabled(): boolean {
    return this.rootKey !== undefined;
  }

  /**
   * The verified token of a call (undefined on an open server); throws AUTH_* otherwise.
   * `via` picks the hint of AUTH_REQUIRED: how a token is sent on that endpoint.
   */
  authenticate(token: string | undefined, via: 'rpc' | 'graphql' = 'rpc'): VerifiedToken | undefined {
    if (this.rootKey === undefined) return undefined;
    if (token === undefined || token === '') {
      throw new PyralogError('AUTH_REQUIRED', 'this server needs a capability token', {
        phase: 'server',
        hints: [
          via === 'graphql'
            ? 'send Authorization: Bearer TOKEN (HTTP), or over graphql-ws put {"authorization":"Bearer TOKEN"} (or {"token":"TOKEN"}) in the connection_init payload'
            : 'send Authorization: Bearer TOKEN (HTTP), or ?token=TOKEN on the WebSocket URL, or call auth first',
        ],
      });
    }
    let verified = this.cache.get(token);
    if (verified === undefined) {
      verified = verifyToken(this.rootKey, token);
      this.cache.set(token, verified);
      if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    }
    this.recheck(verified);
    return verified;
  }

  /** Expiry and revocation, checked on every call (a cached token may have expired or been revoked since). */
  recheck(token: VerifiedToken | undefined): void {
    if (token === undefined) return;
    const now = Date.now();
    for (const c of token.caveats) {
      if (c.kind === 'expires' && now >= c.at) throw new PyralogError('AUTH_EXPIRED', `the token expired at ${new Date(c.at).toISOString()}`, { phase: 'server' });
    }
    const revoked = this.db.kv(REVOCATION_NAMESPACE);
    for (const id of token.ids) {
      if (revoked.get(id) !== undefined) throw new PyralogError('AUTH_REVOKED', `the token (or one it was attenuated from) has been revoked (id ${id})`, { phase: 'server' });
    }
  }
}
