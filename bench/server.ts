/**
 * bench/server: the JSON-RPC server under mixed load, loopback only and
 * bounded in count and time. The server runs in this process (a real
 * `startServer` over a fresh LMDB database, with its writer and query
 * threads); the load comes from a separate child process
 * (bench/lib/server-load.ts), so the clients never take the server's event
 * loop: many concurrent WebSocket and HTTP clients (pyralog/client) send,
 * open-loop at a target rate, point queries (80 %), small aggregates over a
 * key range of 64 rows (10 %) and single-row upserts (10 %). Reported:
 * throughput, p50/p99 per kind, CPU time per call (the server's main thread,
 * the whole server process, the load generator) over the measured window
 * (after a warm-up), the same three operations through the embedded API
 * (tinybench, same run) as the server's overhead ratio, the highest rate
 * whose point p99 meets the 5 ms goal (a bisection of short runs), and how
 * responsive the server stays while another client runs long queries (a
 * grouped aggregate over the whole table): point-query latency and the
 * server's event-loop delay, with the query worker and without it
 * (cooperative yielding only).
 *
 * Environment: BENCH_SERVER_RATE (requests/s, default 5000),
 * BENCH_SERVER_SECONDS (default 5, at most 30), BENCH_SERVER_WARMUP (s,
 * default 2), BENCH_SERVER_WS / BENCH_SERVER_HTTP (clients, default 16 / 8),
 * BENCH_SERVER_STEPS (runs of the step search, default 5; 0 skips it),
 * BENCH_SERVER_LONG=0 (skips the long-query runs), BENCH_SERVER_FLOOR=0 (skips the floor: the same load against a bare JSON-RPC responder with no database, lib/bare-server.ts), BENCH_SERVER_MIX (shares of point, aggregate, write; default 80,10,10), BENCH_SERVER_LOAD_FLAGS (node flags for the load generator, e.g. --trace-gc). `npm run bench server`,
 * or alone: `node dist/bench/server.js` (`node --cpu-prof` profiles the
 * server and the load generator both).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { open, type Database } from '../src/index.js';
import { startServer, type PyralogServer } from '../src/server/rpc-server.js';
import { serverConfig } from '../src/server/server-config.js';
import { startBareServer } from './lib/bare-server.js';
import { measureAll, QUICK, statsOf } from './lib/harness.js';
import { AGG, GROUPS, KINDS, POINT, ROWS, SPAN, pct, type Kind, type LoadMessage, type LoadOptions, type LoadReport } from './lib/server-load.js';
import type { BenchResult } from './lib/types.js';

const SUITE = 'server';
const GOAL_MS = 5;

/** What the bench reads of the server's /health. */
interface Health {
  readonly writes: { readonly groups: number; readonly operations: number };
  readonly queries: { readonly small: number; readonly worker: number; readonly streamed: number };
}

/** The server's side of a measured window (filled when the child says it starts and ends). */
interface Window {
  cpuMain: number;
  cpuAll: number;
  loop: IntervalHistogram | undefined;
  /** Per thread over the window (Linux): CPU and time runnable but waiting for a core, in µs. */
  threads: ThreadTime[];
}

interface ThreadTime {
  readonly who: string;
  readonly cpu: number;
  readonly wait: number;
}

/** CPU time and run-queue wait (µs) of every thread of a process so far, from /proc/PID/task/TID/schedstat (Linux); empty elsewhere. */
function schedTimes(pid: number | 'self'): Map<string, { cpu: number; wait: number }> {
  const out = new Map<string, { cpu: number; wait: number }>();
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const [cpu, wait] = fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
      const comm = fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      out.set(`${pid === 'self' ? 'server' : 'load'}:${tid}:${comm}`, { cpu: (cpu ?? 0) / 1000, wait: (wait ?? 0) / 1000 });
    }
  } catch {
    // not Linux, or the thread ended: what was read stands
  }
  return out;
}

function schedDelta(a: Map<string, { cpu: number; wait: number }>, b: Map<string, { cpu: number; wait: number }>): ThreadTime[] {
  const out: ThreadTime[] = [];
  for (const [who, t] of b) {
    const t0 = a.get(who) ?? { cpu: 0, wait: 0 };
    out.push({ who, cpu: t.cpu - t0.cpu, wait: t.wait - t0.wait });
  }
  return out.sort((x, y) => y.cpu - x.cpu);
}

const LOAD_CHILD = new URL('./lib/server-load.js', import.meta.url);

/**
 * Runs the load generator in a child process; bounded by a kill timer. The
 * child announces its measured window over IPC (mixed mode), and `window`
 * gets this process's CPU time and event-loop delay over it.
 */
