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

export interface BenchResult {
  suite: string;
  name: string;
  value: number;
  unit: string;
  compare?: { name: string; value: number; unit: string };
  note?: string;
}

const SUITE = 'access-path';
const ROWS = Number(process.env['ACCESS_BENCH_ROWS'] ?? 200_000);
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

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Median over 3 rounds of the mean µs per call of `fn` over `n` calls. */
function micros(n: number, fn: (i: number) => void): number {
  const rounds: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn(i);
    rounds.push(Number(process.hrtime.bigint() - t0) / 1000 / n);
  }
  return median(rounds);
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
    const twin = micros(5, (i) => check(pointTwin, BigInt(key(i))));
    const viaInt = micros(3000, (i) => check(point, BigInt(key(i))));
    out.push({ suite: SUITE, name: 'prepared id == $id (int64 value), point_get', value: viaInt, unit: 'µs/query', compare: { name: 'full scan twin', value: twin, unit: 'µs/query' } });
    const viaFloat = micros(3000, (i) => check(point, key(i)));
    out.push({ suite: SUITE, name: 'prepared id == $id (float64 value), point_get', value: viaFloat, unit: 'µs/query', compare: { name: 'full scan twin', value: twin, unit: 'µs/query' } });

    const top = BigInt(Math.floor(ROWS * 0.5 - 50));
    const range = `from items | filter price > ${top} | aggregate {n = count this}`;
    const rangeTwin = `from items | filter (price + 0) > ${top} | aggregate {n = count this}`;
    const count = (text: string): void => {
      if (db.querySync('prql', text).arrays()[0]?.[0] !== 99n) throw new Error(`unexpected count for ${text}`);
    };
    const pruned = micros(20, () => count(range));
    const full = micros(5, () => count(rangeTwin));
    out.push({
      suite: SUITE,
      name: `float column > int literal (zone-pruned), ${ROWS} rows in ${Math.ceil(ROWS / CHUNK)} flushes`,
      value: pruned,
      unit: 'µs/query',
      compare: { name: 'full scan twin', value: full, unit: 'µs/query' },
    });
    return out;
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await run();
  const rows = results.map((r) => [r.name, `${r.value.toFixed(1)} ${r.unit}`, r.compare === undefined ? '' : `${r.compare.name}: ${r.compare.value.toFixed(1)} ${r.compare.unit}`, r.note ?? '']);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i]?.length ?? 0)));
  for (const row of rows) console.log(row.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | '));
}
