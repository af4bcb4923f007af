/**
 * Analytics end to end (issue #12's table): the same four queries through
 * Pyralog's public `db.query('prql', …)` on a STORED table (LMDB on disk,
 * flushed to segments and compacted) with 1 and with all threads, beside
 * DuckDB in memory with the same thread count (SET threads), and SQLite (better-sqlite3) on its file — same
 * seeded data, same run — at 1M and 10M rows (quick: 200k). Each engine's
 * answers are checked against the others before timing. Then the peak RSS of
 * every (engine, query) in a fresh child process (bench/lib/peak-rss.ts says
 * how and why that is honest).
 * Environment: PYRALOG_BENCH_SEED (default 1), PYRALOG_BENCH_ANALYTICS_ROWS
 * (comma-separated sizes), PYRALOG_BENCH_ANALYTICS_QUERIES (comma-separated
 * query keys, e.g. `point`; default all), PYRALOG_BENCH_REBUILD=1 (rebuild the cache).
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { measure, perOp, QUICK, type MeasureOptions, type Stats } from './lib/harness.js';
import { cachedData, type CachedData } from './lib/analytics-data.js';
import { openDuckdb, openPyralog, openSqlite, QUERIES, type AnalyticQuery, type Engine, type EngineKind } from './lib/analytics-engines.js';
import { measurePeakRss, type PeakRss } from './lib/peak-rss.js';
import { fromStats, MS, US } from './lib/result.js';
import type { BenchResult } from './lib/types.js';

const SUITE = 'analytics';

const sizeLabel = (rows: number): string => (rows >= 1e6 ? `${rows / 1e6}M` : `${rows / 1e3}k`);

function sizes(): number[] {
  const env = process.env['PYRALOG_BENCH_ANALYTICS_ROWS'];
  if (env !== undefined && env !== '') return env.split(',').map(Number);
  return QUICK ? [200_000] : [1_000_000, 10_000_000];
}

/** The queries to run: PYRALOG_BENCH_ANALYTICS_QUERIES (keys, comma-separated) or all. */
function selectedQueries(): readonly AnalyticQuery[] {
  const env = process.env['PYRALOG_BENCH_ANALYTICS_QUERIES'];
  if (env === undefined || env === '') return QUERIES;
  const keys = env.split(',').map((k) => k.trim());
  const chosen = QUERIES.filter((q) => keys.includes(q.key));
  if (chosen.length === 0) throw new Error(`PYRALOG_BENCH_ANALYTICS_QUERIES=${env}: no such query (known: ${QUERIES.map((q) => q.key).join(', ')})`);
  return chosen;
}

const num = (x: unknown): number => Number(x);

/** Throws when two engines' answers to `q` differ (floats within 1e-9 relative: summation order differs). */
function checkSame(q: AnalyticQuery, a: { label: string; rows: unknown[][] }, b: { label: string; rows: unknown[][] }): void {
  const fail = (why: string): never => {
    throw new Error(`analytics ${q.key}: ${a.label} and ${b.label} disagree (${why})`);
  };
  if (a.rows.length !== b.rows.length) fail(`${a.rows.length} vs ${b.rows.length} rows`);
  a.rows.forEach((ra, i) => {
    const rb = b.rows[i] ?? [];
    if (ra.length !== rb.length) fail(`row ${i} width`);
    ra.forEach((x, j) => {
      const y = rb[j];
      const d = Math.abs(num(x) - num(y));
      if (!(d <= 1e-9 * Math.max(1, Math.abs(num(x))))) fail(`row ${i} column ${j}: ${String(x)} vs ${String(y)}`);
    });
  });
}

/**
 * Samples per (engine, query). Pyralog and DuckDB get the same: 5 warm-up runs,
 * then 12 timed ones at 10M rows (10, or 200 ms, below). With one warm-up the first runs after a
 * thread-count switch (worker threads' JIT, kernel instances) were timed: a
 * 2-thread sum measured 13 ms where the warm query takes 5.
 */
function options(kind: EngineKind, rows: number): MeasureOptions {
  if (rows >= 5_000_000) return kind === 'sqlite' ? { iterations: 3, time: 0 } : { iterations: 12, time: 0, warmup: 5 };
  return kind === 'sqlite' ? { iterations: 5, time: 0 } : { iterations: 10, time: 200, warmup: 5 };
}

async function time(engine: Engine, kind: EngineKind, q: AnalyticQuery, rows: number): Promise<Stats> {
  let call = 0;
  // An async function: tinybench then skips its untimed probe call (a whole extra query on SQLite at 10M rows).
  const s = await measure(async () => void (await engine.run(q, call++)), options(kind, rows));
  return q.perCall === 1 ? s : perOp(s, q.perCall);
}

interface Config {
  readonly label: string;
  readonly kind: EngineKind;
  readonly threads: number;
}

