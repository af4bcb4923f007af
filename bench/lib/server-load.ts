/**
 * bench/server's load generator: a child process of the bench (so the
 * clients never take the server's event loop) that talks to the server only
 * through the package's typed client (pyralog/client), over many WebSocket
 * and HTTP connections. Three modes:
 * - `mixed`: open loop at a target rate — point queries (80 %), small
 *   aggregates over 64 keys (10 %), single-row upserts (10 %); latency counts
 *   from when a call was due. A short unmeasured warm-up at half the rate
 *   comes first (both processes' JIT compilers, connection pools), then the
 *   measured run; the parent is told over IPC when the measured window starts
 *   and ends, so it can take its CPU and event-loop figures over that window.
 * - `steps`: the same mix at a few rates chosen by bisection, a short run
 *   each, to find the highest rate whose point p99 stays under a goal.
 * - `long`: one client runs long queries back to back while another sends
 *   point queries one after the other (the server's responsiveness).
 * Run as `node dist/bench/lib/server-load.js '<options JSON>'`; prints its
 * report as JSON on stdout.
 */
import { connect, type Client } from '../../src/client/index.js';

export const ROWS = 20_000;
export const GROUPS = 200;
export const SPAN = 64;
export const POINT = 'from points | filter id == $1 | select {id, name, v}';
export const AGG = 'from points | filter id >= $1 && id < $2 | aggregate {n = count this, s = sum v}';
export const LONG = 'from points | group grp (aggregate {n = count this, s = sum v}) | sort grp';

export type Kind = 'point' | 'aggregate' | 'write';
export const KINDS: readonly Kind[] = ['point', 'aggregate', 'write'];
/** The server closes a WebSocket with more than 64 calls in flight: a client keeps at most this many, queueing the rest. */
const MAX_IN_FLIGHT = 48;

interface Clients {
  readonly url: string;
  readonly ws: number;
  readonly http: number;
}

export interface MixedLoad extends Clients {
  readonly mode: 'mixed';
  readonly rate: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
}

export interface StepsLoad extends Clients {
  readonly mode: 'steps';
  /** Bisection bounds (requests/s) and the number of runs. */
  readonly low: number;
  readonly high: number;
  readonly probes: number;
  readonly seconds: number;
  /** Point p99 goal (ms). */
  readonly goalMs: number;
}

export interface LongLoad {
  readonly mode: 'long';
  readonly url: string;
  readonly seconds: number;
}

export type LoadOptions = MixedLoad | StepsLoad | LongLoad;

export interface LoadReport {
  /** CPU time of the load generator's process over the measured window (µs, user + system). */
  readonly cpuMicros: number;
  readonly sent: number;
  readonly errors: number;
  readonly firstError?: string;
  readonly elapsedMs: number;
  readonly latencies: Record<Kind | 'long', number[]>;
  /** `steps` only: one entry per rate tried, in the order tried. */
  readonly steps?: readonly StepReport[];
}

export interface StepReport {
  readonly rate: number;
  readonly throughput: number;
  readonly pointP50: number;
  readonly pointP99: number;
  readonly errors: number;
}

/** Messages to the parent over IPC: the measured window of a `mixed` run. */
export type LoadMessage = { readonly phase: 'measure' } | { readonly phase: 'done' };

export function pct(sorted: readonly number[], p: number): number {
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

/** The shares of point queries, aggregates and writes (BENCH_SERVER_MIX="80,10,10", the default). */
const MIX = mixOf(process.env['BENCH_SERVER_MIX'] ?? '80,10,10');

function mixOf(text: string): readonly [number, number, number] {
  const [p = 0, a = 0, w = 0] = text.split(',').map(Number);
  const sum = p + a + w;
  if (!(sum > 0)) throw new Error(`BENCH_SERVER_MIX must be three shares such as 80,10,10, not ${text}`);
  return [p / sum, a / sum, w / sum];
}

interface Tally {
  readonly latencies: Record<Kind | 'long', number[]>;
  sent: number;
  errors: number;
  firstError: string | undefined;
}

const newTally = (): Tally => ({ latencies: { point: [], aggregate: [], write: [], long: [] }, sent: 0, errors: 0, firstError: undefined });

function failed(t: Tally): (e: unknown) => void {
  return (e) => {
    t.errors++;
    t.firstError ??= e instanceof Error ? e.message : String(e);
  };
}

interface Lane {
  readonly c: Client;
  inFlight: number;
  readonly queue: (() => void)[];
}

/** Sends the mix open-loop at `rate` for `seconds` over `lanes` (round robin), then waits (at most `drainMs`) for the answers. */
async function openLoop(lanes: readonly Lane[], rate: number, seconds: number, t: Tally, drainMs = 10_000): Promise<number> {
  const onError = failed(t);
  const send = (lane: Lane, kind: Kind, due: number): void => {
    lane.inFlight++;
    call(kind, lane.c)
      .then(() => t.latencies[kind].push(performance.now() - due), onError)
      .finally(() => {
        lane.inFlight--;
        lane.queue.shift()?.();
      });
  };
  const start = performance.now();
  const total = Math.round(rate * seconds);
  let issued = 0;
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - start) / 1000) * rate));
      for (; issued < due; issued++) {
        const r = Math.random();
        const kind: Kind = r < MIX[0] ? 'point' : r < MIX[0] + MIX[1] ? 'aggregate' : 'write';
        const lane = lanes[next++ % lanes.length] as Lane;
        t.sent++;
        if (lane.inFlight < MAX_IN_FLIGHT) send(lane, kind, now);
        else lane.queue.push(() => send(lane, kind, now));
      }
      if (issued >= total) resolve();
      else setTimeout(tick, 1); // not setImmediate: a spinning generator would take a core from the server
    };
    tick();
  });
  await settle(t, drainMs);
  return performance.now() - start;
}

