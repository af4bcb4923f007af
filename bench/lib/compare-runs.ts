/**
 * The regression check behind `pyralog bench --compare FILE`: matches results
 * of two runs by suite and name and flags a change only when it exceeds the
 * noise both runs measured — max(3 × RME, spread (max−min)/median) of either
 * run. A result measured once (no samples) gets a fixed 20 % band.
 */
import type { BenchResult, BenchRun } from './types.js';

export type Verdict = 'regression' | 'improvement' | 'within-noise';

export interface Comparison {
  readonly suite: string;
  readonly name: string;
  readonly unit: string;
  readonly before: number;
  readonly after: number;
  /** Relative change (after − before) / before. */
  readonly change: number;
  /** The noise band, as a fraction. */
  readonly noise: number;
  readonly verdict: Verdict;
}

export const UNMEASURED_NOISE = 0.2;

/** Whether a bigger number is better for this unit (rates), else smaller is (times). */
export function higherIsBetter(unit: string): boolean {
  return /\/s\b|ops|per s|rows\/s|MB\/s|x$/.test(unit) && !/^(ms|µs|ns|s)\//.test(unit);
}

/** The noise band of one result, as a fraction of its value. */
export function noiseOf(r: BenchResult): number {
  const s = r.stats;
  if (s === undefined || s.samples.length < 2) return UNMEASURED_NOISE;
  const spread = s.median > 0 ? (s.max - s.min) / s.median : 0;
  return Math.max((3 * s.rme) / 100, spread);
}

const keyOf = (r: BenchResult): string => `${r.suite}\u0000${r.name}`;

export function compareRuns(before: BenchRun, after: BenchRun): Comparison[] {
  const old = new Map(before.results.map((r) => [keyOf(r), r]));
  const out: Comparison[] = [];
  for (const r of after.results) {
    const b = old.get(keyOf(r));
    if (b === undefined || b.unit !== r.unit || !(b.value > 0)) continue;
    const change = (r.value - b.value) / b.value;
    const noise = Math.max(noiseOf(b), noiseOf(r));
    const worse = higherIsBetter(r.unit) ? change < 0 : change > 0;
    const verdict: Verdict = Math.abs(change) <= noise ? 'within-noise' : worse ? 'regression' : 'improvement';
    out.push({ suite: r.suite, name: r.name, unit: r.unit, before: b.value, after: r.value, change, noise, verdict });
  }
  return out;
}

export function formatComparisons(cs: readonly Comparison[]): string {
  const pct = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
  const lines = cs.map((c) => `${c.verdict === 'regression' ? '!!' : c.verdict === 'improvement' ? '++' : '  '} ${c.suite} / ${c.name}: ${c.before.toPrecision(4)} → ${c.after.toPrecision(4)} ${c.unit} (${pct(c.change)}, noise ±${(c.noise * 100).toFixed(1)}%) ${c.verdict}`);
  const reg = cs.filter((c) => c.verdict === 'regression').length;
  lines.push(`${cs.length} compared, ${reg} regression(s), ${cs.filter((c) => c.verdict === 'improvement').length} improvement(s)`);
  return lines.join('\n');
}

/**
 * Why two runs may not be comparable: a quick run (PYRALOG_BENCH_QUICK=1, tiny
 * sizes) against a full one, or runs from different machines (CPU model,
 * cores, architecture, Node version). Empty when nothing differs.
 */
export function comparabilityWarnings(before: BenchRun, after: BenchRun): string[] {
  const out: string[] = [];
  const mode = (r: BenchRun): string => (r.quick ? 'a quick run (PYRALOG_BENCH_QUICK=1)' : 'a full run');
  if (before.quick !== after.quick) out.push(`comparing ${mode(after)} with ${mode(before)}: the sizes differ, so the changes below are not regressions or improvements`);
  const a = before.machine;
  const b = after.machine;
  const diffs = (
    [
      ['CPU', a.cpuModel, b.cpuModel],
      ['cores', String(a.cores), String(b.cores)],
      ['arch', a.arch, b.arch],
      ['Node', a.node, b.node],
    ] as const
  ).filter(([, x, y]) => x !== y);
  if (diffs.length > 0) out.push(`the runs come from different machines (${diffs.map(([what, x, y]) => `${what}: ${x || '?'} → ${y || '?'}`).join('; ')}): differences may be the machine's`);
  return out;
}
