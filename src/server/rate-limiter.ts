/**
 * Per-caller request rate: a token bucket per key (a token id, or the client
 * address on an open server) refilled at `perSecond` up to `burst`. Idle
 * buckets are swept so the map stays bounded by the callers of the last minute.
 */
import { PyralogError } from '../errors/pyralog-error.js';

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = 0;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one request from `key`'s bucket; RATE_LIMITED when it is empty. A rate of 0 is unlimited. */
  take(key: string): void {
    if (this.perSecond <= 0) return;
    const now = this.now();
    if (now - this.lastSweep > 60_000) this.sweep(now);
    let b = this.buckets.get(key);
    if (b === undefined) this.buckets.set(key, (b = { tokens: Math.max(1, this.burst), at: now }));
    b.tokens = Math.min(Math.max(1, this.burst), b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    if (b.tokens < 1) {
      throw new PyralogError('RATE_LIMITED', `more than ${this.perSecond} requests per second`, {
        phase: 'server',
        hints: ['slow down and retry'],
        details: { retryAfterMs: Math.ceil(((1 - b.tokens) / this.perSecond) * 1000) },
      });
    }
    b.tokens -= 1;
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [k, b] of this.buckets) if (now - b.at > 60_000) this.buckets.delete(k);
  }
}
