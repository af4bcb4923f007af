/**
 * Runs queries for the server without holding its event loop. Each query
 * text is prepared once (a cache per language and text; the database's plan
 * cache beneath) and sorted by its physical plan into one of three ways:
 * - point: every table access is a lookup by full primary key — one
 *   synchronous run in this thread (one snapshot, no stream, no operator
 *   tree: a few µs), cheaper than any hand-off;
 * - small: every table access is a key lookup, a bounded key range, or a
 *   scan of a table of at most `offloadRows` rows — sent to a query worker
 *   when there is one (such a query, an aggregate over 64 keys, costs this
 *   thread 300–400 µs run here and ~40 µs handed off, and every other
 *   client waits behind it), else one synchronous run here;
 * - large, with query threads: sent to the least busy query worker, which
 *   runs it to the end under the call's deadline and row limit and returns
 *   the result's JSON text (or Arrow bytes); the event loop only waits;
 * - large, without threads (a database in memory, or `threads.queryWorkers`
 *   0): pulled batch by batch here, yielding to the event loop every few
 *   milliseconds (query-collect.ts); a blocking operator's input still runs
 *   in one slice.
 * A join whose estimated output (`rows≈` in the physical plan) passes
 * `offloadRows` is large too, whatever its tables' sizes (a cross join of
 * small tables). Every way runs under the deadline: the executor calls the
 * deadline check between batches inside joins and aggregates.
 * (The class comes from the plan alone: wall time is no guide on a shared
 * machine, where a descheduled key lookup can look slow.) Also caches the tables each plan scans (authorization,
 * subscriptions), and bounds the queries streaming here at once (each holds
 * an LMDB read transaction across its yields; LMDB has 126 reader slots).
 */
import type { Database, Params, PreparedQuery } from '../index.js';
import type { CallSignal } from './call-signal.js';
import { cancelledError, collect, runSmall, timeoutError, type Output, type RunResult } from './query-collect.js';
import type { DbThread } from './server-threads.js';

export type { RunResult } from './query-collect.js';

export interface RunOptions {
  readonly params?: Params | undefined;
  readonly maxRows: number;
  readonly timeoutMs: number;
  readonly signal?: CallSignal | undefined;
  /** Collect Arrow IPC (stream format) bytes instead of JSON rows. */
  readonly arrow?: boolean;
  /** The result's JSON text instead of the object (what a response carries; no second encoding). */
  readonly text?: boolean;
}

type Route = 'point' | 'small' | 'large';

interface Entry {
  readonly prepared: PreparedQuery;
  tables: readonly string[] | undefined;
  route: Route | undefined;
}

/** Time a query may run in this thread before it yields to other work (ms). */
const SLICE_MS = 4;
const CACHE_SIZE = 512;
/** Queries streaming in this thread at once; later ones wait their turn, their deadline running. */
const MAX_RUNNING = 8;

/** Point, small or large, from the physical plan's table accesses (see the file comment). */
export function routeOf(physical: string, offloadRows: number): Route {
  let route: Route = 'point';
  let scans = 0;
  for (const m of physical.matchAll(/Scan: \S+[^\n]*?\[(point_get|key_range|full_scan)([^\]]*)\][^\n]*?rows≈(\d+)/g)) {
    const access = m[1];
    const bounds = m[2] ?? '';
    const rows = Number(m[3]);
    scans++;
    if (access === 'point_get') continue;
    route = 'small';
    if (access === 'key_range' && /[>≥]/.test(bounds) && /[<≤]/.test(bounds)) continue;
    if (rows <= offloadRows) continue;
    return 'large';
  }
  // A join of small tables can still produce (and a parent consume) far more rows: count its estimate too.
  for (const m of physical.matchAll(/^\s*Join [^\n]*?rows≈(\d+)/gm)) if (Number(m[1]) > offloadRows) return 'large';
  return scans === 0 ? 'small' : route;
}

export interface RunnerThreads {
  readonly readers: readonly DbThread[];
  /** Table size above which a scan (not a key lookup) counts as large. */
  readonly offloadRows: number;
}

export class QueryRunner {
  private readonly cache = new Map<string, Entry>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** Queries run so far by way: in this thread at once, in a query worker, streamed here with yields. */
  readonly routes = { small: 0, worker: 0, streamed: 0 };

  constructor(
    private readonly db: Database,
    private readonly threads: RunnerThreads = { readers: [], offloadRows: 4096 },
  ) {}

  private async acquire(deadline: number, timeoutMs: number): Promise<void> {
    if (this.running < MAX_RUNNING) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    // release() handed its slot over: running is unchanged.
    if (Date.now() > deadline) {
      this.release();
      throw timeoutError(timeoutMs);
    }
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next !== undefined) next();
    else this.running--;
  }

  private entry(lang: string, text: string): Entry {
    const key = `${lang}\u0000${text}`;
    let e = this.cache.get(key);
    if (e !== undefined) {
      this.cache.delete(key);
      this.cache.set(key, e);
      return e;
    }
    e = { prepared: this.db.prepare(lang, text), tables: undefined, route: undefined };
    this.cache.set(key, e);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    return e;
  }

  /** Compiles now (errors with line and column), for `prepare`. */
  check(lang: string, text: string): void {
    this.entry(lang, text);
  }

  private explain(e: Entry, params: Params | undefined): void {
    const plan = e.prepared.explain(params);
    e.tables = [...new Set([...plan.optimized.matchAll(/^\s*Scan: (\S+)/gm)].map((m) => m[1] as string))];
    e.route ??= routeOf(plan.physical, this.threads.offloadRows);
  }

  /** The tables the query's optimized plan scans. */
  tablesRead(lang: string, text: string, params?: Params): readonly string[] {
    const e = this.entry(lang, text);
    if (e.tables === undefined) this.explain(e, params);
    return e.tables as readonly string[];
  }

  /** Forgets cached plans and table lists (after DDL, so a re-created table is read afresh). */
  clear(): void {
    this.cache.clear();
  }

  async run(lang: string, text: string, options: RunOptions): Promise<RunResult> {
    const deadline = Date.now() + options.timeoutMs;
    const e = this.entry(lang, text);
    if (e.route === undefined) this.explain(e, options.params);
    const output: Output = options.arrow === true ? 'arrow' : options.text === true ? 'text' : 'json';
    const collectOptions = { params: options.params, maxRows: options.maxRows, deadline, timeoutMs: options.timeoutMs, signal: options.signal, output };
    const reader = e.route === 'point' ? undefined : this.leastBusy();
    if (e.route === 'point' || (e.route === 'small' && reader === undefined)) {
      this.routes.small++;
      return runSmall(e.prepared, collectOptions);
    }
    if (reader !== undefined) {
      this.routes.worker++;
      return reader.request<RunResult>(
        { t: 'query', lang, text, params: options.params, maxRows: options.maxRows, deadline, timeoutMs: options.timeoutMs, output, small: e.route === 'small' },
        options.timeoutMs,
        options.signal,
        cancelledError,
      );
    }
    this.routes.streamed++;
    await this.acquire(deadline, options.timeoutMs);
    try {
      return await collect(e.prepared, { ...collectOptions, sliceMs: SLICE_MS });
    } finally {
      this.release();
    }
  }

  private leastBusy(): DbThread | undefined {
    let best: DbThread | undefined;
    for (const r of this.threads.readers) if (best === undefined || r.load < best.load) best = r;
    return best;
  }
}
