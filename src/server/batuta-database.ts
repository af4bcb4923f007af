/**
 * The database as a Batuta program sent to the server sees it: everything
 * passes through, except the key-value namespaces reserved for the server
 * (`__pyralog…`: the revocation list), refused as the kv.* methods refuse
 * them (grant.ts). Without this a program could read the list, or write a
 * token id into it and so revoke any token, the root's included.
 */
import type { Database } from '../engine/database.js';
import { PyralogError } from '../errors/pyralog-error.js';
import type { WriteTxn } from '../index.js';
import { RESERVED_NAMESPACE_PREFIX } from './grant.js';

function checkNamespace(ns: string): void {
  if (ns.startsWith(RESERVED_NAMESPACE_PREFIX)) throw new PyralogError('AUTH_FORBIDDEN', `the key-value namespace ${ns} is reserved for the server`, { phase: 'server' });
}

/** `target` with its `kv(ns)` checked first; other members as they are (methods bound to `target`). */
function guardKv<T extends object>(target: T, wrap: (prop: string | symbol, value: unknown) => unknown = (_p, v) => v): T {
  return new Proxy(target, {
    get(t, prop) {
      const value: unknown = Reflect.get(t, prop, t);
      if (prop === 'kv' && typeof value === 'function') {
        const kv = value as (ns: string) => unknown;
        return (ns: string) => (checkNamespace(ns), kv.call(t, ns));
      }
      const bound = typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(t) : value;
      return wrap(prop, bound);
    },
  });
}

/** A view of `db` for server-side Batuta sessions (see the file comment). */
export function batutaDatabase(db: Database): Database {
  return guardKv(db, (prop, value) => {
    if (prop !== 'transaction' || typeof value !== 'function') return value;
    const transaction = value as Database['transaction'];
    return <T>(fn: (tx: WriteTxn) => T): T => transaction((tx) => fn(guardKv(tx)));
  });
}
