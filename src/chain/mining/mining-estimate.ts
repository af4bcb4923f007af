/**
 * How long mining one block will take here: the expected number of hashes
 * at a difficulty (2^256 / (target + 1)), this machine's hash rate measured
 * by hashing on the calling thread for a moment (times the worker threads),
 * and the expected time that follows. `pyralog chain mine` refuses a chain
 * where a block would take more than a minute unless --force, and prints
 * the estimate when it mines.
 */
import { bitsToTarget } from '../block/compact-target.js';
import { searchNonce } from './nonce-search.js';

export interface MiningEstimate {
  readonly expectedHashes: number;
  readonly hashesPerSecond: number;
  readonly expectedSeconds: number;
}

/** Hashes a block at `bits` needs on average. */
export function expectedHashes(bits: number): number {
  const target = bitsToTarget(bits);
  return Number((1n << 256n) / (target + 1n));
}

/** Measures single-thread hash rate for about `ms` milliseconds (an impossible target: nothing is found). */
export function measureHashRate(ms = 150): number {
  const header = new Uint8Array(80);
  const never = new Uint8Array(32); // target 0: no hash meets it
  const started = performance.now();
  let hashes = 0;
  let nonce = 0;
  while (performance.now() - started < ms) {
    hashes += searchNonce(header, never, nonce, nonce + 16_383).hashes;
    nonce += 16_384;
  }
  return hashes / ((performance.now() - started) / 1000);
}

export function estimateMining(bits: number, threads: number, hashRate: number = measureHashRate()): MiningEstimate {
  const expected = expectedHashes(bits);
  const rate = hashRate * Math.max(1, threads);
  return { expectedHashes: expected, hashesPerSecond: rate, expectedSeconds: expected / rate };
}

/** `1.2 s`, `3.4 min`, `5.6 h`, `7.8 days`, `9.1 years`. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  if (seconds < 3600) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds < 86_400) return `${(seconds / 3600).toFixed(1)} h`;
  if (seconds < 365 * 86_400) return `${(seconds / 86_400).toFixed(1)} days`;
  return `${(seconds / (365 * 86_400)).toPrecision(3)} years`;
}

/** `850 H/s`, `1.23 kH/s`, `4.56 MH/s`. */
export function formatHashRate(rate: number): string {
  if (rate >= 1e6) return `${(rate / 1e6).toFixed(2)} MH/s`;
  if (rate >= 1e3) return `${(rate / 1e3).toFixed(2)} kH/s`;
  return `${rate.toFixed(0)} H/s`;
}
