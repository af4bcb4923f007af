/**
 * A result's spread in its own unit: stats hold milliseconds per operation,
 * the value is the median in the reported unit (a time or a rate), so min and
 * max are mapped the same way — for a rate the fastest sample is the highest.
 */
import { higherIsBetter } from './compare-runs.js';
import type { BenchResult } from './types.js';

/** A number as the bench table prints it (about 3–4 significant digits). */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs >= 1e6) return v.toExponential(3);
  if (abs >= 100) return v.toFixed(0);
  if (abs >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

/** [low, high] of the samples in the result's unit, or undefined without stats. */
export function spreadOf(r: BenchResult): readonly [number, number] | undefined {
  const s = r.stats;
  if (s === undefined || !(s.median > 0)) return undefined;
  if (higherIsBetter(r.unit)) {
    const work = r.value * s.median; // value = work / median
    return [work / s.max, work / s.min];
  }
  const k = r.value / s.median;
  return [s.min * k, s.max * k];
}

/** "low–high unit ±RME%" for tables. */
export function spreadText(r: BenchResult): string {
  const sp = spreadOf(r);
  if (sp === undefined || r.stats === undefined) return '';
  return `${fmt(sp[0])}–${fmt(sp[1])} ${r.unit} ±${r.stats.rme.toFixed(1)}%`;
}
