/** Small synthetic bench runs (seeded, no real measurement) for the compare and report tests. */
import { statsOf } from '../../bench/lib/harness.js';
import type { BenchResult, BenchRun } from '../../bench/lib/types.js';

/** A deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Samples around `center` with relative jitter `jitter`. */
export function samples(center: number, jitter: number, n: number, seed: number): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => center * (1 + (r() * 2 - 1) * jitter));
}

export function result(suite: string, name: string, center: number, jitter: number, seed: number, compare?: number): BenchResult {
  const s = statsOf(samples(center, jitter, 20, seed), jitter * 100 / 4);
  const c = compare === undefined ? undefined : statsOf(samples(compare, jitter, 20, seed + 1), jitter * 100 / 4);
  return { suite, name, value: s.median, unit: 'ms', stats: s, ...(c ? { compare: { name: 'DuckDB (1 thread)', value: c.median, unit: 'ms', stats: c } } : {}) };
}

export function run(date: string, results: readonly BenchResult[]): BenchRun {
  return { date, quick: true, machine: { cpuModel: 'Synthetic CPU', cores: 2, arch: 'x64', node: 'v20.0.0', totalMemoryBytes: 8 * 2 ** 30, os: 'Linux test' }, results };
}
