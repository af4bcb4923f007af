/**
 * The query methods: `query`, `explain`, `prepare` / `execute` / `close`,
 * `subscribe` / `unsubscribe`. Each authorizes against the tables its plan
 * scans before anything runs. `lang: "batuta"` runs a whole Batuta program
 * through the session's Batuta environment (defs persist per WebSocket
 * connection; one per HTTP request); a program cannot be bounded to named
 * tables, so it needs an unrestricted, writable token; what it prints comes
 * back as `output` notifications on its WebSocket. `complete` gives Batuta's
 * words for a prefix (the remote REPL's Tab); `cancel` stops a call of the
 * same WebSocket (the remote REPL's Ctrl-C).
 */
import { openBatutaSession, type BatutaOutcome, type BatutaSession } from '../engine/batuta-session.js';
import type { Params as QueryParams } from '../engine/params.js';
import { authorize, rowLimit } from './grant.js';
import { RPC_INVALID_PARAMS, RPC_METHOD_NOT_FOUND, RpcError } from './json-rpc.js';
import { ArrowPayload, RawJson, type CallContext, type MethodHandler, type Params } from './rpc-context.js';
import { paramsFromJson } from './wire-values.js';
import { guardCompile } from './compile-guard.js';
import { batutaDatabase } from './batuta-database.js';
import { isPyralogError, PyralogError } from '../errors/pyralog-error.js';
import { cancelledError, queryCancelled, timeoutError } from './query-collect.js';
import { tableToIPC } from 'apache-arrow';

const BATUTA = 'batuta';

function owner(ctx: CallContext): string {
  return ctx.session.transport === 'ws' ? `ws:${ctx.session.id}` : `http:${ctx.token?.id ?? 'open'}`;
}

function batutaSession(ctx: CallContext): BatutaSession {
  // What a program prints goes to its WebSocket as `output` notifications (over HTTP it is dropped), never to the server's stdout.
  const notify = ctx.session.notify;
  const onOutput = notify === undefined ? () => undefined : (text: string) => notify('output', { text });
  ctx.session.batuta ??= openBatutaSession(batutaDatabase(ctx.services.db), { maxSteps: ctx.services.limits.batutaMaxSteps, maxMemoryBytes: 256 * 1024 * 1024, onOutput });
  return ctx.session.batuta;
}

/**
 * Runs Batuta work (evaluating or explaining a program), aborted when the
 * call is cancelled or at limits.queryTimeoutMs (then QUERY_TIMEOUT, like a
 * query). The work yields between slices of steps, so it never holds the loop.
 */
async function withBatutaLimits<T>(ctx: CallContext, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const timeoutMs = ctx.services.limits.queryTimeoutMs;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const cancel = (): void => controller.abort();
  if (ctx.signal.aborted) controller.abort();
  else ctx.signal.addEventListener('abort', cancel, { once: true });
  try {
    return await work(controller.signal);
  } catch (e) {
    if (isPyralogError(e) && e.code === 'BATUTA_ABORTED') {
      if (timedOut) throw timeoutError(timeoutMs);
      if (ctx.signal.aborted) throw cancelledError(ctx.signal);
    }
    throw e;
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', cancel);
  }
}

function evaluateWithTimeout(ctx: CallContext, session: BatutaSession, text: string, params: QueryParams | undefined): Promise<BatutaOutcome> {
  return withBatutaLimits(ctx, (signal) => session.evaluate(text, { ...(params !== undefined ? { params } : {}), signal }));
}

/** The tables a query reads (compiling it), its compile errors guarded for a table-limited token (compile-guard.ts). */
function tablesRead(ctx: CallContext, lang: string, text: string, params: QueryParams | undefined): readonly string[] {
  return guardCompile(ctx.services.db, ctx.token, text, () => ctx.services.runner.tablesRead(lang, text, params));
}

/** Runs a query (or a Batuta program) with the call's limits and returns the method's result. */
async function runQuery(ctx: CallContext, method: string, lang: string, text: string, params: QueryParams | undefined, format: 'json' | 'arrow'): Promise<unknown> {
  const maxRows = rowLimit(ctx.token, ctx.services.limits.maxResultRows);
  if (lang === BATUTA) {
    authorize(ctx.token, { method, unbounded: true });
    const outcome = await evaluateWithTimeout(ctx, batutaSession(ctx), text, params);
    if (outcome.kind === 'value') return { value: outcome.json, edn: outcome.edn };
    const result = outcome.result;
    if (result.numRows > maxRows) {
      throw new PyralogError('RESULT_TOO_LARGE', `the result has ${result.numRows} rows, more than the limit of ${maxRows} for this call`, { phase: 'server' });
    }
    return format === 'arrow' ? new ArrowPayload(tableToIPC(result.table(), 'stream'), result.numRows) : result.toJSON();
  }
  authorize(ctx.token, { method, readTables: tablesRead(ctx, lang, text, params) });
  const out = await ctx.services.runner.run(lang, text, {
    params,
    maxRows,
    timeoutMs: ctx.services.limits.queryTimeoutMs,
    signal: ctx.signal,
    arrow: format === 'arrow',
    text: true,
  });
  return out.kind === 'arrow' ? new ArrowPayload(out.ipc, out.rows) : out.kind === 'text' ? new RawJson(out.text) : out.json;
}

