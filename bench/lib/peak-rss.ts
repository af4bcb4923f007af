/**
 * Peak resident memory of one query, measured in a fresh child process
 * (bench/lib/analytics-rss-child.ts): the child opens the engine and its data,
 * settles (gc), notes its RSS, resets the kernel's high-water mark
 * (`echo 5 > /proc/self/clear_refs`, Linux ≥ 4.0), runs the query, and reads
 * VmHWM. A fresh process per query keeps earlier queries, other engines and
 * the data generation out of the peak; the reset keeps the load out of it.
 * Where /proc cannot be reset (macOS, old kernels) it falls back to
 * `process.resourceUsage().maxRSS`, which then includes the load, and says so.
 *
 * RSS mixes two kinds of pages: anonymous memory (the JS heap, the column
 * heap, buffers: what the process needs) and file-backed pages (LMDB's
 * memory-mapped data file, shared libraries: page cache the kernel can drop
 * and re-read at will). The kernel keeps no peak per kind, so a poller
 * process (`pollRss`) samples the child's /proc status every millisecond
 * while the query runs and reports the highest RssAnon, RssFile and RssShmem
 * it saw (sampled peaks; VmHWM stays the exact peak of the sum).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Resident KiB by kind (Linux /proc status; zero elsewhere). */
export interface RssKinds {
  readonly anonKb: number;
  readonly fileKb: number;
  readonly shmemKb: number;
}

export interface PeakRss {
  /** Resident KiB just before the query (data opened or loaded, after gc). */
  readonly beforeKb: number;
  /** Highest resident KiB while the query ran. */
  readonly peakKb: number;
  readonly method: 'VmHWM after clear_refs' | 'maxRSS (includes the load)';
  /** Resident KiB by kind just before the query. */
  readonly before: RssKinds;
  /** Highest resident KiB of each kind sampled while the query ran (undefined where /proc is missing). */
  readonly peak?: RssKinds;
}

type StatusField = 'VmRSS' | 'VmHWM' | 'RssAnon' | 'RssFile' | 'RssShmem';

function statusKb(field: StatusField, text?: string): number | undefined {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(text ?? readFileSync('/proc/self/status', 'utf8'));
    return m === null ? undefined : Number(m[1]);
  } catch {
    return undefined;
  }
}

/** This process's resident KiB by kind now. */
export function currentKinds(): RssKinds {
  let text = '';
  try {
    text = readFileSync('/proc/self/status', 'utf8');
  } catch {
    // not Linux: zeros
  }
  return { anonKb: statusKb('RssAnon', text) ?? 0, fileKb: statusKb('RssFile', text) ?? 0, shmemKb: statusKb('RssShmem', text) ?? 0 };
}

/** The poller's source: samples /proc/<pid>/status every millisecond until a line arrives on stdin, then prints the maxima. */
const POLLER = `
const fs = require('node:fs');
const pid = process.argv[1];
const max = { anonKb: 0, fileKb: 0, shmemKb: 0 };
const kb = (t, f) => { const m = new RegExp(f + ':\\\\s+(\\\\d+) kB').exec(t); return m === null ? 0 : Number(m[1]); };
const sample = () => {
  try {
    const t = fs.readFileSync('/proc/' + pid + '/status', 'utf8');
    max.anonKb = Math.max(max.anonKb, kb(t, 'RssAnon'));
    max.fileKb = Math.max(max.fileKb, kb(t, 'RssFile'));
    max.shmemKb = Math.max(max.shmemKb, kb(t, 'RssShmem'));
  } catch {}
};
const timer = setInterval(sample, 1);
process.stdin.once('data', () => { clearInterval(timer); sample(); process.stdout.write(JSON.stringify(max) + '\\n'); process.exit(0); });
process.stdout.write('ready\\n');
`;

/** A running poller of this process's RSS by kind; `stop()` returns the maxima it sampled (undefined without /proc). */
export async function pollRss(): Promise<{ stop(): Promise<RssKinds | undefined> }> {
  let child: ChildProcess;
  try {
    readFileSync('/proc/self/status');
    child = spawn(process.execPath, ['-e', POLLER, String(process.pid)], { stdio: ['pipe', 'pipe', 'inherit'] });
  } catch {
    return { stop: async () => undefined };
  }
  let out = '';
  const lines: ((line: string) => void)[] = [];
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (d: string) => {
    out += d;
    for (let nl = out.indexOf('\n'); nl >= 0; nl = out.indexOf('\n')) {
      const line = out.slice(0, nl);
      out = out.slice(nl + 1);
      lines.shift()?.(line);
    }
  });
  const next = (): Promise<string> => new Promise((resolve) => lines.push(resolve));
  await next(); // ready
  return {
    async stop() {
      const line = next();
      child.stdin!.end('stop\n');
      return JSON.parse(await line) as RssKinds;
    },
  };
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
