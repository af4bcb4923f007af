/**
 * An input below the parallel threshold is replayed into the serial
 * aggregate through the same filter: the batches read while deciding must
 * not skip the filter the covered shape carries (regression: with the pool
 * on and the default threshold, `filter g == 25 | group {g}` over 100 rows
 * answered every group instead of one).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../database.js';
import { closeWorkerPool, configureParallelism, parallelSettings } from '../worker-pool.js';

describe('parallel aggregate below its threshold', () => {
  const before = parallelSettings();
  const db = Database.open(':memory:');
  db.createTable('t', [
    { name: 'id', type: 'int64' },
    { name: 'g', type: 'int64' },
    { name: 'v', type: 'float64' },
  ], ['id']);
  db.table('t').insert(Array.from({ length: 100 }, (_, i) => ({ id: BigInt(i), g: BigInt(i % 30), v: i / 4 })));
  db.flush('t');

  afterAll(async () => {
    db.close();
    configureParallelism({ workers: before.threads, minRows: before.minRows });
    await closeWorkerPool();
  });

  it('keeps the filter when the input is replayed into the serial aggregate', async () => {
    configureParallelism({ workers: 2, minRows: 1 << 20 });
    const rows = (await db.query('prql', 'from t | filter g == 25 | group {g} (aggregate {n = count this, s = sum v}) | sort g')).rows();
    const ids = Array.from({ length: 100 }, (_, i) => i).filter((i) => i % 30 === 25);
    expect(rows).toEqual([{ g: 25n, n: BigInt(ids.length), s: ids.reduce((a, i) => a + i / 4, 0) }]);
    const total = (await db.query('prql', 'from t | filter v < 5 | aggregate {n = count this}')).rows();
    expect(total).toEqual([{ n: 20n }]);
  });
});
