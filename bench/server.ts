/**
 * bench/server: the JSON-RPC server under mixed load, loopback only and
 * bounded in count and time. The server runs in this process (a real
 * `startServer` over a fresh LMDB database, with its writer and query
 * threads); the load comes from a separate child process (this file with
 * `--load`), so the clients never take the server's event loop: many
 * concurrent WebSocket and HTTP clients (pyralog/client) send, open-loop at a
 * target rate, point queries (80 %), small aggregates over a key range of 64
 * rows (10 %) and single-row upserts (10 %). Reported: throughput, p50/p99
 * per kind, the same three operations through the embedded API (tinybench,
 * same run) as the server's overhead ratio, and how responsive the server
 * stays while another client runs long queries (a grouped aggregate over the
 * whole table): point-query latency and the server's event-loop delay, with
 * the query worker and without it (cooperative yielding only).
 *
 * Environment: BENCH_SERVER_RATE (requests/s, default 5000),
 * BENCH_SERVER_SECONDS (default 5, at most 30), BENCH_SERVER_WS /
 * BENCH_SERVER_HTTP (clients, default 16 / 8). `npm run bench server`, or
 * alone: `node dist/bench/server.js`.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { connect, type Client } from '../src/client/index.js';
import { open, type Database } from '../src/index.js';
import { startServer, type PyralogServer } from '../src/server/rpc-server.js';
import { serverConfig } from '../src/server/server-config.js';
import { measureAll, QUICK, statsOf } from './lib/harness.js';
import type { BenchResult } from './lib/types.js';

const SUITE = 'server';
const ROWS = 20_000;
const GROUPS = 200;
const SPAN = 64;
const POINT = 'from points | filter id == $1 | select {id, name, v}';
const AGG = 'from points | filter id >= $1 && id < $2 | aggregate {n = count this, s = sum v}';
const LONG = 'from points | group grp (aggregate {n = count this, s = sum v}) | sort grp';

type Kind = 'point' | 'aggregate' | 'write';
const KINDS: readonly Kind[] = ['point', 'aggregate', 'write'];
const MAX_IN_FLIGHT = 48;

interface MixedLoad {
  readonly mode: 'mixed';
  readonly url: string;
  readonly rate: number;
  readonly seconds: number;
  readonly ws: number;
  readonly http: number;
}

interface LongLoad {
  readonly mode: 'long';
  readonly url: string;
  readonly seconds: number;
}

type LoadOptions = MixedLoad | LongLoad;

interface LoadReport {
  readonly sent: number;
  readonly errors: number;
  readonly firstError?: string;
  readonly elapsedMs: number;
  readonly latencies: Record<Kind | 'long', number[]>;
}

function pct(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

const randomId = (): number => Math.floor(Math.random() * ROWS);

function call(kind: Kind, c: Client): Promise<unknown> {
  const id = randomId();
  switch (kind) {
    case 'point':
      return c.query('prql', POINT, [id]);
    case 'aggregate': {
      const lo = Math.min(id, ROWS - SPAN);
      return c.query('prql', AGG, [lo, lo + SPAN]);
    }
    case 'write':
      return c.upsert('points', [{ id, name: `n${id}`, grp: id % GROUPS, v: { $float: Math.random() } }]);
  }
}

/** The load generator (the child process). */
async function load(o: LoadOptions): Promise<LoadReport> {
  const latencies: Record<Kind | 'long', number[]> = { point: [], aggregate: [], write: [], long: [] };
  let sent = 0;
  let errors = 0;
  let firstError: string | undefined;
  const failed = (e: unknown): void => {
    errors++;
    firstError ??= e instanceof Error ? e.message : String(e);
  };
  if (o.mode === 'long') {
    // One client runs long queries back to back; another sends point queries one after the other.
    const [longClient, pointClient] = await Promise.all([connect(`ws://${o.url}/`), connect(`ws://${o.url}/`)]);
    const start = performance.now();
    const end = start + o.seconds * 1000;
    const longs = (async () => {
      while (performance.now() < end) {
        const t = performance.now();
        sent++;
        await longClient.query('prql', LONG).then(() => latencies.long.push(performance.now() - t), failed);
      }
    })();
    while (performance.now() < end) {
      const t = performance.now();
      sent++;
      await call('point', pointClient).then(() => latencies.point.push(performance.now() - t), failed);
    }
    await longs;
    await Promise.all([longClient.close(), pointClient.close()]);
    return { sent, errors, ...(firstError !== undefined ? { firstError } : {}), elapsedMs: performance.now() - start, latencies };
  }
  const clients: Client[] = [];
  for (let i = 0; i < o.ws; i++) clients.push(await connect(`ws://${o.url}/`));
  for (let i = 0; i < o.http; i++) clients.push(await connect(`http://${o.url}`));
  for (const kind of KINDS) await call(kind, clients[0] as Client); // compile each shape once
  // The server closes a WebSocket with more than 64 calls in flight: each client keeps at most
  // MAX_IN_FLIGHT and queues the rest; latency counts from when a call was due (open loop).
  const lanes = clients.map((c) => ({ c, inFlight: 0, queue: [] as (() => void)[] }));
  const send = (lane: (typeof lanes)[number], kind: Kind, due: number): void => {
    lane.inFlight++;
    call(kind, lane.c)
      .then(() => latencies[kind].push(performance.now() - due), failed)
      .finally(() => {
        lane.inFlight--;
        lane.queue.shift()?.();
      });
  };
  const start = performance.now();
  const total = Math.round(o.rate * o.seconds);
  let issued = 0;
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - start) / 1000) * o.rate));
      for (; issued < due; issued++) {
        const r = Math.random();
        const kind: Kind = r < 0.8 ? 'point' : r < 0.9 ? 'aggregate' : 'write';
        const lane = lanes[next++ % lanes.length]!;
        sent++;
        if (lane.inFlight < MAX_IN_FLIGHT) send(lane, kind, now);
        else lane.queue.push(() => send(lane, kind, now));
      }
      if (issued >= total) resolve();
      else setTimeout(tick, 1); // not setImmediate: a spinning generator would take a core from the server
    };
    tick();
  });
  const done = (): number => latencies.point.length + latencies.aggregate.length + latencies.write.length + errors;
  const deadline = performance.now() + 10_000; // drain, bounded
  while (done() < sent && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  const elapsedMs = performance.now() - start;
  await Promise.all(clients.map((c) => c.close()));
  return { sent, errors, ...(firstError !== undefined ? { firstError } : {}), elapsedMs, latencies };
}

