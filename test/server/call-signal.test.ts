/**
 * Cancellation, the server's per-call controller: the AbortSignal subset the
 * methods use (aborted, reason, one-shot abort listeners, removal).
 */
import { describe, expect, it } from 'vitest';
import { Cancellation, type CallSignal } from '../../src/server/call-signal.js';
import { cancelledError, queryCancelled } from '../../src/server/query-collect.js';

describe('Cancellation', () => {
  it('runs each listener once, at the first abort, with the reason kept', () => {
    const c = new Cancellation();
    const seen: string[] = [];
    c.addEventListener('abort', () => seen.push('a'), { once: true });
    c.addEventListener('abort', () => seen.push(`b:${c.aborted}`));
    expect(c.aborted).toBe(false);
    const reason = queryCancelled();
    c.abort(reason);
    c.abort(new Error('second'));
    expect(seen).toEqual(['a', 'b:true']);
    expect(c.reason).toBe(reason);
    expect(cancelledError(c.signal).code).toBe('QUERY_CANCELLED');
  });

  it('forgets a removed listener and never calls a listener added after the abort', () => {
    const c = new Cancellation();
    let calls = 0;
    const l = (): void => void calls++;
    c.addEventListener('abort', l);
    c.removeEventListener('abort', l);
    c.abort();
    c.addEventListener('abort', l);
    expect(calls).toBe(0);
    // No reason given: the call ends as the connection closing would end it.
    expect(c.reason).toBeInstanceOf(Error);
    expect(cancelledError(c).code).toBe('SERVER_SHUTTING_DOWN');
  });

  it('takes the place of an AbortSignal where a method expects one of either', () => {
    const controller = new AbortController();
    const signals: CallSignal[] = [controller.signal, new Cancellation()];
    controller.abort(queryCancelled());
    expect(signals.map((s) => s.aborted)).toEqual([true, false]);
    expect(cancelledError(signals[0]).code).toBe('QUERY_CANCELLED');
  });
});