function runLoad(o: LoadOptions, window?: Window): Promise<LoadReport> {
  return new Promise((resolve, reject) => {
    // The child gets this process's --cpu-prof flags too (so `node --cpu-prof` profiles both sides).
    const flags = [...process.execArgv.filter((a) => a.startsWith('--cpu-prof')), ...(process.env['BENCH_SERVER_LOAD_FLAGS'] ?? '').split(' ').filter((f) => f !== '')];
    const child = spawn(process.execPath, [...flags, fileURLToPath(LOAD_CHILD), JSON.stringify(o)], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    const bound = o.mode === 'steps' ? o.probes * (o.seconds + 23) + 2 : o.mode === 'mixed' ? o.seconds + o.warmupSeconds + 20 : o.seconds;
    const kill = setTimeout(() => child.kill('SIGKILL'), (bound + 60) * 1000);
    let out = '';
    let main0 = 0;
    let all0 = 0;
    let sched0 = new Map<string, { cpu: number; wait: number }>();
    const both = (): Map<string, { cpu: number; wait: number }> => new Map([...schedTimes('self'), ...(child.pid === undefined ? [] : schedTimes(child.pid))]);
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.on('message', (m: LoadMessage) => {
      if (window === undefined) return;
      if (m.phase === 'measure') {
        main0 = mainThreadCpuMicros();
        all0 = processCpuMicros();
        sched0 = both();
        window.loop = monitorEventLoopDelay({ resolution: 1 });
        window.loop.enable();
      } else {
        window.cpuMain = mainThreadCpuMicros() - main0;
        window.cpuAll = processCpuMicros() - all0;
        window.threads = schedDelta(sched0, both());
        window.loop?.disable();
      }
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(kill);
      if (code !== 0) return reject(new Error(`the load generator exited with ${code}`));
      resolve(JSON.parse(out) as LoadReport);
    });
  });
}

/** CPU time (µs) of this process's main thread so far, from /proc (Linux); NaN elsewhere. */
function mainThreadCpuMicros(): number {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the command), in clock ticks (100 Hz on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return Number.NaN;
  }
}

function processCpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

function seedDb(dir: string): Database {
  const db = open(dir);
  db.createTable('points', [
    { name: 'id', type: 'int64' },
    { name: 'name', type: 'utf8' },
    { name: 'grp', type: 'int64' },
    { name: 'v', type: 'float64' },
  ], ['id']);
  db.table('points').insert(Array.from({ length: ROWS }, (_, i) => ({ id: BigInt(i), name: `n${i}`, grp: BigInt(i % GROUPS), v: i / 3 })));
  db.flush();
  return db;
}

const randomId = (): number => Math.floor(Math.random() * ROWS);

/** The same three operations through the embedded API, measured with tinybench. */
async function embedded(db: Database): Promise<Record<Kind, ReturnType<typeof statsOf>>> {
  const point = db.prepare('prql', POINT, [1n]);
  const agg = db.prepare('prql', AGG, [1n, 2n]);
  const table = db.table('points');
  const stats = await measureAll(
    {
      point: () => point.runSync([BigInt(randomId())]).toJSON(),
      aggregate: () => {
        const lo = BigInt(Math.min(randomId(), ROWS - SPAN));
        return agg.runSync([lo, lo + BigInt(SPAN)]).toJSON();
      },
      write: () => {
        const id = randomId();
        return table.upsert([{ id: BigInt(id), name: `n${id}`, grp: BigInt(id % GROUPS), v: Math.random() }]);
      },
    },
    { time: QUICK ? 20 : 500 },
  );
  return { point: stats['point']!, aggregate: stats['aggregate']!, write: stats['write']! };
}

async function serve(db: Database, queryWorkers: number): Promise<PyralogServer> {
  // What `pyralog serve` runs with (bin/pyralog.js; docs/server.md, "Latency and GC"); set after the embedded runs.
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
  return startServer({
    db,
    config: serverConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent', 'threads.queryWorkers': queryWorkers }),
    logger: pino({ level: 'silent' }),
  });
}

/** Long queries on one client, point queries on another: point latency and the server's event-loop delay. */
async function responsiveness(db: Database, queryWorkers: number, seconds: number): Promise<BenchResult[]> {
  const server = await serve(db, queryWorkers);
  const loop = monitorEventLoopDelay({ resolution: 1 });
  try {
    loop.enable();
    const r = await runLoad({ mode: 'long', url: `127.0.0.1:${server.port}`, seconds });
    loop.disable();
    const tag = queryWorkers > 0 ? 'query worker' : 'no worker: yields between batches';
    const p = [...r.latencies.point].sort((a, b) => a - b);
    const l = [...r.latencies.long].sort((a, b) => a - b);
    return [
      { suite: SUITE, name: `point p99 while long queries run (${tag})`, value: pct(p, 99), unit: 'ms', note: `${p.length} points, ${l.length} long queries (p50 ${pct(l, 50).toFixed(1)} ms), ${r.errors} errors` },
      { suite: SUITE, name: `event-loop delay max while long queries run (${tag})`, value: loop.max / 1e6, unit: 'ms', note: `p99 ${(loop.percentile(99) / 1e6).toFixed(2)} ms` },
    ];
  } finally {
    await server.close();
  }
}

