/**
 * `npm run bench [suite…]` and `pyralog bench`: runs the benchmark suites in
 * this folder (each file exports `run(): Promise<BenchResult[]>`) one after
 * the other in this process, prints one table (median, spread, ops/s, each
 * number beside the comparison measured in the same run and the ratio), and
 * writes the run (machine + every sample) as JSON — bench/results/latest.json
 * unless --json FILE — plus, with --report DIR, the HTML report, and with
 * --compare FILE, the regression check against an earlier run.
 * PYRALOG_BENCH_QUICK=1 shrinks the suites that honour it (a smoke run).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { QUICK } from './lib/harness.js';
import { comparabilityWarnings, compareRuns, formatComparisons, type Comparison } from './lib/compare-runs.js';
import { renderReport } from './lib/html-report.js';
import { loadRunsIn, parseRun } from './lib/load-runs.js';
import { describeMachine } from './lib/machine.js';
import { fmt, spreadText } from './lib/spread.js';
import type { BenchResult, BenchRun } from './lib/types.js';

export type { BenchResult } from './lib/types.js';

export const SUITES = ['storage', 'sequencer', 'import', 'exec', 'heap', 'planner', 'access-path', 'api', 'prql', 'batuta-compile', 'compile', 'chain-sig', 'chain', 'analytics', 'kernels', 'scan-profile', 'small-queries', 'ingest', 'graphql', 'server'] as const;

export function printResults(results: readonly BenchResult[]): string {
  const rows = results.map((r) => [
    r.suite,
    r.name,
    `${fmt(r.value)} ${r.unit}`,
    spreadText(r),
    r.stats ? fmt(r.stats.opsPerSec) : '',
    r.compare ? `${r.compare.name}: ${fmt(r.compare.value)} ${r.compare.unit}` : '',
    r.compare && r.compare.unit === r.unit && r.compare.value > 0 ? `${(r.value / r.compare.value).toFixed(2)}×` : '',
    r.note ?? '',
  ]);
  const head = ['suite', 'benchmark', 'pyralog (median)', 'spread (samples, RME)', 'ops/s', 'compared with', 'ratio', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

export interface BenchOptions {
  readonly suites: readonly string[];
  readonly json?: string;
  readonly reportDir?: string;
  readonly compare?: string;
  readonly log?: (line: string) => void;
  readonly out?: (text: string) => void;
}

const here = dirname(fileURLToPath(import.meta.url));
/** bench/results in the source tree (this file runs from dist/bench). */
export const RESULTS_DIR = join(here, '..', '..', 'bench', 'results');

/** Runs the suites and writes the outputs; returns the run and, with `compare`, the comparisons. */
export async function runBench(o: BenchOptions): Promise<{ run: BenchRun; comparisons?: Comparison[]; warnings?: string[]; comparable?: boolean }> {
  const log = o.log ?? ((l: string) => console.error(l));
  const out = o.out ?? ((t: string) => console.log(t));
  const unknown = o.suites.filter((s) => !(SUITES as readonly string[]).includes(s));
  if (unknown.length > 0) throw new Error(`unknown suite(s): ${unknown.join(', ')} (known: ${SUITES.join(', ')})`);
  const baseline = o.compare === undefined ? undefined : parseRun(readFileSync(o.compare, 'utf8'));
  const all: BenchResult[] = [];
  for (const suite of SUITES) {
    if (o.suites.length > 0 && !o.suites.includes(suite)) continue;
    let mod: { run?: () => Promise<BenchResult[]> };
    try {
      mod = (await import(pathToFileURL(join(here, `${suite}.js`)).href)) as typeof mod;
    } catch (e) {
      log(`[bench] ${suite}: cannot load (${(e as Error).message})`);
      continue;
    }
    if (typeof mod.run !== 'function') continue;
    const t0 = performance.now();
    log(`[bench] ${suite} …`);
    try {
      const results = await mod.run();
      all.push(...results.map((r) => ({ ...r, suite: r.suite || suite })));
    } catch (e) {
      log(`[bench] ${suite} failed: ${(e as Error).stack ?? String(e)}`);
    }
    log(`[bench] ${suite} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const run: BenchRun = { date: new Date().toISOString(), machine: describeMachine(), quick: QUICK, results: all };
  const m = run.machine;
  out(`Pyralog benchmarks — ${m.arch} ${m.cores}x ${m.cpuModel} ${(m.totalMemoryBytes / 2 ** 30).toFixed(0)} GiB, node ${m.node}${QUICK ? ' (QUICK: not performance figures)' : ''}\n`);
  out(printResults(all));
  const jsonPath = resolve(o.json ?? join(RESULTS_DIR, 'latest.json'));
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify(run, null, 2));
  log(`[bench] wrote ${jsonPath}`);
  if (o.reportDir !== undefined) {
    const history = loadRunsIn(RESULTS_DIR).filter((h) => h.date !== run.date);
    mkdirSync(o.reportDir, { recursive: true });
    const file = join(resolve(o.reportDir), 'index.html');
    writeFileSync(file, await renderReport(run, history));
    log(`[bench] wrote ${file}`);
  }
  if (baseline === undefined) return { run };
  const comparisons = compareRuns(baseline, run);
  const warnings = comparabilityWarnings(baseline, run);
  out(`\nCompared with ${o.compare}:\n${warnings.map((w) => `WARNING: ${w}\n`).join('')}${formatComparisons(comparisons)}`);
  // A quick run against a full one measures different sizes: no verdict of it fails the run.
  return { run, comparisons, warnings, comparable: baseline.quick === run.quick };
}

function argValue(argv: readonly string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const valued = new Set(['--json', '--report', '--compare']);
  const suites = argv.filter((a, i) => !a.startsWith('-') && !valued.has(argv[i - 1] ?? ''));
  const r = await runBench({ suites, json: argValue(argv, '--json'), reportDir: argValue(argv, '--report'), compare: argValue(argv, '--compare') });
  if (r.comparable === true && r.comparisons?.some((c) => c.verdict === 'regression')) process.exitCode = 1;
}
