/**
 * A query's checkCancel reaches the morsel-parallel operators: the parallel
 * top-k and aggregate call it between the morsels they scan and between the
 * ranges they compute (on the calling thread, and while waiting for the
 * workers), so a timeout stops them mid-query with its own error; the pool
 * is left usable (the next query answers correctly).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../database.js';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { closeWorkerPool, configureParallelism, parallelSettings } from '../worker-pool.js';

const ROWS = 20_000;
const MORSEL = 500;
const before = parallelSettings();
let db: Database;

beforeAll(() => {
  db = Database.open(':memory:');
  db.createTable('t', [
    { name: 'id', type: 'int64', nullable: false },
    { name: 'k', type: 'int64', nullable: false },
    { name: 'v', type: 'float64', nullable: false },
  ], ['id']);
  db.table('t').insert(Array.from({ length: ROWS }, (_, i) => ({ id: BigInt(i), k: BigInt(i % 7), v: ((i * 7919) % 1009) / 8 })));
  db.flush('t');
});

afterAll(() => {
  db.close();
  configureParallelism({ workers: before.threads, minRows: before.minRows, morselRows: before.morselRows, rangeRows: before.rangeRows });
  closeWorkerPool();
});

const QUERIES = {
  'top-k': 'from t | sort {-v, id} | take 5',
  aggregate: 'from t | group {k} (aggregate {s = sum v, n = count this}) | sort k',
};

/** A checkCancel that counts its calls and throws QUERY_TIMEOUT on call number `at` (never when at = 0). */
function canceller(at: number): { calls: number; check: () => void } {
  const c = {
    calls: 0,
    check: () => {
      c.calls++;
      if (c.calls === at) throw new PyralogError('QUERY_TIMEOUT', 'cancelled by the test', { phase: 'execute' });
    },
  };
  return c;
}

describe.each(Object.entries(QUERIES))('%s: checkCancel between morsels', (_name, text) => {
  const run = (at: number, workers: number): { calls: number; rows?: unknown[]; code?: string } => {
    configureParallelism({ workers, minRows: 0, morselRows: MORSEL, rangeRows: 2 * MORSEL });
    const c = canceller(at);
    try {
      const rows = db.prepare('prql', text).runSync(undefined, { checkCancel: c.check }).rows();
      return { calls: c.calls, rows };
    } catch (e) {
      return { calls: c.calls, code: (e as { code?: string }).code ?? String(e) };
    }
  };

  it('is called at least once per morsel scanned and per range the calling thread computes', () => {
    const serial = run(0, 0).rows;
    for (const workers of [1, 2]) {
      const r = run(0, workers);
      expect(r.rows).toEqual(serial);
      // ROWS / MORSEL morsels read, then ROWS / (2 * MORSEL) ranges: all on the calling thread with one
      // thread; with workers, the caller checks after the ranges it computes and while it waits
      expect(r.calls).toBeGreaterThanOrEqual(workers === 1 ? ROWS / MORSEL + ROWS / (2 * MORSEL) - 2 : ROWS / MORSEL + 1);
    }
  });

  // In the scan (calls 1..ROWS / MORSEL) with and without workers; among the ranges with one thread (with
  // workers, how many ranges the calling thread takes, and so how many calls follow the scan, is up to timing).
  it.each([
    [1, [1, 2]],
    [ROWS / MORSEL - 5, [1, 2]],
    [ROWS / MORSEL + 3, [1]],
  ] as const)('a throw at call %i stops the query with that error, and the next query is right (threads %j)', (at, threads) => {
    const serial = run(0, 0).rows;
    for (const workers of threads) {
      const r = run(at, workers);
      expect(r.code).toBe('QUERY_TIMEOUT');
      expect(r.calls).toBe(at);
      expect(run(0, workers).rows).toEqual(serial);
    }
  });
});
