/**
 * A call's cancellation: the part of AbortSignal the server's methods use
 * (`aborted`, `reason`, one-shot `abort` listeners), and Cancellation, the
 * light controller behind each call. The server makes one per WebSocket call
 * (so `cancel {id}` can stop it alone) and per HTTP request — thousands a
 * second — and Node 20's AbortController is not light: each AbortSignal is an
 * EventTarget given AbortSignal's prototype afterwards, and every one of them
 * (and what its call held) survived two young-generation GCs and was promoted
 * to old space. At 5,000 calls/s that was ~700 KB promoted per scavenge and
 * 4–6 ms scavenges (`node --trace-gc-nvp`, bench/server); with Cancellation,
 * ~4 KB and under 1.5 ms. An AbortSignal is a CallSignal too, so a
 * connection's or the server's own AbortController can stand in.
 */

export type AbortListener = () => void;

export interface CallSignal {
  readonly aborted: boolean;
  /** What `abort` was given (a PyralogError for `cancel {id}`), once aborted. */
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: AbortListener, options?: { readonly once?: boolean }): void;
  removeEventListener(type: 'abort', listener: AbortListener): void;
}

/** A controller and its signal in one object; listeners run once, at the first `abort`. */
export class Cancellation implements CallSignal {
  aborted = false;
  reason: unknown = undefined;
  private listeners: AbortListener[] | undefined;

  /** The signal to hand to a method: this object (AbortController's shape). */
  get signal(): CallSignal {
    return this;
  }

  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason ?? new Error('the call was aborted');
    const listeners = this.listeners;
    this.listeners = undefined;
    if (listeners !== undefined) for (const l of listeners) l();
  }

  addEventListener(_type: 'abort', listener: AbortListener, _options?: { readonly once?: boolean }): void {
    if (this.aborted) return; // as with AbortSignal: an already aborted signal never fires again
    (this.listeners ??= []).push(listener);
  }

  removeEventListener(_type: 'abort', listener: AbortListener): void {
    const ls = this.listeners;
    if (ls === undefined) return;
    const i = ls.indexOf(listener);
    if (i >= 0) ls.splice(i, 1);
  }
}
