/**
 * Peak resident memory of one query, measured in a fresh child process
 * (bench/lib/analytics-rss-child.ts): the child opens the engine and its data,
 * settles (gc), notes its RSS, resets the kernel's high-water mark
 * (`echo 5 > /proc/self/clear_refs`, Linux ≥ 4.0), runs the query, and reads
 * VmHWM. A fresh process per query keeps earlier queries, other engines and
 * the data generation out of the peak; the reset keeps the load out of it.
 * Where /proc cannot be reset (macOS, old kernels) it falls back to
 * `process.resourceUsage().maxRSS`, which then includes the load, and says so.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PeakRss {
  /** Resident KiB just before the query (data opened or loaded, after gc). */
  readonly beforeKb: number;
  /** Highest resident KiB while the query ran. */
  readonly peakKb: number;
  readonly method: 'VmHWM after clear_refs' | 'maxRSS (includes the load)';
}

function statusKb(field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'));
    return m === null ? undefined : Number(m[1]);
  } catch {
    return undefined;
  }
}

/** Resets the high-water mark; false when this system cannot. */
export function resetPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return statusKb('VmHWM') !== undefined;
  } catch {
    return false;
  }
}

export function currentRssKb(): number {
  return statusKb('VmRSS') ?? Math.round(process.memoryUsage().rss / 1024);
}

export function peakKb(resetWorked: boolean): PeakRss['peakKb'] {
  return (resetWorked ? statusKb('VmHWM') : undefined) ?? process.resourceUsage().maxRSS;
}

const here = dirname(fileURLToPath(import.meta.url));

/** Runs the child for one (engine, query) and returns what it measured. */
export function measurePeakRss(args: Readonly<Record<string, unknown>>): PeakRss {
  const r = spawnSync(process.execPath, ['--expose-gc', join(here, 'analytics-rss-child.js'), JSON.stringify(args)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`peak-RSS child failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const line = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as PeakRss;
}
