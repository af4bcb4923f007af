/**
 * The scan path end to end: a stored 10M-row table (id int64 key, k int64
 * with 1,000 values, q int64 0..99, v float64), flushed to segments in LMDB
 * on disk, queried through `db.query('prql', …)` — what a user runs — beside
 * DuckDB on identical data (same formulas) with the same number of threads:
 * Pyralog on one thread (workers: 1, the morsel kernels on the calling
 * thread; the serial operators, workers: 0, in the note) vs DuckDB 1 thread,
 * Pyralog with N threads vs DuckDB N threads (N = max(2, os.availableParallelism())). Wall ms, tinybench medians, warm
 * cache (the scans' columns fit the blob cache and the column heap).
 * `SCAN_PROFILE_ROWS` sets the row count; run directly with `--only=sum`
 * (or `group`, `topk`), `--loop=N`, `--workers=1,2` (thread counts taking
 * turns query by query, each reported with its median, minimum and CPU of
 * all threads per query), `--dir=PATH` (kept, reused) and `--profile=FILE`
 * it repeats one query after a warm-up and writes a CPU profile of the loop.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Float64, Int64, makeData, makeVector, RecordBatch, type Vector } from 'apache-arrow';
import { DuckDBInstance } from '@duckdb/node-api';
import { Database } from '../src/engine/database.js';
import { configureParallelism, parallelStats } from '../src/engine/parallel/worker-pool.js';
import { measureAll, QUICK } from './lib/harness.js';
import type { BenchResult } from './lib/types.js';

const SUITE = 'scan-profile';
const ROWS = Number(process.env['SCAN_PROFILE_ROWS'] ?? (QUICK ? 1_000_000 : 10_000_000));

// The data, as formulas both engines evaluate identically (the seeds are the multipliers).
const K = (i: number): number => (i * 7919) % 1000;
const Q = (i: number): number => (i * 31) % 100;
const V = (i: number): number => ((i * 104729) % 10007) / 10007;
const SQL = `SELECT i::BIGINT AS id, ((i * 7919) % 1000)::BIGINT AS k, ((i * 31) % 100)::BIGINT AS q, ((i * 104729) % 10007) / 10007.0 AS v FROM range(${ROWS}) r(i)`;

export const QUERIES = {
  sum: { prql: 'from f | aggregate {s = sum v}', sql: 'SELECT sum(v) AS s FROM f' },
  group: {
    prql: 'from f | filter q < 50 | group {k} (aggregate {s = sum v, a = average v, n = count this}) | sort k',
    sql: 'SELECT k, sum(v) AS s, avg(v) AS a, count(*) AS n FROM f WHERE q < 50 GROUP BY k ORDER BY k',
  },
  topk: { prql: 'from f | sort {-v, id} | take 10', sql: 'SELECT * FROM f ORDER BY v DESC, id LIMIT 10' },
} as const;

const vec = (d: unknown): Vector => makeVector(d as never);

/** A database in `dir` holding table f of `rows` rows, appended in 1M-row batches, flushed and compacted. */
export function buildTable(dir: string, rows: number): Database {
  const db = Database.open(dir, { cacheBytes: 1024 * 1024 * 1024 });
  db.createTable(
    'f',
    [
      { name: 'id', type: 'int64', nullable: false },
      { name: 'k', type: 'int64', nullable: false },
      { name: 'q', type: 'int64', nullable: false },
      { name: 'v', type: 'float64', nullable: false },
    ],
    ['id'],
  );
  const chunk = 1_000_000;
  for (let first = 0; first < rows; first += chunk) {
    const n = Math.min(chunk, rows - first);
    const id = new BigInt64Array(n);
    const k = new BigInt64Array(n);
    const q = new BigInt64Array(n);
    const v = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const i = first + j;
      id[j] = BigInt(i);
      k[j] = BigInt(K(i));
      q[j] = BigInt(Q(i));
      v[j] = V(i);
    }
    const batch = new RecordBatch({
      id: vec(makeData({ type: new Int64(), length: n, nullCount: 0, data: id })),
      k: vec(makeData({ type: new Int64(), length: n, nullCount: 0, data: k })),
      q: vec(makeData({ type: new Int64(), length: n, nullCount: 0, data: q })),
      v: vec(makeData({ type: new Float64(), length: n, nullCount: 0, data: v })),
    } as never) as RecordBatch;
    db.transaction((tx) => tx.table('f').appendBatch(batch));
  }
  db.flush('f');
  db.compact('f');
  return db;
}

