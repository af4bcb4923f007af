/**
 * Capability tokens: macaroons (the `macaroon` package, HMAC-SHA256 chains)
 * with a small first-party caveat language. A token is minted from the
 * server's root key; its holder can add caveats offline (attenuate) without
 * the key, which only ever narrows it, and no one can remove or change a
 * caveat without breaking the signature. Revocation is by id: the macaroon's
 * identifier, and the `id` caveat each attenuation adds, so revoking an id
 * revokes that token and every token attenuated from it.
 *
 * Caveats (each one restricts; all must hold):
 *   expires 2026-12-31T00:00:00Z     the token is refused from then on
 *   methods query,explain,tables     only these methods
 *   tables tracks:r,albums:rw        only these tables; r = read, rw = read and write
 *   kv cache:r,sessions:rw           only these key-value namespaces
 *   max-rows 1000                    results and write calls of at most this many rows
 *   read-only                        no writes at all
 *   id 3f2a…                         an id for revoking this attenuation
 */
import { randomBytes } from 'node:crypto';
import { importMacaroon, newMacaroon, bytesToBase64, type Macaroon } from 'macaroon';
import { PyralogError } from '../errors/pyralog-error.js';

export type AccessMode = 'r' | 'rw';

export type Caveat =
  | { readonly kind: 'expires'; readonly at: number }
  | { readonly kind: 'methods'; readonly methods: readonly string[] }
  | { readonly kind: 'tables'; readonly grants: ReadonlyMap<string, AccessMode> }
  | { readonly kind: 'kv'; readonly grants: ReadonlyMap<string, AccessMode> }
  | { readonly kind: 'max-rows'; readonly rows: number }
  | { readonly kind: 'read-only' }
  | { readonly kind: 'id'; readonly id: string };