export async function run(): Promise<BenchResult[]> {
  const seed = Number(process.env['PYRALOG_BENCH_SEED'] ?? 1);
  const all = availableParallelism();
  const log = (l: string): void => void process.stderr.write(`${l}\n`);
  const results: BenchResult[] = [];
  for (const rows of sizes()) {
    const data: CachedData = cachedData(seed, rows, log);
    const size = sizeLabel(rows);
    const built = data.buildSeconds > 1 ? `; cache built in ${data.buildSeconds.toFixed(0)} s` : '';
    const pyralog = await openPyralog(data, 1);
    const duck = await openDuckdb(data, 1);
    const sqlite = await openSqlite(data);
    // Same number of threads on both sides: Pyralog 1 vs DuckDB 1 and SQLite, Pyralog all vs DuckDB all.
    const configs: Config[] = [
      { label: 'DuckDB 1 thread', kind: 'duckdb', threads: 1 },
      { label: `DuckDB ${all} threads`, kind: 'duckdb', threads: all },
      { label: 'SQLite', kind: 'sqlite', threads: 1 },
    ];
    try {
      // Every answer checked against DuckDB's before timing, Pyralog at each thread count (its parallel path too).
      for (const q of selectedQueries()) {
        const reference = { label: 'DuckDB', rows: await duck.run(q, 0) };
        checkSame(q, { label: 'SQLite', rows: await sqlite.run(q, 0) }, reference);
        for (const n of new Set([1, all])) {
          await pyralog.setThreads(n);
          checkSame(q, { label: `Pyralog (${n} thread${n === 1 ? '' : 's'})`, rows: await pyralog.run(q, 0) }, reference);
        }
      }
      for (const q of selectedQueries()) {
        const unit = q.key === 'point' ? US : MS;
        const per = q.key === 'point' ? ' per lookup' : '';
        const mine = new Map<number, Stats>();
        for (const n of new Set([1, all])) {
          await pyralog.setThreads(n);
          mine.set(n, await time(pyralog, 'pyralog', q, rows));
        }
        for (const c of configs) {
          if (c.kind === 'duckdb') await duck.setThreads(c.threads);
          const s = await time(c.kind === 'duckdb' ? duck : sqlite, c.kind, q, rows);
          const threads = `${c.threads} thread${c.threads === 1 ? '' : 's'}`;
          results.push({
            ...fromStats(SUITE, `${q.key}, ${size} rows, ${threads} (vs ${c.label})`, mine.get(c.threads)!, unit, {
              compare: { name: c.label, stats: s },
              note: `${q.prql}${per}; Pyralog with ${threads}, stored table${built}`,
            }),
            query: `${q.key}, ${size} rows, ${threads}${per}`,
          });
        }
      }
    } finally {
      await pyralog.close();
      await duck.close();
      await sqlite.close();
    }
    results.push(...peakRssResults(data, size, configs, log));
  }
  return results;
}

/** Peak RSS of every (engine, query) in a fresh child; one result per comparison. */
function peakRssResults(data: CachedData, size: string, configs: readonly Config[], log: (l: string) => void): BenchResult[] {
  const out: BenchResult[] = [];
  const mb = (kb: number): number => kb / 1024;
  const scannedMb = (data.rows * 8 * 3) / 2 ** 20; // k, q, v: the columns the group-by reads
  // Anonymous memory is what a query needs; file-backed pages (LMDB's mmap) are page cache the kernel can drop.
  const kinds = (r: PeakRss, who: string): string =>
    r.peak === undefined
      ? `${who}: no RSS split (no /proc)`
      : `${who}: anon ${mb(r.before.anonKb).toFixed(0)}→${mb(r.peak.anonKb).toFixed(0)} MB (+${mb(r.peak.anonKb - r.before.anonKb).toFixed(0)}), file-backed ${mb(r.before.fileKb).toFixed(0)}→${mb(r.peak.fileKb).toFixed(0)} MB (+${mb(r.peak.fileKb - r.before.fileKb).toFixed(0)})${r.peak.shmemKb > 0 ? `, shmem peak ${mb(r.peak.shmemKb).toFixed(0)} MB` : ''}`;
  for (const q of selectedQueries()) {
    // A child that fails costs its own result only (the timings above are kept), and says why.
    const child = (kind: EngineKind, threads: number): PeakRss | undefined => {
      try {
        return measurePeakRss({ ...data, engine: kind, threads, query: q.key });
      } catch (e) {
        log(`[bench] analytics: peak RSS of ${kind} (${threads} threads) on ${q.key} not measured: ${(e as Error).message.slice(0, 500)}`);
        return undefined;
      }
    };
    const pyralog = new Map<number, PeakRss | undefined>();
    for (const c of configs) {
      const mine = pyralog.has(c.threads) ? pyralog.get(c.threads) : child('pyralog', c.threads);
      pyralog.set(c.threads, mine);
      const other = child(c.kind, c.threads);
      if (mine === undefined || other === undefined) continue;
      const threads = `${c.threads} thread${c.threads === 1 ? '' : 's'}`;
      out.push({
        suite: SUITE,
        name: `${q.key}, ${size} rows, ${threads}: peak RSS (vs ${c.label})`,
        query: `${q.key}, ${size} rows, ${threads}: peak RSS`,
        value: mb(mine.peakKb),
        unit: 'MB',
        compare: { name: c.label, value: mb(other.peakKb), unit: 'MB' },
        note: `fresh process per query, ${mine.method}; before the query ${mb(mine.beforeKb).toFixed(0)} MB (theirs ${mb(other.beforeKb).toFixed(0)} MB), query added ${mb(mine.peakKb - mine.beforeKb).toFixed(0)} MB (theirs ${mb(other.peakKb - other.beforeKb).toFixed(0)} MB); ${kinds(mine, 'ours')}; ${kinds(other, 'theirs')}; k,q,v columns are ${scannedMb.toFixed(0)} MB`,
      });
    }
  }
  return out;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { printResults } = await import('./run.js');
  console.log(printResults(await run()));
}
