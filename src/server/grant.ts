/**
 * Authorization: what one call needs (its method, the tables and key-value
 * namespaces it reads and writes, its row count) checked against what a
 * verified token's caveats allow. Every caveat narrows: a call passes only if
 * each caveat allows it. An open server (no tokens) grants everything except
 * the server's own reserved key-value namespace.
 */
import { PyralogError } from '../errors/pyralog-error.js';
import type { VerifiedToken } from './capability-tokens.js';

/** The key-value namespace the server keeps its revocation list in; no call may touch it. */
export const RESERVED_NAMESPACE_PREFIX = '__pyralog';

export interface Access {
  readonly method: string;
  readonly readTables?: readonly string[];
  readonly writeTables?: readonly string[];
  readonly readKv?: readonly string[];
  readonly writeKv?: readonly string[];
  /** A call whose effect cannot be bounded to named tables or a row count (a Batuta program): needs an unrestricted, writable token. */
  readonly unbounded?: boolean;
}

function forbidden(message: string): PyralogError {
  return new PyralogError('AUTH_FORBIDDEN', message, { phase: 'server' });
}

/** Throws AUTH_FORBIDDEN unless `token` (undefined = open server) allows `access`. */
export function authorize(token: VerifiedToken | undefined, access: Access): void {
  for (const ns of [...(access.readKv ?? []), ...(access.writeKv ?? [])]) {
    if (ns.startsWith(RESERVED_NAMESPACE_PREFIX)) throw forbidden(`the key-value namespace ${ns} is reserved for the server`);
  }
  if (token === undefined) return;
  const writes = (access.writeTables?.length ?? 0) + (access.writeKv?.length ?? 0) > 0;
  for (const c of token.caveats) {
    switch (c.kind) {
      case 'methods':
        if (!c.methods.includes(access.method)) throw forbidden(`the token does not grant the method ${access.method}`);
        break;
      case 'read-only':
        if (writes || access.unbounded === true) throw forbidden(`the token is read-only; ${access.method} writes`);
        break;
      case 'tables':
        if (access.unbounded === true) throw forbidden(`the token is limited to tables ${[...c.grants.keys()].join(', ')}; ${access.method} of a program cannot be limited`);
        for (const t of access.readTables ?? []) if (!c.grants.has(t)) throw forbidden(`the token does not grant reading table ${t}`);
        for (const t of access.writeTables ?? []) if (c.grants.get(t) !== 'rw') throw forbidden(`the token does not grant writing table ${t}`);
        break;
      case 'kv':
        if (access.unbounded === true) throw forbidden(`the token is limited to kv namespaces ${[...c.grants.keys()].join(', ')}; ${access.method} of a program cannot be limited`);
        for (const n of access.readKv ?? []) if (!c.grants.has(n)) throw forbidden(`the token does not grant reading kv namespace ${n}`);
        for (const n of access.writeKv ?? []) if (c.grants.get(n) !== 'rw') throw forbidden(`the token does not grant writing kv namespace ${n}`);
        break;
      case 'max-rows':
        // A program's writes and the values it returns are not counted in rows: it cannot be held to the caveat.
        if (access.unbounded === true) throw forbidden(`the token is limited to ${c.rows} rows per call; ${access.method} of a program cannot be limited`);
        break;
      case 'expires':
      case 'id':
        break;
    }
  }
  // A token that restricts tables but not kv (or the reverse) leaves the other open; no rule needed.
}

/** Whether `token` lets its holder see table `name` at all (for `tables`). */
export function canSeeTable(token: VerifiedToken | undefined, name: string): boolean {
  if (token === undefined) return true;
  return token.caveats.every((c) => c.kind !== 'tables' || c.grants.has(name));
}

/** The smallest of the server's row limit and the token's `max-rows` caveats. */
export function rowLimit(token: VerifiedToken | undefined, serverLimit: number): number {
  let limit = serverLimit;
  for (const c of token?.caveats ?? []) if (c.kind === 'max-rows' && c.rows < limit) limit = c.rows;
  return limit;
}
