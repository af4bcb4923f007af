/**
 * The measuring harness every suite uses: wraps tinybench (a real statistics
 * library: warm-up, sample collection, standard error and relative margin of
 * error) and reduces a task to `Stats` — median, min, max, RME, ops/s and
 * every sample (ms). `PYRALOG_BENCH_QUICK=1` shrinks time and iterations so a
 * suite can be checked to work without loading the shared machine.
 */
import { Bench } from 'tinybench';

export interface Stats {
  /** Milliseconds per operation. */
  readonly median: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  /** Relative margin of error of the mean, in percent (95 %). */
  readonly rme: number;
  readonly opsPerSec: number;
  readonly samples: readonly number[];
}

export const QUICK = process.env['PYRALOG_BENCH_QUICK'] === '1';

export interface MeasureOptions {
  /** Minimum number of samples (default 10; 3 when quick). */
  readonly iterations?: number;
  /** Minimum time in ms (default 300; 20 when quick). */
  readonly time?: number;
  /**
   * Untimed warm-up runs of each task before its samples (default 0: tinybench
   * already calls a synchronous task once, untimed, to see whether it is async).
   */
  readonly warmup?: number;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Stats from raw samples (ms per op) and an RME given by the library. */
export function statsOf(samples: readonly number[], rme: number): Stats {
  const mean = samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length);
  const med = median(samples);
  return {
    median: med,
    mean,
    min: Math.min(...samples),
    max: Math.max(...samples),
    rme: Number.isFinite(rme) ? rme : 0,
    opsPerSec: med > 0 ? 1000 / med : Number.POSITIVE_INFINITY,
    samples,
  };
}

/** A timed function, or one with untimed set-up/clean-up around every sample (a fresh store per sample). */
export type Task = (() => unknown) | { readonly fn: () => unknown; readonly beforeEach?: () => unknown; readonly afterEach?: () => unknown };

/** Measures several functions in one tinybench run (same process, same warm-up rules); stats by name. */
export async function measureAll(tasks: Readonly<Record<string, Task>>, options: MeasureOptions = {}): Promise<Record<string, Stats>> {
  const bench = new Bench({
    time: options.time ?? (QUICK ? 20 : 300),
    iterations: QUICK ? Math.min(3, options.iterations ?? 3) : (options.iterations ?? 10),
  });
  for (const [name, t] of Object.entries(tasks)) {
    if (typeof t === 'function') bench.add(name, t as () => Promise<void>);
    else bench.add(name, t.fn as () => Promise<void>, { beforeEach: t.beforeEach as () => Promise<void>, afterEach: t.afterEach as () => Promise<void> });
  }
  const warm = QUICK ? Math.min(1, options.warmup ?? 0) : (options.warmup ?? 0);
  for (let i = 0; i < warm; i++) {
    for (const t of Object.values(tasks)) {
      if (typeof t === 'function') await t();
      else {
        await t.beforeEach?.();
        await t.fn();
        await t.afterEach?.();
      }
    }
  }
  await bench.run();
  const out: Record<string, Stats> = {};
  for (const task of bench.tasks) {
    const r = task.result;
    if (r === undefined) continue;
    if (r.error !== undefined) throw r.error instanceof Error ? r.error : new Error(String(r.error));
    out[task.name] = statsOf(r.samples, r.rme);
  }
  return out;
}

/** One function's stats. */
export async function measure(fn: Task, options: MeasureOptions = {}): Promise<Stats> {
  const s = (await measureAll({ task: fn }, options))['task'];
  if (s === undefined) throw new Error('tinybench returned no result');
  return s;
}

/** The stats of one operation when every sample timed `n` of them (a batch of short calls). */
export function perOp(s: Stats, n: number): Stats {
  return statsOf(
    s.samples.map((x) => x / n),
    s.rme,
  );
}

/** Stats for a number measured once by a suite outside the harness (one sample, no spread known). */
export function single(valueMs: number): Stats {
  return statsOf([valueMs], 0);
}
