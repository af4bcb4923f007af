/** A small `people` table shared by the embedded-API tests: int64 beyond 2^53, NULLs, a timestamp column. */
import { open, type Database } from '../../index.js';

export const BIG = 9_007_199_254_740_993n; // 2^53 + 1: not representable as a double
export const TS_2020 = 1_577_836_800_000_000_000n; // 2020-01-01T00:00:00Z in ns

export function createPeople(db: Database): void {
  db.createTable(
    'people',
    [
      { name: 'id', type: 'int64' },
      { name: 'name', type: 'utf8' },
      { name: 'score', type: 'int64' },
      { name: 'city', type: 'utf8' },
      { name: 'joined', type: 'timestamp', metadata: { 'pyralog.tsformat': 'YYYY-MM-DD HH:mm:ss' } },
    ],
    ['id'],
  );
  db.table('people').insert([
    { id: 1n, name: 'Ada', score: BIG, city: 'London', joined: TS_2020 },
    { id: 2n, name: 'Bo', score: -5n, city: null, joined: TS_2020 + 86_400_000_000_000n },
    { id: 3n, name: 'Cy', score: 42n, city: 'Paris', joined: null },
  ]);
}

export function memoryPeople(): Database {
  const db = open(':memory:');
  createPeople(db);
  return db;
}