/** Waits until every call sent has its answer, or `ms` passed. */
async function settle(t: Tally, ms: number): Promise<void> {
  const done = (): number => t.latencies.point.length + t.latencies.aggregate.length + t.latencies.write.length + t.errors;
  const deadline = performance.now() + ms;
  while (done() < t.sent && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}

async function openLanes(o: Clients): Promise<Lane[]> {
  const clients: Client[] = [];
  for (let i = 0; i < o.ws; i++) clients.push(await connect(`ws://${o.url}/`));
  for (let i = 0; i < o.http; i++) clients.push(await connect(`http://${o.url}`));
  for (const kind of KINDS) await call(kind, clients[0] as Client); // compile each shape once
  return clients.map((c) => ({ c, inFlight: 0, queue: [] }));
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return d.user + d.system;
}

function report(t: Tally, cpuMicros: number, elapsedMs: number, steps?: readonly StepReport[]): LoadReport {
  return {
    cpuMicros,
    sent: t.sent,
    errors: t.errors,
    ...(t.firstError !== undefined ? { firstError: t.firstError } : {}),
    elapsedMs,
    latencies: t.latencies,
    ...(steps !== undefined ? { steps } : {}),
  };
}

const tell = (m: LoadMessage): void => {
  process.send?.(m);
};

async function mixed(o: MixedLoad): Promise<LoadReport> {
  const lanes = await openLanes(o);
  if (o.warmupSeconds > 0) await openLoop(lanes, o.rate / 2, o.warmupSeconds, newTally());
  const t = newTally();
  tell({ phase: 'measure' });
  const cpu0 = process.cpuUsage();
  const elapsedMs = await openLoop(lanes, o.rate, o.seconds, t);
  const cpu = cpuSince(cpu0);
  tell({ phase: 'done' });
  await Promise.all(lanes.map((l) => l.c.close()));
  return report(t, cpu, elapsedMs);
}

/** Bisection on the rate: a run whose point p99 meets the goal (and sustains the rate) raises the floor, else lowers the ceiling. */
async function steps(o: StepsLoad): Promise<LoadReport> {
  const lanes = await openLanes(o);
  await openLoop(lanes, o.low, Math.min(1, o.seconds), newTally()); // warm-up
  const all = newTally();
  const out: StepReport[] = [];
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  let low = o.low;
  let high = o.high;
  let rate = o.high;
  for (let i = 0; i < o.probes; i++) {
    const t = newTally();
    const ms = await openLoop(lanes, rate, o.seconds, t, 2000); // a run that cannot drain in 2 s has failed anyway
    const done = t.latencies.point.length + t.latencies.aggregate.length + t.latencies.write.length;
    const points = [...t.latencies.point].sort((a, b) => a - b);
    const step: StepReport = { rate, throughput: done / (ms / 1000), pointP50: pct(points, 50), pointP99: pct(points, 99), errors: t.errors };
    out.push(step);
    all.sent += t.sent;
    all.errors += t.errors;
    all.firstError ??= t.firstError;
    const ok = step.errors === 0 && step.pointP99 < o.goalMs && step.throughput >= 0.95 * rate;
    if (ok) low = rate;
    else high = rate;
    if (ok && rate >= o.high) break;
    rate = Math.round((low + high) / 2 / 50) * 50;
    if (rate <= low || rate >= high) break;
    await settle(t, 20_000); // the next run starts on an empty queue
    await new Promise((r) => setTimeout(r, 300));
  }
  const cpu = cpuSince(cpu0);
  await Promise.all(lanes.map((l) => l.c.close()));
  return report(all, cpu, performance.now() - start, out);
}

async function long(o: LongLoad): Promise<LoadReport> {
  // One client runs long queries back to back; another sends point queries one after the other.
  const t = newTally();
  const onError = failed(t);
  const [longClient, pointClient] = await Promise.all([connect(`ws://${o.url}/`), connect(`ws://${o.url}/`)]);
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const end = start + o.seconds * 1000;
  const longs = (async () => {
    while (performance.now() < end) {
      const at = performance.now();
      t.sent++;
      await longClient.query('prql', LONG).then(() => t.latencies.long.push(performance.now() - at), onError);
    }
  })();
  while (performance.now() < end) {
    const at = performance.now();
    t.sent++;
    await call('point', pointClient).then(() => t.latencies.point.push(performance.now() - at), onError);
  }
  await longs;
  const cpu = cpuSince(cpu0);
  await Promise.all([longClient.close(), pointClient.close()]);
  return report(t, cpu, performance.now() - start);
}

export async function load(o: LoadOptions): Promise<LoadReport> {
  switch (o.mode) {
    case 'mixed':
      return mixed(o);
    case 'steps':
      return steps(o);
    case 'long':
      return long(o);
  }
}

const isMain = process.argv[1] !== undefined && /server-load\.[jt]s$/.test(process.argv[1]);
if (isMain) {
  const r = await load(JSON.parse(process.argv[2] ?? '{}') as LoadOptions);
  process.stdout.write(JSON.stringify(r));
  process.disconnect?.();
}
