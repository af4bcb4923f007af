/**
 * The analytics suite's queries (issue #12's table) and one adapter per
 * engine that answers them over the same table `f`: Pyralog through
 * `db.query('prql', …)` on the stored LMDB database (its worker threads set
 * like DuckDB's), DuckDB in memory (built
 * from the same seeded formula in SQL) with a chosen thread count, and SQLite
 * (better-sqlite3) on its stored file. Every adapter materializes the result
 * as JS values (Pyralog `arrays()`, DuckDB `getRows()`, SQLite `raw().all()`),
 * so all pay for handing the rows to the caller.
 */
import { DuckDBInstance, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import BetterSqlite3 from 'better-sqlite3';
import { configureParallelism } from '../../src/engine/parallel/worker-pool.js';
import { open, type Database } from '../../src/index.js';
import { duckdbCreateSql, mix, type CachedData } from './analytics-data.js';

export type QueryKey = 'filter-group-sort' | 'sum' | 'top10' | 'point';

export interface AnalyticQuery {
  readonly key: QueryKey;
  /** The PRQL text as the table names it (the point query takes $1). */
  readonly prql: string;
  readonly sql: string;
  /** Operations per timed call (the point query runs a batch of lookups per sample). */
  readonly perCall: number;
}

export const POINT_BATCH = 100;

export const QUERIES: readonly AnalyticQuery[] = [
  {
    key: 'filter-group-sort',
    prql: 'from f | filter q < 50 | group {k} (aggregate {s = sum v, a = average v, n = count this}) | sort k',
    sql: 'SELECT k, sum(v) AS s, avg(v) AS a, count(*) AS n FROM f WHERE q < 50 GROUP BY k ORDER BY k',
    perCall: 1,
  },
  { key: 'sum', prql: 'from f | aggregate {s = sum v}', sql: 'SELECT sum(v) AS s FROM f', perCall: 1 },
  { key: 'top10', prql: 'from f | sort {-v, id} | take 10', sql: 'SELECT id, k, q, v FROM f ORDER BY v DESC, id LIMIT 10', perCall: 1 },
  { key: 'point', prql: 'from f | filter id == $1', sql: 'SELECT id, k, q, v FROM f WHERE id = $1', perCall: POINT_BATCH },
];

export type EngineKind = 'pyralog' | 'duckdb' | 'sqlite';

export interface Engine {
  readonly label: string;
  /** Runs the query (a batch of POINT_BATCH lookups for `point`); returns the rows of the last result as arrays. */
  run(q: AnalyticQuery, call: number): Promise<unknown[][]>;
  close(): Promise<void>;
}

/** Keys of the point lookups: a seeded spread over the table. */
export function pointKey(call: number, j: number, rows: number): number {
  return mix(call * POINT_BATCH + j, 77) % rows;
}

/** Pyralog on the stored database; `threads` (the calling thread included) set with configureParallelism, a process-wide setting. */
export async function openPyralog(data: CachedData, threads: number): Promise<Engine & { setThreads(n: number): Promise<void> }> {
  const db: Database = open(data.pyralogDir, { mustExist: true });
  configureParallelism({ workers: threads });
  return {
    label: 'Pyralog',
    async setThreads(n) {
      configureParallelism({ workers: n });
    },
    async run(q, call) {
      if (q.key !== 'point') return (await db.query('prql', q.prql)).arrays();
      let last: unknown[][] = [];
      for (let j = 0; j < POINT_BATCH; j++) last = (await db.query('prql', q.prql, [BigInt(pointKey(call, j, data.rows))])).arrays();
      return last;
    },
    async close() {
      db.close();
    },
  };
}

/** DuckDB in memory with the table built from the same formula; `threads` set with SET threads. */
export async function openDuckdb(data: Pick<CachedData, 'seed' | 'rows'>, threads: number): Promise<Engine & { setThreads(n: number): Promise<void> }> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn: DuckDBConnection = await instance.connect();
  await conn.run(duckdbCreateSql(data.seed, data.rows));
  await conn.run(`SET threads = ${threads}`);
  let label = `DuckDB ${threads} thread${threads === 1 ? '' : 's'}`;
  const prepared = new Map<QueryKey, DuckDBPreparedStatement>();
  const stmt = async (q: AnalyticQuery): Promise<DuckDBPreparedStatement> => {
    let p = prepared.get(q.key);
    if (p === undefined) prepared.set(q.key, (p = await conn.prepare(q.sql)));
    return p;
  };
  return {
    get label() {
      return label;
    },
    async setThreads(n) {
      await conn.run(`SET threads = ${n}`);
      label = `DuckDB ${n} thread${n === 1 ? '' : 's'}`;
    },
    async run(q, call) {
      const p = await stmt(q);
      if (q.key !== 'point') return (await p.runAndReadAll()).getRows();
      let last: unknown[][] = [];
      for (let j = 0; j < POINT_BATCH; j++) {
        p.bindBigInt(1, BigInt(pointKey(call, j, data.rows)));
        last = (await p.runAndReadAll()).getRows();
      }
      return last;
    },
    async close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/** SQLite on the stored file, read-only, prepared statements. */
export async function openSqlite(data: CachedData): Promise<Engine> {
  const lite = new BetterSqlite3(data.sqliteFile, { readonly: true });
  lite.defaultSafeIntegers(true);
  const prepared = new Map<QueryKey, BetterSqlite3.Statement>();
  const stmt = (q: AnalyticQuery): BetterSqlite3.Statement => {
    let p = prepared.get(q.key);
    if (p === undefined) prepared.set(q.key, (p = lite.prepare(q.sql.replace('$1', '?')).raw(true)));
    return p;
  };
  return {
    label: 'SQLite',
    async run(q, call) {
      const p = stmt(q);
      if (q.key !== 'point') return p.all() as unknown[][];
      let last: unknown[][] = [];
      for (let j = 0; j < POINT_BATCH; j++) last = p.all(BigInt(pointKey(call, j, data.rows))) as unknown[][];
      return last;
    },
    async close() {
      lite.close();
    },
  };
}

/** Opens one engine by kind (DuckDB with `threads`). */
export async function openEngine(kind: EngineKind, data: CachedData, threads = 1): Promise<Engine> {
  switch (kind) {
    case 'pyralog':
      return openPyralog(data, threads);
    case 'duckdb':
      return openDuckdb(data, threads);
    case 'sqlite':
      return openSqlite(data);
  }
}
