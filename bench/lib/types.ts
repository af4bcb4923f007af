/**
 * The shapes of bench output: one result (a measurement, optionally beside a
 * comparison from the same run) and a whole run file (machine + results).
 */
import type { Stats } from './harness.js';

export interface BenchCompare {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly stats?: Stats;
}

export interface BenchResult {
  readonly suite: string;
  readonly name: string;
  /**
   * The measured workload when several results compare the same Pyralog
   * measurement with different engines (one result per comparison): the
   * report draws one bar group per query, Pyralog once and each engine beside it.
   */
  readonly query?: string;
  readonly value: number;
  readonly unit: string;
  /** Present when the suite measured through the harness (value is then stats.median in `unit`). */
  readonly stats?: Stats;
  readonly compare?: BenchCompare;
  readonly note?: string;
}

export interface Machine {
  readonly cpuModel: string;
  readonly cores: number;
  readonly arch: string;
  readonly node: string;
  readonly totalMemoryBytes: number;
  readonly os: string;
}

export interface BenchRun {
  readonly date: string;
  readonly machine: Machine;
  readonly quick: boolean;
  readonly results: readonly BenchResult[];
}
