/**
 * bench/server: the JSON-RPC server under mixed load, loopback only and
 * bounded in count and time. The server runs on the main thread (a real
 * `startServer` over a fresh LMDB database); a worker thread drives many
 * concurrent WebSocket and HTTP clients (pyralog/client) open-loop at a
 * target rate: point queries, small aggregates and single-row upserts.
 * Reports throughput and p50/p99 per kind, the same point queries through
 * the embedded API (the server's overhead as a ratio), and how long the
 * event loop was held while another client ran full scans.
 *
 * Environment: BENCH_SERVER_RATE (requests/s, default 5000),
 * BENCH_SERVER_SECONDS (default 5), BENCH_SERVER_WS / BENCH_SERVER_HTTP
 * (clients, default 16 / 8). Run alone: `node dist/bench/server.js`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { connect, type Client } from '../src/client/index.js';
import { open } from '../src/index.js';
import { startServer } from '../src/server/rpc-server.js';
import { serverConfig } from '../src/server/server-config.js';

interface BenchResult {
  readonly suite: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly compare?: { readonly name: string; readonly value: number; readonly unit: string };
  readonly note?: string;
}

const ROWS = 20_000;
const GROUPS = 200;
const POINT = 'from points | filter id == $1 | select {id, name, v}';
const AGG = 'from points | filter grp == $1 | aggregate {n = count this, s = sum v}';
const SCAN = 'from points | select {id, name, grp, v}';

type Kind = 'point' | 'aggregate' | 'write' | 'scan';

interface LoadOptions {
  readonly url: string;
  readonly rate: number;
  readonly seconds: number;
  readonly ws: number;
  readonly http: number;
  /** Also keep one WebSocket client running full scans back to back. */
  readonly scanner: boolean;
}

interface LoadReport {
  readonly sent: number;
  readonly errors: number;
  readonly elapsedMs: number;
  readonly latencies: Record<Kind, number[]>;
}

function pct(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** The load generator (worker thread). */
async function load(o: LoadOptions): Promise<LoadReport> {
  const clients: Client[] = [];
  for (let i = 0; i < o.ws; i++) clients.push(await connect(`ws://${o.url}/`));
  for (let i = 0; i < o.http; i++) clients.push(await connect(`http://${o.url}`));
  const latencies: Record<Kind, number[]> = { point: [], aggregate: [], write: [], scan: [] };
  let sent = 0;
  let errors = 0;
  let stopScan = false;
  const scanner = o.scanner ? await connect(`ws://${o.url}/`) : undefined;
  const scanning = (async () => {
    while (scanner !== undefined && !stopScan) {
      const t = performance.now();
      await scanner.query('prql', SCAN).catch(() => errors++);
      latencies.scan.push(performance.now() - t);
    }
  })();
  // warm-up: compile each query shape once
  await clients[0]?.query('prql', POINT, [1]);
  await clients[0]?.query('prql', AGG, [1]);
  const one = (kind: Kind, c: Client): void => {
    const t = performance.now();
    const id = Math.floor(Math.random() * ROWS);
    const p =
      kind === 'point'
        ? c.query('prql', POINT, [id])
        : kind === 'aggregate'
          ? c.query('prql', AGG, [id % GROUPS])
          : c.upsert('points', [{ id, name: `n${id}`, grp: id % GROUPS, v: Math.random() }]);
    sent++;
    p.then(
      () => latencies[kind].push(performance.now() - t),
      () => errors++,
    );
  };
  const start = performance.now();
  const total = Math.round(o.rate * o.seconds);
  let issued = 0;
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * o.rate));
      for (; issued < due; issued++) {
        const r = Math.random();
        const kind: Kind = r < 0.8 ? 'point' : r < 0.9 ? 'aggregate' : 'write';
        one(kind, clients[next++ % clients.length] as Client);
      }
      if (issued >= total) resolve();
      else setImmediate(tick);
    };
    tick();
  });
  // drain (bounded)
  const deadline = performance.now() + 10_000;
  while (latencies.point.length + latencies.aggregate.length + latencies.write.length + errors < sent && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 5));
  }
  const elapsedMs = performance.now() - start;
  stopScan = true;
  await scanning;
  await Promise.all([...clients, ...(scanner ? [scanner] : [])].map((c) => c.close()));
  return { sent, errors, elapsedMs, latencies };
}

