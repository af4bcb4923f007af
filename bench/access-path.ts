/**
 * Access paths from parameters and from literals of the other numeric type,
 * through the embedded API on an LMDB directory: a prepared point query
 * (`filter id == $id`, int and float values) and a zone-map-pruned range on a
 * float column compared with an int literal, each against its full-scan twin
 * (`(id + 0)`, which no access path can use).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { open, type Database } from '../src/index.js';
import { measure, perOp, QUICK, type Stats } from './lib/harness.js';
import { fromStats, US } from './lib/result.js';
import type { BenchResult } from './lib/types.js';

const SUITE = 'access-path';
const ROWS = Number(process.env['ACCESS_BENCH_ROWS'] ?? (QUICK ? 40_000 : 200_000));
const PER_QUERY = { label: 'µs/query', of: US.of };
const CHUNK = 20_000;

function fill(db: Database): void {
  db.createTable(
    'items',
    [
      { name: 'id', type: 'int64' },
      { name: 'price', type: 'float64' },
      { name: 'name', type: 'utf8' },
    ],
    ['id'],
  );
  for (let s = 0; s < ROWS; s += CHUNK) {
    const rows = Array.from({ length: Math.min(CHUNK, ROWS - s) }, (_, j) => ({ id: BigInt(s + j), price: (s + j) * 0.5, name: `item ${s + j}` }));
    db.table('items').insert(rows);
    db.flush('items');
  }
}

/** Stats of one call of `fn(i)`, tinybench samples of batches of `n` calls (i runs on across samples). */
async function perCall(n: number, fn: (i: number) => void): Promise<Stats> {
  let i = 0;
  const k = QUICK ? Math.max(1, n >> 3) : n;
  return perOp(await measure(() => {
    for (let j = 0; j < k; j++) fn(i++);
  }, { iterations: 5, time: 200 }), k);
}

export async function run(): Promise<BenchResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-bench-access-'));
  const db = open(dir);
  try {
    fill(db);
    const out: BenchResult[] = [];
    const key = (i: number): number => (i * 7919) % ROWS;

    const point = db.prepare('prql', 'from items | filter id == $id | select {name}', { id: 0n });
    const pointTwin = db.prepare('prql', 'from items | filter (id + 0) == $id | select {name}', { id: 0n });
    const check = (q: typeof point, id: bigint | number): void => {
      if (q.runSync({ id }).arrays().length !== 1) throw new Error(`no row for id ${id}`);
    };
    const twin = await perCall(5, (i) => check(pointTwin, BigInt(key(i))));
    const viaInt = await perCall(300, (i) => check(point, BigInt(key(i))));
    out.push(fromStats(SUITE, 'prepared id == $id (int64 value), point_get', viaInt, PER_QUERY, { compare: { name: 'full scan twin', stats: twin } }));
    const viaFloat = await perCall(300, (i) => check(point, key(i)));
    out.push(fromStats(SUITE, 'prepared id == $id (float64 value), point_get', viaFloat, PER_QUERY, { compare: { name: 'full scan twin', stats: twin } }));

    const top = BigInt(Math.floor(ROWS * 0.5 - 50));
    const range = `from items | filter price > ${top} | aggregate {n = count this}`;
    const rangeTwin = `from items | filter (price + 0) > ${top} | aggregate {n = count this}`;
    const count = (text: string): void => {
      if (db.querySync('prql', text).arrays()[0]?.[0] !== 99n) throw new Error(`unexpected count for ${text}`);
    };
    const pruned = await perCall(20, () => count(range));
    const full = await perCall(5, () => count(rangeTwin));
    out.push(fromStats(SUITE, `float column > int literal (zone-pruned), ${ROWS} rows in ${Math.ceil(ROWS / CHUNK)} flushes`, pruned, PER_QUERY, { compare: { name: 'full scan twin', stats: full } }));
    return out;
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { printResults } = await import('./run.js');
  console.log(printResults(await run()));
}