function rssMb(): number {
  return process.memoryUsage().rss / 2 ** 20;
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pyralog-bench-scan-'));
  const cores = Math.max(2, availableParallelism());
  const results: BenchResult[] = [];
  const duck1 = await DuckDBInstance.create(':memory:', { threads: '1' });
  const duckN = await DuckDBInstance.create(':memory:', { threads: String(cores) });
  try {
    const db = buildTable(dir, ROWS);
    const d1 = await duck1.connect();
    const dN = await duckN.connect();
    await d1.run(`CREATE TABLE f AS ${SQL}`);
    await dN.run(`CREATE TABLE f AS ${SQL}`);
    for (const [key, q] of Object.entries(QUERIES)) {
      const ours = (workers: number) => async (): Promise<void> => {
        configureParallelism({ workers });
        await db.query('prql', q.prql);
      };
      // Same answers first (sums compared to 1e-9 relative: the engines add in different orders).
      configureParallelism({ workers: 0 });
      const classicRows = (await db.query('prql', q.prql)).rows();
      configureParallelism({ workers: 1 });
      const serialRows = (await db.query('prql', q.prql)).rows();
      configureParallelism({ workers: cores });
      const parallelRows = (await db.query('prql', q.prql)).rows();
      const duckRows = (await d1.runAndReadAll(q.sql)).getRowObjectsJson();
      if (classicRows.length !== duckRows.length || serialRows.length !== duckRows.length || parallelRows.length !== duckRows.length) {
        throw new Error(`${key}: row counts differ (serial ${serialRows.length}, parallel ${parallelRows.length}, duckdb ${duckRows.length})`);
      }
      const s0 = Number(Object.values(serialRows[0] as object)[key === 'sum' ? 0 : 1]);
      const p0 = Number(Object.values(parallelRows[0] as object)[key === 'sum' ? 0 : 1]);
      const d0 = Number(Object.values(duckRows[0] as object)[key === 'sum' ? 0 : 1]);
      if (Math.abs(s0 - d0) > 1e-9 * Math.abs(d0) || Math.abs(p0 - d0) > 1e-9 * Math.abs(d0)) throw new Error(`${key}: sums differ: ${s0} / ${p0} vs ${d0}`);

      const rss0 = rssMb();
      const stats = await measureAll(
        {
          classic: ours(0),
          serial: ours(1),
          parallel: ours(cores),
          duck1: async () => void (await d1.runAndReadAll(q.sql)),
          duckN: async () => void (await dN.runAndReadAll(q.sql)),
        },
        { iterations: 10, time: 500 },
      );
      const rss = rssMb();
      const c = stats['classic']!;
      const s = stats['serial']!;
      const p = stats['parallel']!;
      const a = stats['duck1']!;
      const b = stats['duckN']!;
      results.push(
        { suite: SUITE, name: `${q.prql} — 1 thread (${ROWS / 1e6}M stored rows)`, value: s.median, unit: 'ms', stats: s, compare: { name: 'DuckDB 1 thread', value: a.median, unit: 'ms', stats: a }, note: `${(s.median / a.median).toFixed(2)}x DuckDB; serial operators (workers 0) ${c.median.toFixed(1)} ms; rss ${rss0.toFixed(0)}→${rss.toFixed(0)} MiB` },
        { suite: SUITE, name: `${q.prql} — ${cores} threads (${ROWS / 1e6}M stored rows)`, value: p.median, unit: 'ms', stats: p, compare: { name: `DuckDB ${cores} threads`, value: b.median, unit: 'ms', stats: b }, note: `${(p.median / b.median).toFixed(2)}x DuckDB; ${(s.median / p.median).toFixed(2)}x our serial` },
      );
    }
    d1.closeSync();
    dN.closeSync();
    db.close();
  } finally {
    configureParallelism({ workers: availableParallelism() });
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

/**
 * On-CPU nanoseconds of each thread of this process (Linux schedstat; empty
 * elsewhere): the calling thread is the one whose id is the pid.
 */
function threadCpuNs(): Map<number, number> {
  const out = new Map<number, number>();
  try {
    for (const tid of readdirSync('/proc/self/task')) out.set(Number(tid), Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]));
  } catch {
    // not Linux: no per-thread figures
  }
  return out;
}