/** A verified token: its ids (for revocation) and its caveats, parsed. */
export interface VerifiedToken {
  readonly id: string;
  /** The root id and every attenuation's id. */
  readonly ids: readonly string[];
  readonly caveats: readonly Caveat[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function authError(code: 'AUTH_INVALID' | 'AUTH_EXPIRED', message: string): PyralogError {
  return new PyralogError(code, message, { phase: 'server' });
}

function parseGrants(text: string, what: string): Map<string, AccessMode> {
  const grants = new Map<string, AccessMode>();
  for (const item of text.split(',')) {
    const [name, mode] = item.split(':');
    if (name === undefined || !NAME.test(name) || (mode !== 'r' && mode !== 'rw')) throw new Error(`bad ${what} grant ${JSON.stringify(item)} (want name:r or name:rw)`);
    grants.set(name, mode);
  }
  return grants;
}

/** Parses one caveat condition; throws (with a reason) on anything it does not know. */
export function parseCaveat(condition: string): Caveat {
  const space = condition.indexOf(' ');
  const word = space < 0 ? condition : condition.slice(0, space);
  const rest = space < 0 ? '' : condition.slice(space + 1).trim();
  switch (word) {
    case 'expires': {
      const at = Date.parse(rest);
      if (!/^\d{4}-\d\d-\d\dT/.test(rest) || Number.isNaN(at)) throw new Error(`bad expiry ${JSON.stringify(rest)} (want an ISO 8601 time)`);
      return { kind: 'expires', at };
    }
    case 'methods': {
      const methods = rest.split(',');
      if (methods.some((m) => !/^[a-z][a-z.]*$/.test(m))) throw new Error(`bad method list ${JSON.stringify(rest)}`);
      return { kind: 'methods', methods };
    }
    case 'tables':
      return { kind: 'tables', grants: parseGrants(rest, 'table') };
    case 'kv':
      return { kind: 'kv', grants: parseGrants(rest, 'kv') };
    case 'max-rows': {
      if (!/^\d{1,12}$/.test(rest)) throw new Error(`bad max-rows ${JSON.stringify(rest)}`);
      return { kind: 'max-rows', rows: Number(rest) };
    }
    case 'read-only':
      if (rest !== '') throw new Error('read-only takes no argument');
      return { kind: 'read-only' };
    case 'id':
      if (!/^[0-9a-f]{8,64}$/.test(rest)) throw new Error(`bad id ${JSON.stringify(rest)}`);
      return { kind: 'id', id: rest };
    default:
      throw new Error(`unknown caveat ${JSON.stringify(word)}`);
  }
}

/** The caveat text of `c` (the inverse of parseCaveat). */
export function caveatText(c: Caveat): string {
  const grants = (g: ReadonlyMap<string, AccessMode>): string => [...g].map(([n, m]) => `${n}:${m}`).join(',');
  switch (c.kind) {
    case 'expires':
      return `expires ${new Date(c.at).toISOString()}`;
    case 'methods':
      return `methods ${c.methods.join(',')}`;
    case 'tables':
      return `tables ${grants(c.grants)}`;
    case 'kv':
      return `kv ${grants(c.grants)}`;
    case 'max-rows':
      return `max-rows ${c.rows}`;
    case 'read-only':
      return 'read-only';
    case 'id':
      return `id ${c.id}`;
  }
}

function decode(token: string): Macaroon {
  if (token.length === 0 || token.length > 16_384 || !/^[A-Za-z0-9_-]+$/.test(token)) throw authError('AUTH_INVALID', 'the token is not a base64url macaroon');
  try {
    return importMacaroon(Buffer.from(token, 'base64url'));
  } catch (e) {
    throw authError('AUTH_INVALID', `the token does not decode: ${(e as Error).message}`);
  }
}

/**
 * The macaroon in the libmacaroons v2 binary format. Written here because
 * `exportBinary()` of macaroon 3.0.4 doubles its buffer on every append (its
 * `_grow` reads an undefined capacity), which runs out of memory at about
 * thirty fields; `importMacaroon` reads this format.
 */
function exportV2(m: Macaroon): Uint8Array {
  const parts: number[] = [2];
  const varint = (n: number): void => {
    let x = n;
    while (x >= 0x80) {
      parts.push((x & 0x7f) | 0x80);
      x >>>= 7;
    }
    parts.push(x);
  };
  const field = (type: number, bytes: Uint8Array): void => {
    parts.push(type);
    varint(bytes.length);
    for (const b of bytes) parts.push(b);
  };
  const text = new TextEncoder();
  if (m.location !== '') field(1, text.encode(m.location));
  field(2, m.identifier);
  parts.push(0);
  for (const c of m.caveats) {
    if (c.location !== undefined && c.location !== '') field(1, text.encode(c.location));
    field(2, c.identifier);
    if (c.vid !== undefined) field(4, c.vid);
    parts.push(0);
  }
  parts.push(0);
  field(6, m.signature);
  return Uint8Array.from(parts);
}

function encode(m: Macaroon): string {
  return bytesToBase64(exportV2(m));
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

function conditions(m: Macaroon): string[] {
  return m.caveats.map((c) => (c.vid !== undefined ? '\u0000third-party' : utf8.decode(c.identifier)));
}

/** A new root key: 32 random bytes. */
export function newRootKey(): Uint8Array {
  return randomBytes(32);
}

/** Mints a token with `caveats` under `rootKey`; returns the token text and its id. */
export function mintToken(rootKey: Uint8Array, caveats: readonly string[], location = 'pyralog'): { token: string; id: string } {
  const id = randomBytes(16).toString('hex');
  const m = newMacaroon({ identifier: id, location, rootKey });
  for (const c of caveats) {
    parseCaveat(c);
    m.addFirstPartyCaveat(c);
  }
  return { token: encode(m), id };
}

/** Adds caveats to a token without the root key (plus an `id` caveat so this attenuation can be revoked alone). */
export function attenuateToken(token: string, caveats: readonly string[]): { token: string; id: string } {
  const m = decode(token).clone();
  const id = randomBytes(8).toString('hex');
  for (const c of [...caveats, `id ${id}`]) {
    parseCaveat(c);
    m.addFirstPartyCaveat(c);
  }
  return { token: encode(m), id };
}

/** What a token says, without checking its signature (for `pyralog token inspect`). */
export function inspectToken(token: string): { id: string; location: string; caveats: string[] } {
  const m = decode(token);
  return { id: utf8.decode(m.identifier), location: m.location, caveats: conditions(m) };
}

/**
 * Checks the signature under `rootKey` and parses every caveat; unknown or
 * malformed caveats (and third-party caveats) make the token invalid. Expiry
 * is checked against `now`. Revocation and the per-call caveats are the
 * caller's (see grant.ts).
 */
export function verifyToken(rootKey: Uint8Array, token: string, now = Date.now()): VerifiedToken {
  const m = decode(token);
  const caveats: Caveat[] = [];
  try {
    m.verify(rootKey, (condition) => {
      try {
        caveats.push(parseCaveat(condition));
        return null;
      } catch (e) {
        return (e as Error).message;
      }
    });
  } catch (e) {
    throw authError('AUTH_INVALID', `the token does not verify: ${(e as Error).message}`);
  }
  const id = utf8.decode(m.identifier);
  for (const c of caveats) {
    if (c.kind === 'expires' && now >= c.at) throw authError('AUTH_EXPIRED', `the token expired at ${new Date(c.at).toISOString()}`);
  }
  return { id, ids: [id, ...caveats.flatMap((c) => (c.kind === 'id' ? [c.id] : []))], caveats };
}
