/**
 * Turns harness stats (milliseconds per operation) into `BenchResult`s in the
 * unit a suite reports — a time (ms, µs) or a rate (rows/s, M gets/s, …) —
 * with the comparison measured in the same run in the same unit, so every
 * suite fills value, stats and compare the same way.
 */
import type { Stats } from './harness.js';
import type { BenchResult } from './types.js';

/** A display unit: its label and how a median of ms-per-operation maps to it. */
export interface Unit {
  readonly label: string;
  readonly of: (msPerOp: number) => number;
}

export const MS: Unit = { label: 'ms', of: (m) => m };
export const US: Unit = { label: 'µs', of: (m) => m * 1000 };

/** A rate: `workPerOp` units of work (rows, gets, hashes) per timed operation, divided by `scale` (1e6 for "M …/s"). */
export function rate(label: string, workPerOp: number, scale = 1): Unit {
  return { label, of: (m) => (m > 0 ? workPerOp / (m / 1000) / scale : Number.POSITIVE_INFINITY) };
}

export interface ResultExtras {
  /** The comparison from the same run: its stats are in ms per operation too; its unit defaults to the result's. */
  readonly compare?: { readonly name: string; readonly stats: Stats; readonly unit?: Unit };
  readonly note?: string;
}

/** One result from stats (ms per op) in `unit`, with its comparison. */
export function fromStats(suite: string, name: string, stats: Stats, unit: Unit, extras: ResultExtras = {}): BenchResult {
  const c = extras.compare;
  const cu = c?.unit ?? unit;
  return {
    suite,
    name,
    value: unit.of(stats.median),
    unit: unit.label,
    stats,
    ...(c === undefined ? {} : { compare: { name: c.name, value: cu.of(c.stats.median), unit: cu.label, stats: c.stats } }),
    ...(extras.note === undefined ? {} : { note: extras.note }),
  };
}
