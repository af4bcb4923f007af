/**
 * A GraphQL subscription as a live query: an async iterator of results for
 * graphql-ws. It registers the prepared operation with the server's
 * SubscriptionHub (the tables it reads; the hub hears every commit through
 * `db.onCommit` and re-runs it, coalescing writes that land during a run),
 * then yields the first result and one fresh result per push — newest wins:
 * a client that reads slowly gets the latest result, not a backlog. Each run
 * is numbered when it starts, so an older run that finishes late is dropped.
 * A refused push (the token expired or was revoked) ends the iterator with
 * that error; `return()` (the client's `complete`, or the socket closing)
 * removes it from the hub.
 */
import { GraphQLError, type ExecutionResult } from 'graphql';
import { isPyralogError } from '../../errors/pyralog-error.js';
import type { PyralogErrorData } from '../rpc-errors.js';
import { executeOperation, type GraphqlServices, type OperationContext } from './graphql-operation.js';

interface Numbered {
  readonly n: number;
  readonly result: ExecutionResult;
}

/** The GraphQL error of a push the hub refused or failed (its data carries the PyralogError code). */
function pushError(data: PyralogErrorData): GraphQLError {
  const { message, ...extensions } = data;
  return new GraphQLError(message, { extensions: { ...extensions } });
}

export function liveResults(services: GraphqlServices, context: OperationContext, owner: string): AsyncIterableIterator<ExecutionResult> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  controller.signal.addEventListener('abort', () => wake?.(), { once: true });
  if (context.signal.aborted) stop();
  else context.signal.addEventListener('abort', stop, { once: true });
  let started = 0;
  let delivered = 0;
  let pending: ExecutionResult | undefined;
  let failure: GraphQLError | undefined;
  let done = false;
  let wake: (() => void) | undefined;
  const offer = (item: Numbered): void => {
    if (done || item.n <= delivered) return;
    delivered = item.n;
    pending = item.result;
    wake?.();
  };
  const run = async (): Promise<Numbered> => {
    const n = ++started;
    return { n, result: await executeOperation(services, context.prepared, controller.signal) };
  };
  const id = services.subscriptions.add({
    owner,
    lang: 'graphql',
    text: context.request.query,
    params: undefined,
    tables: context.prepared.tablesRead,
    token: context.caller.token,
    signal: controller.signal,
    run,
    notify: (_method, params) => {
      const p = params as { result?: Numbered; error?: PyralogErrorData };
      if (p.result !== undefined) offer(p.result);
      else if (p.error !== undefined) {
        if (p.error.code.startsWith('AUTH_')) {
          failure = pushError(p.error);
          wake?.();
        } else offer({ n: ++started, result: { data: null, errors: [pushError(p.error)] } });
      }
    },
  });
  const finish = (): void => {
    if (done) return;
    done = true;
    controller.abort();
    context.signal.removeEventListener('abort', stop);
    try {
      services.subscriptions.remove(owner, id);
    } catch (e) {
      // The hub already dropped it (a refused push).
      if (!isPyralogError(e)) throw e;
    }
    wake?.();
  };
  void run().then(offer);

  const iterator: AsyncIterableIterator<ExecutionResult> = {
    async next(): Promise<IteratorResult<ExecutionResult>> {
      for (;;) {
        if (pending !== undefined) {
          const value = pending;
          pending = undefined;
          return { value, done: false };
        }
        if (failure !== undefined) {
          const error = failure;
          finish();
          throw error;
        }
        if (done || controller.signal.aborted) {
          finish();
          return { value: undefined, done: true };
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    },
    async return(): Promise<IteratorResult<ExecutionResult>> {
      finish();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