/** Runs the load generator in a child process (this file with --load); bounded by a kill timer. */
function runLoad(o: LoadOptions): Promise<LoadReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--load', JSON.stringify(o)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const kill = setTimeout(() => child.kill('SIGKILL'), (o.seconds + 60) * 1000);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(kill);
      if (code !== 0) return reject(new Error(`the load generator exited with ${code}`));
      resolve(JSON.parse(out) as LoadReport);
    });
  });
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

export async function run(): Promise<BenchResult[]> {
  const rate = Number(process.env['BENCH_SERVER_RATE'] ?? (QUICK ? 500 : 5000));
  const seconds = Math.min(30, Number(process.env['BENCH_SERVER_SECONDS'] ?? (QUICK ? 1 : 5)));
  const ws = Number(process.env['BENCH_SERVER_WS'] ?? 16);
  const http = Number(process.env['BENCH_SERVER_HTTP'] ?? 8);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-bench-server-'));
  const db = seedDb(path.join(dir, 'db'));
  const out: BenchResult[] = [];
  try {
    const base = await embedded(db);
    const server = await serve(db, 1);
    const loop = monitorEventLoopDelay({ resolution: 1 });
    let r: LoadReport;
    try {
      loop.enable();
      r = await runLoad({ mode: 'mixed', url: `127.0.0.1:${server.port}`, rate, seconds, ws, http });
      loop.disable();
    } finally {
      await server.close();
    }
    const done = KINDS.reduce((n, k) => n + r.latencies[k].length, 0);
    out.push({
      suite: SUITE,
      name: 'mixed load: throughput',
      value: done / (r.elapsedMs / 1000),
      unit: 'req/s',
      compare: { name: 'target', value: rate, unit: 'req/s' },
      note: `${seconds} s, ${ws} WS + ${http} HTTP clients, ${r.errors} errors${r.firstError !== undefined ? ` (${r.firstError})` : ''}`,
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
        ...(kind === 'point' ? { compare: { name: 'goal', value: 5, unit: 'ms' } } : {}),
      });
    }
    out.push({ suite: SUITE, name: 'event-loop delay max under mixed load', value: loop.max / 1e6, unit: 'ms', note: `p99 ${(loop.percentile(99) / 1e6).toFixed(2)} ms` });
    const longSeconds = Math.max(1, Math.min(seconds, 3));
    out.push(...(await responsiveness(db, 1, longSeconds)));
    out.push(...(await responsiveness(db, 0, longSeconds)));
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain && process.argv[2] === '--load') {
  const report = await load(JSON.parse(process.argv[3] ?? '{}') as LoadOptions);
  process.stdout.write(JSON.stringify(report));
} else if (isMain) {
  for (const r of await run()) {
    const cmp = r.compare === undefined ? '' : `  (${r.compare.name}: ${r.compare.value.toFixed(3)} ${r.compare.unit})`;
    process.stdout.write(`${r.name.padEnd(70)} ${r.value.toFixed(3).padStart(10)} ${r.unit}${cmp}${r.note === undefined ? '' : `  ${r.note}`}\n`);
  }
}
