/**
 * Live queries. A subscription is a query, the tables its plan scans, and
 * the WebSocket that asked for it. The hub listens on the database's commit
 * hook: when a committed write touches a table a subscription reads, that
 * subscription is marked dirty and a re-run is scheduled (setImmediate, so
 * the write path only pays for a set lookup); its fresh result is pushed as
 * `{"method":"subscription","params":{subscription, result, sequence}}`.
 * Writes that land while a re-run is in flight coalesce into one more run.
 * The hub also keeps the server's commit sequence (1, 2, 3, … per server
 * process): commits in this thread arrive through the database's commit
 * hook, commits of the writer thread through `externalCommit`.
 * Before each push the owner's token is checked again (revoked or expired:
 * the subscription ends with an `error` notification). Nothing polls.
 * A subscription may bring its own `run` (GraphQL's live operations: one
 * prepared plan whose nested result is pushed as it is) instead of a query
 * text for the query runner.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from '../engine/database.js';
import type { Params } from '../engine/params.js';
import { PyralogError, isPyralogError } from '../errors/pyralog-error.js';
import type { VerifiedToken } from './capability-tokens.js';
import type { CallSignal } from './call-signal.js';
import { rowLimit } from './grant.js';
import type { QueryRunner } from './query-runner.js';
import { errorData } from './rpc-errors.js';
import type { ServerLimits } from './server-config.js';

interface Subscription {
  readonly id: string;
  readonly owner: string;
  readonly lang: string;
  readonly text: string;
  readonly params: Params | undefined;
  readonly tables: ReadonlySet<string>;
  readonly token: VerifiedToken | undefined;
  readonly notify: (method: string, params: unknown) => void;
  readonly signal: CallSignal;
  readonly run: (() => Promise<unknown>) | undefined;
  dirty: boolean;
  running: boolean;
  sequence: number;
}

export interface SubscribeRequest {
  readonly owner: string;
  readonly lang: string;
  readonly text: string;
  readonly params: Params | undefined;
  readonly tables: readonly string[];
  readonly token: VerifiedToken | undefined;
  readonly notify: (method: string, params: unknown) => void;
  readonly signal: CallSignal;
  /** Computes the pushed `result` itself instead of running lang/text through the query runner. */
  readonly run?: () => Promise<unknown>;
}

export class SubscriptionHub {
  private readonly subs = new Map<string, Subscription>();
  private readonly byTable = new Map<string, Set<Subscription>>();
  private readonly unlisten: () => void;
  /** Pushes sent (for metrics). */
  pushes = 0;
  private seq = 0;

  constructor(
    db: Database,
    private readonly runner: QueryRunner,
    private readonly limits: ServerLimits,
    private readonly recheck: (token: VerifiedToken | undefined) => void,
    private readonly onError: (error: unknown) => void,
  ) {
    this.unlisten = db.onCommit((tables) => this.committed(tables, ++this.seq));
  }

  /** The number of the last commit this server made (0 before any). */
  get sequence(): number {
    return this.seq;
  }

  /** `commits` transactions committed in another thread, writing `tables`; returns the new sequence. */
  externalCommit(tables: readonly string[], commits: number): number {
    this.seq += commits;
    this.committed(new Set(tables), this.seq);
    return this.seq;
  }

  get size(): number {
    return this.subs.size;
  }

  countFor(owner: string): number {
    let n = 0;
    for (const s of this.subs.values()) if (s.owner === owner) n++;
    return n;
  }

  add(req: SubscribeRequest): string {
    if (this.countFor(req.owner) >= this.limits.maxSubscriptionsPerConnection) {
      throw new PyralogError('RESULT_TOO_LARGE', `this connection holds ${this.limits.maxSubscriptionsPerConnection} subscriptions, the limit`, {
        phase: 'server',
        details: { limit: 'maxSubscriptionsPerConnection' },
      });
    }
    const id = `s_${randomBytes(12).toString('hex')}`;
    const sub: Subscription = { ...req, id, tables: new Set(req.tables), run: req.run, dirty: false, running: false, sequence: 0 };
    this.subs.set(id, sub);
    for (const t of sub.tables) {
      let set = this.byTable.get(t);
      if (set === undefined) this.byTable.set(t, (set = new Set()));
      set.add(sub);
    }
    return id;
  }

  remove(owner: string, id: string): void {
    const sub = this.subs.get(id);
    if (sub === undefined || sub.owner !== owner) {
      throw new PyralogError('UNKNOWN_HANDLE', `no subscription ${JSON.stringify(id.slice(0, 64))} on this connection`, { phase: 'server' });
    }
    this.drop(sub);
  }

  dropOwner(owner: string): void {
    for (const s of [...this.subs.values()]) if (s.owner === owner) this.drop(s);
  }

  private drop(sub: Subscription): void {
    this.subs.delete(sub.id);
    for (const t of sub.tables) {
      const set = this.byTable.get(t);
      set?.delete(sub);
      if (set?.size === 0) this.byTable.delete(t);
    }
  }

  /** On the write path: mark the affected subscriptions and schedule their re-runs. */
  private committed(tables: ReadonlySet<string>, sequence: number): void {
    for (const t of tables) {
      for (const sub of this.byTable.get(t) ?? []) {
        sub.sequence = sequence;
        if (sub.dirty) continue;
        sub.dirty = true;
        if (!sub.running) setImmediate(() => void this.rerun(sub));
      }
    }
  }

  private async rerun(sub: Subscription): Promise<void> {
    if (!this.subs.has(sub.id) || sub.running) return;
    sub.running = true;
    try {
      while (sub.dirty && this.subs.has(sub.id) && !sub.signal.aborted) {
        sub.dirty = false;
        const sequence = sub.sequence;
        try {
          this.recheck(sub.token);
          if (sub.run !== undefined) {
            const result = await sub.run();
            if (this.subs.has(sub.id)) {
              this.pushes++;
              sub.notify('subscription', { subscription: sub.id, result, sequence });
            }
            continue;
          }
          const out = await this.runner.run(sub.lang, sub.text, {
            params: sub.params,
            maxRows: rowLimit(sub.token, this.limits.maxResultRows),
            timeoutMs: this.limits.queryTimeoutMs,
            signal: sub.signal,
          });
          if (out.kind === 'json' && this.subs.has(sub.id)) {
            this.pushes++;
            sub.notify('subscription', { subscription: sub.id, result: out.json, sequence });
          }
        } catch (e) {
          if (!isPyralogError(e)) this.onError(e);
          const fatal = isPyralogError(e) && e.code.startsWith('AUTH_');
          sub.notify('subscription', { subscription: sub.id, error: errorData(e), sequence });
          if (fatal) this.drop(sub);
        }
      }
    } finally {
      sub.running = false;
    }
  }

  close(): void {
    this.unlisten();
    this.subs.clear();
    this.byTable.clear();
  }
}
