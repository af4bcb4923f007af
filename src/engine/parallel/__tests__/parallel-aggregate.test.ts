/**
 * Differential test of the parallel aggregate: the same queries over random
 * stored data (NULLs, NaN, −0, ±Infinity, int64 past 2^32 and 2^53, keys on
 * the direct and the hashed path, rows in segments and in the memtable,
 * overwritten and deleted keys; zero-copy heap morsels and merged ones) run by the serial operators (workers: 0) and in parallel
 * (two workers, threshold 0, tiny morsels and ranges so every query spreads
 * over many ranges), and on the calling thread alone (one thread), must
 * give the same rows in the same order: counts,
 * int64 sums, min/max and keys exactly; float sums and averages up to the
 * rounding of a different addition order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../database.js';
import { closeWorkerPool, configureParallelism, parallelSettings, parallelStats } from '../worker-pool.js';
import { Aggregate, Filter, Scan, agg, call, col, lit } from '../../../planner/ir/index.js';
import { parallelShape } from '../parallel-aggregate.js';

const seed = Number(process.env['PYRALOG_SEED'] ?? Date.now() % 1_000_000);
let state = seed >>> 0 || 1;
function rand(): number {
  // xorshift32
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

function randomK(): bigint | null {
  const r = rand();
  if (r < 0.05) return null;
  if (r < 0.75) return BigInt(Math.floor(rand() * 40)); // direct path
  return pick([-1n, -(2n ** 40n), 2n ** 33n + 7n, 70_000n, -(2n ** 63n), 2n ** 63n - 1n]); // hashed path
}
function randomQ(): bigint | null {
  const r = rand();
  if (r < 0.08) return null;
  if (r < 0.8) return BigInt(Math.floor(rand() * 100));
  return pick([2n ** 40n + 3n, -(2n ** 35n), 2n ** 53n + 1n, -1n, 0n, 4294967295n, -4294967296n]);
}
function randomV(): number | null {
  const r = rand();
  if (r < 0.08) return null;
  if (r < 0.11) return pick([Number.NaN, -0, 0, Infinity, -Infinity, 1e300, -1e-300]);
  return Math.round((rand() - 0.4) * 1e6) / 1000;
}

let dir: string;
let db: Database;
const before = parallelSettings();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pyralog-parallel-'));
  db = Database.open(dir);
  db.createTable(
    't',
    [
      { name: 'id', type: 'int64', nullable: false },
      { name: 'k', type: 'int64', nullable: true },
      { name: 'q', type: 'int64', nullable: true },
      { name: 'v', type: 'float64', nullable: true },
    ],
    ['id'],
  );
  const row = (id: number) => ({ id: BigInt(id), k: randomK(), q: randomQ(), v: randomV() });
  // A flushed base (read as zero-copy heap slices: workers), a flushed overwrite of one band and
  // memtable rows and deletes in another (merged batches: the calling thread).
  const unique = (rows: ReturnType<typeof row>[]) => [...new Map(rows.map((r) => [r.id, r])).values()];
  db.table('t').upsert(Array.from({ length: 12_000 }, (_, i) => row(i)));
  db.flush('t');
  db.table('t').upsert(unique(Array.from({ length: 600 }, () => row(3000 + Math.floor(rand() * 1000)))));
  db.flush('t');
  db.table('t').upsert(unique(Array.from({ length: 400 }, () => row(8000 + Math.floor(rand() * 1000)))));
  db.table('t').delete(Array.from({ length: 100 }, (_, i) => [BigInt(8000 + i * 7)]));
});

afterAll(() => {
  db.close();
  configureParallelism({ workers: before.threads, minRows: before.minRows, morselRows: before.morselRows, rangeRows: before.rangeRows });
  closeWorkerPool();
  rmSync(dir, { recursive: true, force: true });
});

const QUERIES = [
  'from t | aggregate {s = sum v, a = average v, n = count this, c = count v, mn = min v, mx = max v, si = sum q, ai = average q, mi = min q, xi = max q, ci = count q}',
  'from t | group {k} (aggregate {s = sum v, a = average v, n = count this, mn = min v, mx = max v, mi = min q, xi = max q, ci = count q})',
  'from t | filter q < 50 | group {k} (aggregate {s = sum v, n = count this, mn = min v, mx = max v})',
  'from t | filter v > 0.5 | group {k} (aggregate {n = count this, mn = min v, mx = max v, a = average v})',
  'from t | filter v >= 0.0 && q != 3 | aggregate {n = count this, mn = min v, s = sum q}',
  'from t | filter v <= -0.0 | aggregate {n = count this, mn = min v, mx = max v}',
  'from t | filter q == 7 | group {k} (aggregate {n = count this, s = sum q})',
  'from t | filter k >= 10 && k < 30 | group {k} (aggregate {mi = min q, xi = max q, a = average q})',
  'from t | filter v < -1000000.0 | group {k} (aggregate {n = count this, s = sum v})',
];

type Cell = unknown;

function sameCell(a: Cell, b: Cell, float: boolean): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    if (!Number.isFinite(a) || !Number.isFinite(b) || !float) return Object.is(a, b) || (float && a === b);
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  }
  return a === b;
}

function run(text: string, workers: number, minRows = 0): { rows: Record<string, Cell>[] } | { error: string } {
  configureParallelism({ workers, minRows, morselRows: 700, rangeRows: 2000 });
  try {
    return { rows: db.querySync('prql', text).rows() as Record<string, Cell>[] };
  } catch (e) {
    return { error: (e as { code?: string }).code ?? String(e) };
  }
}

function compare(text: string, serial: ReturnType<typeof run>, parallel: ReturnType<typeof run>): void {
  if ('error' in serial) {
    expect(parallel).toEqual(serial);
    return;
  }
  if ('error' in parallel) expect.fail(`parallel failed with ${parallel.error} (seed ${seed}): ${text}`);
  const p = parallel.rows;
  expect(p.length).toBe(serial.rows.length);
  expect(serial.rows.length).toBeGreaterThan(0);
  for (let i = 0; i < p.length; i++) {
    const row: Record<string, Cell> = serial.rows[i]!;
    for (const name of Object.keys(row)) {
      const float = name === 's' || name === 'a' || name === 'ai';
      if (!sameCell(p[i]![name], row[name], float)) {
        expect.fail(`${text}\nrow ${i} column ${name}: parallel ${String(p[i]![name])} vs serial ${String(row[name])} (seed ${seed})`);
      }
    }
  }
}

describe(`parallel aggregate vs serial (seed ${seed})`, () => {
  it.each(QUERIES)('%s', (text) => {
    const serial = run(text, 0);
    compare(text, serial, run(text, 3));
    compare(text, serial, run(text, 1));
    // the threshold met mid-scan (the batches read while deciding become morsels), and never met
    // (they are replayed through the filter into the serial operators)
    compare(text, serial, run(text, 3, 5000));
    compare(text, serial, run(text, 3, 1_000_000));
  });

  it('workers alone compute every range (the calling thread only scans and merges)', () => {
    const before = parallelStats();
    configureParallelism({ callerJoins: false });
    try {
      for (const text of QUERIES.slice(0, 3)) compare(text, run(text, 0), run(text, 3));
    } finally {
      configureParallelism({ callerJoins: true });
    }
    const after = parallelStats();
    expect(after.rangesByCaller).toBe(before.rangesByCaller);
    // 3 queries over 12k rows in 2000-row ranges, at most two of them holding merged batches
    expect(after.rangesByWorkers - before.rangesByWorkers).toBeGreaterThanOrEqual(3 * 3);
  });

  it('covers only the shapes the morsel kernels compute', () => {
    const schema = {
      fields: [
        { name: 'id', type: 'int64' as const, nullable: false },
        { name: 'k', type: 'int64' as const, nullable: true },
        { name: 's', type: 'utf8' as const, nullable: true },
        { name: 'v', type: 'float64' as const, nullable: true },
      ],
    };
    const numeric = Scan.create('t', schema, { projection: [1, 3] });
    const grouped = Aggregate.create(Filter.create(numeric, call('lt', col(1), lit(0.5))), [{ expr: col(0), name: 'k' }], [agg('sum', [col(1)], 's'), agg('avg', [col(1)], 'a'), agg('count', [], 'n')]);
    const shape = parallelShape(grouped);
    expect(shape?.spec).toEqual({
      filter: [{ col: 1, op: 'lt', int64: false, lo: 0.5, hi: 0 }],
      key: 0,
      aggs: [{ kind: 'sum', col: 1, int64: false }, { kind: 'count_rows', col: -1, int64: false }],
    });
    expect(shape?.outputs).toEqual([{ kind: 'term', term: 0 }, { kind: 'avg', term: 0 }, { kind: 'term', term: 1 }]);
    // a utf8 column in the scan, an expression argument, a distinct count, a float key: serial
    expect(parallelShape(Aggregate.create(Scan.create('t', schema), [], [agg('count', [], 'n')]))).toBeNull();
    expect(parallelShape(Aggregate.create(numeric, [], [agg('sum', [call('add', col(1), lit(1.0))], 's')]))).toBeNull();
    expect(parallelShape(Aggregate.create(numeric, [], [agg('count', [col(0)], 'n', { distinct: true })]))).toBeNull();
    expect(parallelShape(Aggregate.create(numeric, [{ expr: col(1), name: 'v' }], [agg('count', [], 'n')]))).toBeNull();
  });
});