const query: MethodHandler = async (ctx, p) => runQuery(ctx, 'query', p.string('lang'), p.string('text'), paramsFromJson(p.raw('params')), p.format());

const explain: MethodHandler = async (ctx, p) => {
  const lang = p.string('lang');
  const text = p.string('text');
  const params = paramsFromJson(p.raw('params'));
  if (lang === BATUTA) {
    authorize(ctx.token, { method: 'explain', unbounded: true });
    const session = batutaSession(ctx);
    return { text: await withBatutaLimits(ctx, (signal) => session.explainAsync(text, { signal })), plan: null };
  }
  const tables = tablesRead(ctx, lang, text, params);
  authorize(ctx.token, { method: 'explain', readTables: tables });
  const e = ctx.services.db.explain(lang, text, params);
  return {
    text: e.text,
    plan: { logical: e.logical, optimized: e.optimized, physical: e.physical, trace: e.trace.map((t) => ({ rule: t.rule })), tables },
  };
};

const prepare: MethodHandler = (ctx, p) => {
  const lang = p.string('lang');
  const text = p.string('text');
  if (lang === BATUTA) throw new PyralogError('UNKNOWN_LANGUAGE', 'a Batuta program cannot be prepared; send it with query', { phase: 'server' });
  guardCompile(ctx.services.db, ctx.token, text, () => ctx.services.runner.check(lang, text));
  let tables: readonly string[] = [];
  try {
    tables = ctx.services.runner.tablesRead(lang, text);
  } catch {
    // A query with parameters cannot be planned without values: its tables are checked at execute.
  }
  authorize(ctx.token, { method: 'prepare', readTables: tables });
  return { handle: ctx.services.handles.add(owner(ctx), lang, text) };
};

const execute: MethodHandler = async (ctx, p) => {
  const entry = ctx.services.handles.get(owner(ctx), p.string('handle'));
  return runQuery(ctx, 'execute', entry.lang, entry.text, paramsFromJson(p.raw('params')), p.format());
};

const close: MethodHandler = (ctx, p) => {
  authorize(ctx.token, { method: 'close' });
  ctx.services.handles.close(owner(ctx), p.string('handle'));
  return { closed: true };
};

function wsOnly(ctx: CallContext, p: Params): void {
  if (ctx.session.transport !== 'ws' || ctx.session.notify === undefined) {
    throw new RpcError(RPC_METHOD_NOT_FOUND, `${p.method} is only available over WebSocket`);
  }
}

const subscribe: MethodHandler = async (ctx, p) => {
  wsOnly(ctx, p);
  const lang = p.string('lang');
  const text = p.string('text');
  if (lang === BATUTA) throw new PyralogError('UNKNOWN_LANGUAGE', 'subscribe takes a query in a relational language (prql, …), not a Batuta program', { phase: 'server' });
  const params = paramsFromJson(p.raw('params'));
  const tables = tablesRead(ctx, lang, text, params);
  authorize(ctx.token, { method: 'subscribe', readTables: tables });
  const first = await ctx.services.runner.run(lang, text, {
    params,
    maxRows: rowLimit(ctx.token, ctx.services.limits.maxResultRows),
    timeoutMs: ctx.services.limits.queryTimeoutMs,
    signal: ctx.signal,
  });
  const subscription = ctx.services.subscriptions.add({
    owner: owner(ctx),
    lang,
    text,
    params,
    tables,
    token: ctx.token,
    notify: ctx.session.notify as (method: string, params: unknown) => void,
    signal: ctx.session.signal,
  });
  return { subscription, result: first.kind === 'json' ? first.json : null };
};

/** `complete {lang, prefix}` → `{words}`: Batuta's forms, functions and the connection's own definitions that start with `prefix` (other languages: none). */
const complete: MethodHandler = (ctx, p) => {
  const lang = p.string('lang');
  const prefix = p.string('prefix');
  authorize(ctx.token, { method: 'complete' });
  return { words: lang === BATUTA ? [...batutaSession(ctx).completions(prefix)].sort() : [] };
};

/**
 * `cancel {id}` (WebSocket only) → `{cancelled}`: stops this connection's call
 * in flight with JSON-RPC id `id` (a query in this thread or a query worker,
 * a Batuta program), which then answers QUERY_CANCELLED; `cancelled: false`
 * when no such call is running (it had answered already). A write waiting
 * for its commit is not stopped: it commits and answers as usual.
 */
const cancel: MethodHandler = (ctx, p) => {
  wsOnly(ctx, p);
  const id = p.raw('id');
  if (id !== null && typeof id !== 'string' && typeof id !== 'number') throw new RpcError(RPC_INVALID_PARAMS, 'invalid params: cancel needs "id" as the id (string, number or null) of a call in flight');
  const call = ctx.session.calls?.get(id);
  if (call === undefined || call.signal.aborted) return { cancelled: false };
  call.abort(queryCancelled());
  return { cancelled: true };
};

const unsubscribe: MethodHandler = (ctx, p) => {
  wsOnly(ctx, p);
  ctx.services.subscriptions.remove(owner(ctx), p.string('subscription'));
  return { unsubscribed: true };
};

export const QUERY_METHODS: Readonly<Record<string, MethodHandler>> = { query, explain, prepare, execute, close, subscribe, unsubscribe, complete, cancel };