function seedDb(dir: string): ReturnType<typeof open> {
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

function runWorker(o: LoadOptions): Promise<LoadReport> {
  return new Promise((resolve, reject) => {
    const w = new Worker(fileURLToPath(import.meta.url), { workerData: o });
    w.once('message', (m: LoadReport) => resolve(m));
    w.once('error', reject);
  });
}

export async function run(): Promise<BenchResult[]> {
  const rate = Number(process.env['BENCH_SERVER_RATE'] ?? 5000);
  const seconds = Math.min(30, Number(process.env['BENCH_SERVER_SECONDS'] ?? 5));
  const ws = Number(process.env['BENCH_SERVER_WS'] ?? 16);
  const http = Number(process.env['BENCH_SERVER_HTTP'] ?? 8);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-bench-server-'));
  const db = seedDb(path.join(dir, 'db'));
  const server = await startServer({ db, config: serverConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent' }), logger: pino({ level: 'silent' }) });
  const url = `127.0.0.1:${server.port}`;
  const out: BenchResult[] = [];
  try {
    // The embedded API: the same point queries, prepared once, in this thread.
    const prepared = db.prepare('prql', POINT, [1n]);
    const embedded: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      if (i % 64 === 0) await new Promise((r) => setImmediate(r)); // let LMDB retire read transactions
      const t = performance.now();
      prepared.runSync([BigInt(Math.floor(Math.random() * ROWS))]).toJSON();
      embedded.push(performance.now() - t);
    }
    embedded.sort((a, b) => a - b);
    const loop = monitorEventLoopDelay({ resolution: 1 });
    for (const scanner of [false, true]) {
      loop.reset();
      loop.enable();
      const r = await runWorker({ url, rate, seconds, ws, http, scanner });
      loop.disable();
      const tag = scanner ? ' (+1 client scanning 20k rows)' : '';
      const done = r.latencies.point.length + r.latencies.aggregate.length + r.latencies.write.length;
      out.push({ suite: 'server', name: `mixed throughput${tag}`, value: done / (r.elapsedMs / 1000), unit: 'req/s', note: `target ${rate}/s for ${seconds}s, ${ws} WS + ${http} HTTP clients, ${r.errors} errors` });
      for (const kind of ['point', 'aggregate', 'write'] as const) {
        const l = [...r.latencies[kind]].sort((a, b) => a - b);
        out.push({ suite: 'server', name: `${kind} p50${tag}`, value: pct(l, 50), unit: 'ms', note: `${l.length} calls` });
        out.push({
          suite: 'server',
          name: `${kind} p99${tag}`,
          value: pct(l, 99),
          unit: 'ms',
          ...(kind === 'point' && !scanner ? { compare: { name: 'goal', value: 5, unit: 'ms' } } : {}),
        });
      }
      if (scanner) {
        const s = [...r.latencies.scan].sort((a, b) => a - b);
        out.push({ suite: 'server', name: 'full scan (20k rows, JSON) p50 while loaded', value: pct(s, 50), unit: 'ms', note: `${s.length} scans` });
      }
      out.push({ suite: 'server', name: `server event-loop delay max${tag}`, value: loop.max / 1e6, unit: 'ms', note: `p99 ${(loop.percentile(99) / 1e6).toFixed(2)} ms` });
      if (!scanner) {
        const p50 = pct([...r.latencies.point].sort((a, b) => a - b), 50);
        out.push({
          suite: 'server',
          name: 'point query overhead (server p50 / embedded p50)',
          value: p50 / pct(embedded, 50),
          unit: 'x',
          compare: { name: 'embedded p50', value: pct(embedded, 50), unit: 'ms' },
        });
      }
    }
  } finally {
    await server.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

if (!isMainThread && parentPort !== null) {
  const port = parentPort;
  void load(workerData as LoadOptions).then((r) => port.postMessage(r));
} else if (isMainThread && process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const results = await run();
  for (const r of results) {
    const cmp = r.compare === undefined ? '' : `  (${r.compare.name}: ${r.compare.value.toFixed(3)} ${r.compare.unit})`;
    process.stdout.write(`${r.name.padEnd(60)} ${r.value.toFixed(3).padStart(10)} ${r.unit}${cmp}${r.note === undefined ? '' : `  ${r.note}`}\n`);
  }
}