/** The highest rate whose point p99 stays under the goal: a few short runs chosen by bisection over one server. */
async function stepSearch(db: Database, high: number, seconds: number, ws: number, http: number): Promise<BenchResult[]> {
  const server = await serve(db, 1);
  try {
    const probes = Number(process.env['BENCH_SERVER_STEPS'] ?? 5);
    const r = await runLoad({ mode: 'steps', url: `127.0.0.1:${server.port}`, low: Math.max(100, Math.round(high / 10)), high, probes, seconds, goalMs: GOAL_MS, ws, http });
    const steps = r.steps ?? [];
    const met = steps.filter((s) => s.errors === 0 && s.pointP99 < GOAL_MS && s.throughput >= 0.95 * s.rate);
    const best = met.reduce((b, s) => Math.max(b, s.rate), 0);
    return [
      {
        suite: SUITE,
        name: `highest rate with point p99 < ${GOAL_MS} ms (mixed load, step search)`,
        value: best,
        unit: 'req/s',
        compare: { name: 'target', value: high, unit: 'req/s' },
        note: steps.map((s) => `${s.rate}/s: ${s.throughput.toFixed(0)}/s done, point p99 ${s.pointP99.toFixed(1)} ms${s.errors > 0 ? `, ${s.errors} errors` : ''}`).join('; '),
      },
    ];
  } finally {
    await server.close();
  }
}

/**
 * The same mixed load against a bare JSON-RPC responder (lib/bare-server.ts:
 * the same HTTP and WebSocket libraries and sockets, no database): what the
 * machine's sockets, the protocol layers and the load generator cost alone,
 * measured in the same run as the real server.
 */
async function floor(o: { rate: number; seconds: number; warmupSeconds: number; ws: number; http: number }): Promise<BenchResult[]> {
  const bare = await startBareServer();
  const window: Window = { cpuMain: NaN, cpuAll: NaN, loop: undefined, threads: [] };
  let r: LoadReport;
  try {
    r = await runLoad({ mode: 'mixed', url: `127.0.0.1:${bare.port}`, ...o }, window);
  } finally {
    await bare.close();
  }
  const done = KINDS.reduce((n, k) => n + r.latencies[k].length, 0);
  const perCall = (us: number): number => us / Math.max(1, done);
  const point = [...r.latencies.point].sort((a, b) => a - b);
  const all = KINDS.flatMap((k) => r.latencies[k]).sort((a, b) => a - b);
  const main = window.threads.find((t) => t.who === `server:${process.pid}:node`);
  const loop = window.loop;
  return [
    {
      suite: SUITE,
      name: 'floor: point p99, bare JSON-RPC responder (no database), same load',
      value: pct(point, 99),
      unit: 'ms',
      compare: { name: 'goal', value: GOAL_MS, unit: 'ms' },
      note: `p50 ${pct(point, 50).toFixed(2)} ms, all calls p99 ${pct(all, 99).toFixed(2)} ms; ${(done / (r.elapsedMs / 1000)).toFixed(0)} req/s, ${r.errors} errors; CPU per call: responder ${perCall(window.cpuMain).toFixed(0)} µs (run-queue wait ${main === undefined ? '?' : perCall(main.wait).toFixed(0)} µs), load generator ${perCall(r.cpuMicros).toFixed(0)} µs; event-loop delay p99 ${loop === undefined ? '?' : (loop.percentile(99) / 1e6).toFixed(2)} ms, max ${loop === undefined ? '?' : (loop.max / 1e6).toFixed(2)} ms`,
    },
  ];
}