/**
 * Repeats one query `loops` times for each thread count in `workers` (for a
 * CPU profile of the query alone): the counts take turns query by query
 * (the order rotating), so on a shared machine they see the same load.
 */
async function profileLoop(only: keyof typeof QUERIES, loops: number, workers: readonly number[], keep: string | undefined, profileOut: string | undefined): Promise<void> {
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'pyralog-bench-scan-'));
  try {
    const db = keep !== undefined && existsSync(join(keep, 'data.mdb')) ? Database.open(keep, process.env['SCAN_PROFILE_DEFAULT_CACHE'] === '1' ? {} : { cacheBytes: 1024 * 1024 * 1024 }) : buildTable(dir, ROWS);
    for (const w of workers) {
      configureParallelism({ workers: w });
      for (let r = 0; r < 3; r++) await db.query('prql', QUERIES[only].prql); // warm: cache, JIT, pool
    }
    const session = new Session();
    const post = (method: string, params?: object): Promise<unknown> =>
      new Promise((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
    if (profileOut !== undefined) {
      session.connect();
      await post('Profiler.enable');
      await post('Profiler.start');
    }
    const times = workers.map((): number[] => []);
    const cpus = workers.map(() => 0);
    // per query: the calling thread's CPU, and the busiest of the other threads (on free cores, about the wall time)
    const callerCpu = workers.map(() => 0);
    const otherCpu = workers.map(() => 0);
    for (let r = 0; r < loops; r++) {
      for (let j = 0; j < workers.length; j++) {
        const i = (j + r) % workers.length;
        configureParallelism({ workers: workers[i]! });
        const c0 = process.cpuUsage();
        const th0 = threadCpuNs();
        const t0 = performance.now();
        await db.query('prql', QUERIES[only].prql);
        times[i]!.push(performance.now() - t0);
        let busiest = 0;
        for (const [tid, ns] of threadCpuNs()) {
          const d = (ns - (th0.get(tid) ?? 0)) / 1e6;
          if (tid === process.pid) callerCpu[i]! += d;
          else busiest = Math.max(busiest, d);
        }
        otherCpu[i]! += busiest;
        // CPU of every thread of the process: on a shared machine it says what wall time cannot (the parallel overhead).
        const c = process.cpuUsage(c0);
        cpus[i]! += (c.user + c.system) / 1000;
      }
    }
    if (profileOut !== undefined) {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      writeFileSync(profileOut, JSON.stringify(profile));
      session.disconnect();
    }
    const ranges = parallelStats();
    workers.forEach((w, i) => {
      const t = times[i]!.sort((x, y) => x - y);
      console.log(`${only}: workers ${w}: median ${t[t.length >> 1]!.toFixed(1)} ms, min ${t[0]!.toFixed(1)} ms, cpu ${(cpus[i]! / loops).toFixed(1)} ms/query (calling thread ${(callerCpu[i]! / loops).toFixed(1)}, busiest other thread ${(otherCpu[i]! / loops).toFixed(1)}) over ${loops} runs`);
    });
    console.log(`  (ranges by caller ${ranges.rangesByCaller}, by workers ${ranges.rangesByWorkers})`);
    db.close();
  } finally {
    if (keep === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const only = arg('only') as keyof typeof QUERIES | undefined;
  if (only !== undefined) await profileLoop(only, Number(arg('loop') ?? 20), (arg('workers') ?? '1').split(',').map(Number), arg('dir'), arg('profile'));
  else for (const r of await run()) console.log(`${r.name.padEnd(100)} ${r.value.toFixed(1).padStart(8)} ${r.unit}  ${r.compare ? `${r.compare.name}: ${r.compare.value.toFixed(1)} ${r.compare.unit}` : ''}  ${r.note ?? ''}`);
}
