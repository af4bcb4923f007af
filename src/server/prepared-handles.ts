/**
 * Prepared-query handles: `prepare` compiles a query and returns an opaque,
 * unguessable handle; `execute` runs it with new parameters; `close` drops
 * it. A handle belongs to its owner (a WebSocket connection, or over HTTP
 * the token id — or "open" on a server without tokens) and is refused to
 * anyone else. Each owner holds at most `perOwner` handles; a connection's
 * handles are dropped when it closes. (The compiled plan itself is shared
 * through the query runner's cache.)
 */
import { randomBytes } from 'node:crypto';
import { PyralogError } from '../errors/pyralog-error.js';

export interface PreparedEntry {
  readonly lang: string;
  readonly text: string;
  readonly owner: string;
}

export class PreparedHandles {
  private readonly byHandle = new Map<string, PreparedEntry>();
  private readonly byOwner = new Map<string, Set<string>>();

  constructor(private readonly perOwner: number) {}

  get size(): number {
    return this.byHandle.size;
  }

  add(owner: string, lang: string, text: string): string {
    let mine = this.byOwner.get(owner);
    if (mine === undefined) this.byOwner.set(owner, (mine = new Set()));
    if (mine.size >= this.perOwner) {
      // Over HTTP there is no connection to end, so the oldest handle goes; a WebSocket is refused.
      if (owner.startsWith('ws:')) {
        throw new PyralogError('RESULT_TOO_LARGE', `this connection holds ${this.perOwner} prepared queries, the limit; close some first`, {
          phase: 'server',
          details: { limit: 'maxPreparedPerConnection' },
        });
      }
      const oldest = mine.values().next().value as string;
      mine.delete(oldest);
      this.byHandle.delete(oldest);
    }
    const handle = `q_${randomBytes(12).toString('hex')}`;
    this.byHandle.set(handle, { lang, text, owner });
    mine.add(handle);
    return handle;
  }

  get(owner: string, handle: string): PreparedEntry {
    const e = this.byHandle.get(handle);
    if (e === undefined || e.owner !== owner) {
      throw new PyralogError('UNKNOWN_HANDLE', `no prepared query ${JSON.stringify(handle.slice(0, 64))} on this connection`, { phase: 'server' });
    }
    return e;
  }

  close(owner: string, handle: string): void {
    this.get(owner, handle);
    this.byHandle.delete(handle);
    this.byOwner.get(owner)?.delete(handle);
  }

  dropOwner(owner: string): void {
    for (const h of this.byOwner.get(owner) ?? []) this.byHandle.delete(h);
    this.byOwner.delete(owner);
  }
}
