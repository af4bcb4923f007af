/**
 * Sequencer benchmarks: Obelisk increments per second (durable each: one
 * ftruncate + fdatasync; and process-crash-safe only: ftruncate alone) and
 * Scarab ids per second; tinybench samples of batches of calls.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Obelisk } from '../src/storage/sequencer/obelisk.js';
import { Scarab } from '../src/storage/sequencer/scarab.js';
import { measure, perOp, QUICK, type Stats } from './lib/harness.js';
import { fromStats, rate } from './lib/result.js';
import type { BenchResult } from './lib/types.js';

const SUITE = 'sequencer';

/** Stats of one call of `step`, timed in batches of `batch` calls. */
async function perCall(batch: number, step: () => void, time = 500): Promise<Stats> {
  const n = QUICK ? Math.max(1, batch >> 4) : batch;
  return perOp(await measure(() => {
    for (let i = 0; i < n; i++) step();
  }, { time }), n);
}

export async function run(): Promise<BenchResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-seq-'));
  try {
    const durable = Obelisk.open(path.join(dir, 'durable'), { sync: true });
    const durableS = await perCall(10, () => durable.next(), 1000);
    durable.close();
    const nosync = Obelisk.open(path.join(dir, 'nosync'), { sync: false });
    const nosyncS = await perCall(1000, () => nosync.next());
    nosync.close();
    const memory = Obelisk.open(':memory:');
    const memoryS = await perCall(10_000, () => memory.next());
    const scarab = Scarab.open(Obelisk.open(path.join(dir, 'scarab')));
    const scarabS = await perCall(10_000, () => scarab.next());
    return [
      fromStats(SUITE, 'obelisk next() durable (ftruncate+fdatasync)', durableS, rate('ops/s', 1)),
      fromStats(SUITE, 'obelisk next() crash-safe (ftruncate only)', nosyncS, rate('ops/s', 1), { compare: { name: 'durable', stats: durableS }, note: 'survives SIGKILL, not power loss' }),
      fromStats(SUITE, 'obelisk next() :memory:', memoryS, rate('ops/s', 1)),
      fromStats(SUITE, 'scarab next()', scarabS, rate('ids/s', 1), { note: 'horizon persisted once per 1 s lease' }),
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { printResults } = await import('./run.js');
  console.log(printResults(await run()));
}
