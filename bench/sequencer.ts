/**
 * Sequencer benchmarks: Obelisk increments per second (durable each: one
 * ftruncate + fdatasync; and process-crash-safe only: ftruncate alone) and
 * Scarab ids per second.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Obelisk } from '../src/storage/sequencer/obelisk.js';
import { Scarab } from '../src/storage/sequencer/scarab.js';

export interface BenchResult {
  suite: string;
  name: string;
  value: number;
  unit: string;
  compare?: { name: string; value: number; unit: string };
  note?: string;
}

/** Runs `step` repeatedly for about `ms` milliseconds; returns operations per second. */
function rate(ms: number, batch: number, step: () => void): number {
  const start = process.hrtime.bigint();
  const limit = BigInt(ms) * 1_000_000n;
  let ops = 0;
  let elapsed = 0n;
  do {
    for (let i = 0; i < batch; i++) step();
    ops += batch;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < limit);
  return ops / (Number(elapsed) / 1e9);
}

export async function run(): Promise<BenchResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-seq-'));
  try {
    const durable = Obelisk.open(path.join(dir, 'durable'), { sync: true });
    const durableRate = rate(2000, 10, () => durable.next());
    durable.close();
    const nosync = Obelisk.open(path.join(dir, 'nosync'), { sync: false });
    const nosyncRate = rate(2000, 1000, () => nosync.next());
    nosync.close();
    const memory = Obelisk.open(':memory:');
    const memoryRate = rate(500, 10_000, () => memory.next());
    const scarab = Scarab.open(Obelisk.open(path.join(dir, 'scarab')));
    const scarabRate = rate(2000, 10_000, () => scarab.next());
    return [
      { suite: 'sequencer', name: 'obelisk next() durable (ftruncate+fdatasync)', value: durableRate, unit: 'ops/s' },
      {
        suite: 'sequencer',
        name: 'obelisk next() crash-safe (ftruncate only)',
        value: nosyncRate,
        unit: 'ops/s',
        note: 'survives SIGKILL, not power loss',
      },
      { suite: 'sequencer', name: 'obelisk next() :memory:', value: memoryRate, unit: 'ops/s' },
      { suite: 'sequencer', name: 'scarab next()', value: scarabRate, unit: 'ids/s', note: 'horizon persisted once per 1 s lease' },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await run();
  for (const r of results) {
    console.log(`${r.suite.padEnd(10)} ${r.name.padEnd(48)} ${Math.round(r.value).toLocaleString('en-US').padStart(14)} ${r.unit}${r.note ? `  (${r.note})` : ''}`);
  }
}
