/**
 * The fused WebAssembly group-by kernel end to end: group-by queries over a
 * stored LMDB table (flushed segments read in place from the column heap,
 * plus memtable rows), with NULL keys and values, NaN and −0, keys on the
 * direct and the hashed path and a key of ~3,000 distinct values that fills
 * small kernel blocks mid-range, run by the fused kernel (one thread and two)
 * must answer exactly as its JS twin (the same ranges merged in the same
 * order: identical rows, float sums bit for bit) and as the serial
 * operators (float sums up to the rounding of another addition order).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../database.js';
import { closeWorkerPool, configureParallelism, parallelSettings, parallelStats } from '../worker-pool.js';
import { configureFusedKernel, fusedKernelRows } from '../parallel-aggregate.js';
import { configureFusedGroupBy, fusedGroupByRows } from '../../exec/aggregate/fused-group-by.js';

let dir: string;
let db: Database;
const before = parallelSettings();
let state = 12345;
const rand = (): number => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pyralog-fused-'));
  db = Database.open(dir);
  db.createTable(
    't',
    [
      { name: 'id', type: 'int64', nullable: false },
      { name: 'k', type: 'int64', nullable: true },
      { name: 'w', type: 'int64', nullable: false },
      { name: 'q', type: 'int64', nullable: true },
      { name: 'v', type: 'float64', nullable: true },
    ],
    ['id'],
  );
  const row = (id: number) => {
    const r = rand();
    const k = r < 0.05 ? null : r < 0.7 ? BigInt(Math.floor(rand() * 30)) : BigInt(Math.floor(rand() * 20)) * 2n ** 40n - 7n;
    const s = rand();
    const v = s < 0.06 ? null : s < 0.08 ? [Number.NaN, -0, Infinity][Math.floor(rand() * 3)]! : Math.round((rand() - 0.3) * 1e5) / 100;
    return { id: BigInt(id), k, w: BigInt(Math.floor(rand() * 3000)) * 2n ** 33n, q: rand() < 0.05 ? null : BigInt(Math.floor(rand() * 100)) - 20n, v };
  };
  db.table('t').upsert(Array.from({ length: 20_000 }, (_, i) => row(i)));
  db.flush('t');
  db.table('t').upsert(Array.from({ length: 500 }, (_, i) => row(20_000 + i)));
});

afterAll(() => {
  db.close();
  configureParallelism({ workers: before.threads, minRows: before.minRows, morselRows: before.morselRows, rangeRows: before.rangeRows });
  configureFusedKernel({ groups: 32768, rows: 4096, enabled: true, minRows: 1 << 16 });
  configureFusedGroupBy({ enabled: true, groups: 32768 });
  closeWorkerPool();
  rmSync(dir, { recursive: true, force: true });
});

const QUERIES = [
  'from t | filter q < 50 | group {k} (aggregate {s = sum v, a = average v, n = count this}) | sort k',
  'from t | group {k} (aggregate {n = count this, c = count v, s = sum q, mn = min v, mx = max v, mi = min q, xi = max q}) | sort k',
  'from t | filter v > 1.5 && q >= 0 | group {w} (aggregate {n = count this, s = sum v, mi = min q}) | sort w',
  'from t | filter q != 3 | aggregate {n = count this, s = sum v, sq = sum q, mn = min v}',
  // w is NOT NULL: count this reads the row count of sum w's term
  'from t | filter q < 50 | group {k} (aggregate {n = count this, s = sum w, a = average w}) | sort k',
];

type Rows = Record<string, unknown>[];

function run(text: string, workers: number, fused: { enabled: boolean; groups?: number }): Rows {
  configureParallelism({ workers, minRows: 0, morselRows: 3000, rangeRows: 7000 });
  configureFusedKernel({ enabled: fused.enabled, groups: fused.groups ?? 32768, rows: 1000 });
  configureFusedGroupBy({ enabled: fused.enabled, groups: fused.groups ?? 32768 });
  return db.querySync('prql', text).rows() as Rows;
}

function attempt(text: string, workers: number, fused: { enabled: boolean; groups?: number }): Rows | string {
  try {
    return run(text, workers, fused);
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

function close(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  }
  return a === b;
}

describe('fused group-by kernel through db.query', () => {
  it.each(QUERIES)('%s', (text) => {
    const twin = run(text, 1, { enabled: false });
    const serial = run(text, 0, { enabled: false });
    const rowsBefore = fusedKernelRows();
    const fused1 = run(text, 1, { enabled: true });
    expect(fusedKernelRows()).toBeGreaterThan(rowsBefore);
    const fused2 = run(text, 2, { enabled: true });
    const small = run(text, 1, { enabled: true, groups: 16 });
    expect(twin.length).toBeGreaterThan(0);
    // the same ranges merged in the same order: identical, floats included (NaN compares equal in toEqual)
    expect(fused1).toEqual(twin);
    expect(fused2).toEqual(twin);
    expect(small).toEqual(twin);
    expect(serial.length).toBe(twin.length);
    serial.forEach((row, i) => {
      for (const [name, x] of Object.entries(row)) expect(close(twin[i]![name], x), `row ${i} ${name}: ${String(twin[i]![name])} vs ${String(x)}`).toBe(true);
    });
  });

  it('runs an input below the parallel threshold through the fused kernel on the calling thread alone', () => {
    const text = QUERIES[0]!;
    const serial = run(text, 0, { enabled: false });
    configureParallelism({ workers: 2, minRows: 1 << 20, morselRows: 3000, rangeRows: 7000 });
    const rowsBefore = fusedKernelRows();
    const statsBefore = parallelStats();
    configureFusedKernel({ enabled: true, minRows: 1000 });
    const fused = db.querySync('prql', text).rows() as Rows;
    expect(fusedKernelRows() - rowsBefore).toBeGreaterThan(10_000);
    expect(parallelStats()).toEqual(statsBefore); // no range went to the pool
    configureFusedKernel({ minRows: 1 << 20 });
    const replayed = db.querySync('prql', text).rows() as Rows;
    configureFusedKernel({ minRows: 1 << 16 });
    expect(fused.length).toBe(serial.length);
    for (const rows of [fused, replayed]) {
      serial.forEach((row, i) => {
        for (const [name, x] of Object.entries(row)) expect(close(rows[i]![name], x), `row ${i} ${name}`).toBe(true);
      });
    }
  });

  // the serial operators (workers: 0): the fused kernel vs the accumulators, one state each, so identical rows
  it.each([
    ...QUERIES,
    'from t | derive {k2 = k + 1, v2 = v * 2.0} | group {k2} (aggregate {s = sum v2, n = count v2, mx = max v2}) | sort k2',
    'from t | filter q > 10 | derive {big = w * 1000} | group {k} (aggregate {s = sum big}) | sort k',
    'from t | join side:left (from t | select {id2 = id, k3 = k}) (this.id == that.id2) | group {k3} (aggregate {n = count this, s = sum q}) | sort k3',
  ])('serial: %s', (text) => {
    const old = attempt(text, 0, { enabled: false });
    const rowsBefore = fusedGroupByRows();
    expect(attempt(text, 0, { enabled: true })).toEqual(old);
    // a derived key or argument is an expression of the aggregate's input (not a column): the accumulators run it
    if (text.includes('group {') && !text.includes('derive')) expect(fusedGroupByRows()).toBeGreaterThan(rowsBefore);
    expect(attempt(text, 0, { enabled: true, groups: 4 })).toEqual(old);
    if (typeof old !== 'string') expect(old.length).toBeGreaterThan(0);
  });

  it('serial: an int64 sum past 2^63 raises NUMERIC_OVERFLOW on both paths', () => {
    const text = 'from t | derive {big = w * 2000} | group {k} (aggregate {s = sum big})';
    expect(attempt(text, 0, { enabled: false })).toBe('NUMERIC_OVERFLOW');
    expect(attempt(text, 0, { enabled: true })).toBe('NUMERIC_OVERFLOW');
  });

  it('groups every NULL key into one group, first in key order', () => {
    const rows = run('from t | group {k} (aggregate {n = count this}) | sort k', 1, { enabled: true });
    expect(rows.filter((r) => r['k'] === null)).toHaveLength(1);
    expect(rows.reduce((s, r) => s + Number(r['n']), 0)).toBe(20_500);
  });
});