export async function run(): Promise<BenchResult[]> {
  const rate = Number(process.env['BENCH_SERVER_RATE'] ?? (QUICK ? 500 : 5000));
  const seconds = Math.min(30, Number(process.env['BENCH_SERVER_SECONDS'] ?? (QUICK ? 1 : 5)));
  const warmupSeconds = Number(process.env['BENCH_SERVER_WARMUP'] ?? (QUICK ? 0.5 : 2));
  const ws = Number(process.env['BENCH_SERVER_WS'] ?? 16);
  const http = Number(process.env['BENCH_SERVER_HTTP'] ?? 8);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-bench-server-'));
  const db = seedDb(path.join(dir, 'db'));
  const out: BenchResult[] = [];
  try {
    const base = await embedded(db);
    const server = await serve(db, 1);
    const window: Window = { cpuMain: NaN, cpuAll: NaN, loop: undefined, threads: [] };
    let r: LoadReport;
    let health: Health;
    try {
      r = await runLoad({ mode: 'mixed', url: `127.0.0.1:${server.port}`, rate, seconds, warmupSeconds, ws, http }, window);
      health = (await (await fetch(`${server.url}/health`)).json()) as Health;
    } finally {
      await server.close();
    }
    const done = KINDS.reduce((n, k) => n + r.latencies[k].length, 0);
    const perCall = (us: number): number => us / Math.max(1, done);
    out.push({
      suite: SUITE,
      name: 'mixed load: throughput',
      value: done / (r.elapsedMs / 1000),
      unit: 'req/s',
      compare: { name: 'target', value: rate, unit: 'req/s' },
      note: `${seconds} s after ${warmupSeconds} s of warm-up, ${ws} WS + ${http} HTTP clients, ${r.errors} errors${r.firstError !== undefined ? ` (${r.firstError})` : ''}`,
    });
    out.push({
      suite: SUITE,
      name: 'mixed load: CPU per call, server main thread',
      value: perCall(window.cpuMain),
      unit: 'µs',
      note: `server process in all (writer and query threads, GC and compiler helpers): ${perCall(window.cpuAll).toFixed(0)} µs; load generator: ${perCall(r.cpuMicros).toFixed(0)} µs; ${done} calls`,
    });
    const mainThread = window.threads.find((t) => t.who === `server:${process.pid}:node`) ?? window.threads.find((t) => t.who.startsWith('server:'));
    if (mainThread !== undefined) {
      const cores = window.threads.reduce((n, t) => n + t.cpu, 0) / (r.elapsedMs * 1000);
      out.push({
        suite: SUITE,
        name: 'mixed load: run-queue wait, server main thread',
        value: perCall(mainThread.wait),
        unit: 'µs',
        note: `runnable but waiting for a core, per call (its CPU: ${perCall(mainThread.cpu).toFixed(0)} µs); both processes used ${cores.toFixed(2)} of ${os.availableParallelism()} cores; per thread, CPU/wait µs per call: ${window.threads
          .filter((t) => perCall(t.cpu) >= 1)
          .map((t) => `${t.who.split(':')[0]}:${t.who.split(':')[2]}:${t.who.split(':')[1]} ${perCall(t.cpu).toFixed(0)}/${perCall(t.wait).toFixed(0)}`)
          .join(', ')}`,
      });
    }
    out.push({
      suite: SUITE,
      name: 'mixed load: writes per group commit',
      value: health.writes.operations / Math.max(1, health.writes.groups),
      unit: 'ops',
      note: `${health.writes.operations} writes in ${health.writes.groups} commits (warm-up included); queries: ${health.queries.small} in the server's thread, ${health.queries.worker} in a query worker, ${health.queries.streamed} streamed`,
    });
    for (const kind of KINDS) {
      const l = [...r.latencies[kind]].sort((a, b) => a - b);
      out.push({
        suite: SUITE,
        name: `${kind} p50 (server, loaded)`,
        value: pct(l, 50),
        unit: 'ms',
        stats: statsOf(l, 0),
        compare: { name: 'embedded', value: base[kind].median, unit: 'ms', stats: base[kind] },
        note: `${l.length} calls`,
      });
      out.push({
        suite: SUITE,
        name: `${kind} p99 (server, loaded)`,
        value: pct(l, 99),
        unit: 'ms',
        ...(kind === 'point' ? { compare: { name: 'goal', value: GOAL_MS, unit: 'ms' } } : {}),
      });
    }
    const loop = window.loop;
    if (loop !== undefined) out.push({ suite: SUITE, name: 'event-loop delay max under mixed load', value: loop.max / 1e6, unit: 'ms', note: `p99 ${(loop.percentile(99) / 1e6).toFixed(2)} ms` });
    if (process.env['BENCH_SERVER_FLOOR'] !== '0') out.push(...(await floor({ rate, seconds, warmupSeconds, ws, http })));
    if (process.env['BENCH_SERVER_STEPS'] !== '0') out.push(...(await stepSearch(db, rate, Math.max(1, Math.min(seconds, 3)), ws, http)));
    if (process.env['BENCH_SERVER_LONG'] !== '0') {
      const longSeconds = Math.max(1, Math.min(seconds, 3));
      out.push(...(await responsiveness(db, 1, longSeconds)));
      out.push(...(await responsiveness(db, 0, longSeconds)));
    }
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  for (const r of await run()) {
    const cmp = r.compare === undefined ? '' : `  (${r.compare.name}: ${r.compare.value.toFixed(3)} ${r.compare.unit})`;
    process.stdout.write(`${r.name.padEnd(70)} ${r.value.toFixed(3).padStart(10)} ${r.unit}${cmp}${r.note === undefined ? '' : `  ${r.note}`}\n`);
  }
}
