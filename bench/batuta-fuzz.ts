/**
 * Batuta fuzzing at scale: N inputs (half random token programs, half
 * mutations of real programs), each read, expanded and planned in compile
 * mode; counts plans, PyralogErrors by code, and crashes (anything else),
 * printing the first crashes. Usage: node dist/bench/batuta-fuzz.js [count=100000] [seed=1]
 */
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { FUZZ_SEEDS, checkProgram, mutateProgram, prng, randomProgram } from '../src/lang/batuta/fuzz-programs.js';
import { benchCatalog } from './batuta-catalog.js';

interface BenchResult {
  suite: string;
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export async function run(count = 100_000, seed = 1): Promise<BenchResult[]> {
  const catalog = benchCatalog();
  const r = prng(seed);
  const codes = new Map<string, number>();
  const crashes: { text: string; error: unknown }[] = [];
  let plans = 0;
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const text = i % 2 === 0 ? randomProgram(r) : mutateProgram(r, FUZZ_SEEDS[i % FUZZ_SEEDS.length] as string);
    const outcome = checkProgram(text, catalog, 5_000);
    if (outcome.kind === 'plan') plans++;
    else if (outcome.kind === 'error') codes.set(outcome.code, (codes.get(outcome.code) ?? 0) + 1);
    else crashes.push({ text, error: outcome.error });
  }
  const seconds = (performance.now() - t0) / 1000;
  for (const c of crashes.slice(0, 10)) console.log(`--- crash: ${String((c.error as Error)?.stack ?? c.error)}\n${c.text}\n`);
  const top = [...codes.entries()].sort((a, b) => b[1] - a[1]);
  console.error(`[batuta-fuzz] errors by code: ${top.map(([c, n]) => `${c} ${n}`).join(', ')}`);
  return [
    { suite: 'batuta-fuzz', name: 'inputs', value: count, unit: 'programs', note: `seed ${seed}, half random, half mutated` },
    { suite: 'batuta-fuzz', name: 'planned', value: plans, unit: 'programs' },
    { suite: 'batuta-fuzz', name: 'PyralogErrors', value: count - plans - crashes.length, unit: 'programs', note: `${codes.size} codes` },
    { suite: 'batuta-fuzz', name: 'crashes', value: crashes.length, unit: 'programs', note: 'anything but a PyralogError (goal 0)' },
    { suite: 'batuta-fuzz', name: 'throughput', value: count / seconds, unit: 'programs/s' },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = await run(Number(process.argv[2] ?? 100_000), Number(process.argv[3] ?? 1));
  console.table(results.map((x) => ({ name: x.name, value: Number(x.value.toFixed(2)), unit: x.unit, note: x.note ?? '' })));
}
