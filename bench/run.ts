/**
 * `npm run bench`: runs every benchmark suite in this folder (each file exports
 * `run(): Promise<BenchResult[]>`) one after the other in this process, prints
 * one table with each number beside the comparison it is measured against, and
 * writes the results to bench/results/latest.json for closing notes and trend
 * checks. Pass suite names to run only some: `npm run bench -- storage exec`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { arch, cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchResult {
  readonly suite: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly compare?: { readonly name: string; readonly value: number; readonly unit: string };
  readonly note?: string;
}

const SUITES = ['storage', 'sequencer', 'import', 'exec', 'heap', 'planner', 'access-path', 'api', 'prql', 'batuta-compile', 'chain-sig', 'chain'] as const;

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs >= 1e6) return v.toExponential(3);
  if (abs >= 100) return v.toFixed(0);
  if (abs >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

export function printResults(results: readonly BenchResult[]): string {
  const rows = results.map((r) => [
    r.suite,
    r.name,
    `${fmt(r.value)} ${r.unit}`,
    r.compare ? `${r.compare.name}: ${fmt(r.compare.value)} ${r.compare.unit}` : '',
    r.note ?? '',
  ]);
  const head = ['suite', 'benchmark', 'pyralog', 'compared with', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const here = dirname(fileURLToPath(import.meta.url));
  const all: BenchResult[] = [];
  for (const suite of SUITES) {
    if (wanted.length > 0 && !wanted.includes(suite)) continue;
    const file = join(here, `${suite}.js`);
    let mod: { run?: () => Promise<BenchResult[]> };
    try {
      mod = (await import(pathToFileURL(file).href)) as typeof mod;
    } catch (e) {
      console.error(`[bench] ${suite}: cannot load (${(e as Error).message})`);
      continue;
    }
    if (typeof mod.run !== 'function') continue;
    const t0 = performance.now();
    console.error(`[bench] ${suite} …`);
    try {
      const results = await mod.run();
      all.push(...results.map((r) => ({ ...r, suite: r.suite || suite })));
    } catch (e) {
      console.error(`[bench] ${suite} failed: ${(e as Error).stack ?? String(e)}`);
    }
    console.error(`[bench] ${suite} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const machine = `${arch()} ${cpus().length}x ${cpus()[0]?.model ?? '?'} ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`;
  console.log(`Pyralog benchmarks — ${machine}\n`);
  console.log(printResults(all));
  const outDir = join(here, '..', '..', 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'latest.json'), JSON.stringify({ machine, date: new Date().toISOString(), results: all }, null, 2));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
