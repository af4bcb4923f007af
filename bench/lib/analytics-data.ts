/**
 * The analytics suite's data: a table `f` of `rows` rows (int64 id key 0..n−1,
 * int64 k with 1,000 values, int64 q in 0..99, float64 v) drawn from a seeded
 * integer hash that JS and SQL evaluate bit for bit alike — so DuckDB builds
 * the same table from `range()` in SQL, and the stored copies (Pyralog's LMDB
 * directory, SQLite's file) are generated once and cached under
 * `.bench-cache/` keyed by seed, size and format version.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Float64, Int64, makeData, makeVector, RecordBatch, type Vector } from 'apache-arrow';
import BetterSqlite3 from 'better-sqlite3';
import { open } from '../../src/index.js';

/** Bump when the generator or the stored layout changes: old caches are then ignored. */
const FORMAT = 1;
const CHUNK = 1_000_000;

/** A 32-bit integer hash of (i, salt): (i·2654435761 + salt) mod 2³², xor-shift 15, ·2146121005 mod 2³², xor-shift 13. */
export function mix(i: number, salt: number): number {
  let h = (Math.imul(i, 0x9e3779b1) + salt) >>> 0;
  h = (h ^ (h >>> 15)) >>> 0;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  return (h ^ (h >>> 13)) >>> 0;
}

/** The same hash in SQL over an integer column `i` (DuckDB's xor(); products stay below 2⁶³). */
function sqlMix(i: string, salt: number): string {
  const h1 = `((${i} * 2654435761 + ${salt}) % 4294967296)`;
  const h2 = `xor(${h1}, ${h1} >> 15)`;
  const h3 = `((${h2}) * 2146121005 % 4294967296)`;
  return `xor(${h3}, ${h3} >> 13)`;
}

const salts = (seed: number): { k: number; q: number; v: number } => ({ k: seed * 4 + 1, q: seed * 4 + 2, v: seed * 4 + 3 });

/** DuckDB: CREATE TABLE f with the same rows as `columns(seed, 0, rows)`. */
export function duckdbCreateSql(seed: number, rows: number): string {
  const s = salts(seed);
  return `CREATE TABLE f AS SELECT i::BIGINT AS id, (${sqlMix('i', s.k)} % 1000)::BIGINT AS k, (${sqlMix('i', s.q)} % 100)::BIGINT AS q, (${sqlMix('i', s.v)})::DOUBLE / 65536.0 AS v FROM range(${rows}) r(i)`;
}

export interface Columns {
  readonly id: BigInt64Array;
  readonly k: BigInt64Array;
  readonly q: BigInt64Array;
  readonly v: Float64Array;
}

/** Rows first..first+n−1. */
export function columns(seed: number, first: number, n: number): Columns {
  const s = salts(seed);
  const c = { id: new BigInt64Array(n), k: new BigInt64Array(n), q: new BigInt64Array(n), v: new Float64Array(n) };
  for (let j = 0; j < n; j++) {
    const i = first + j;
    c.id[j] = BigInt(i);
    c.k[j] = BigInt(mix(i, s.k) % 1000);
    c.q[j] = BigInt(mix(i, s.q) % 100);
    c.v[j] = mix(i, s.v) / 65536;
  }
  return c;
}

function toBatch(c: Columns): RecordBatch {
  const vec = (d: unknown): Vector => makeVector(d as never) as Vector;
  const n = c.id.length;
  const int = (data: BigInt64Array): Vector => vec(makeData({ type: new Int64(), length: n, nullCount: 0, data }));
  return new RecordBatch({ id: int(c.id), k: int(c.k), q: int(c.q), v: vec(makeData({ type: new Float64(), length: n, nullCount: 0, data: c.v })) } as never) as RecordBatch;
}

const here = dirname(fileURLToPath(import.meta.url));
/** <repo>/.bench-cache (this file runs from dist/bench/lib). */
export const CACHE_ROOT = join(here, '..', '..', '..', '.bench-cache');

export interface CachedData {
  readonly seed: number;
  readonly rows: number;
  /** Pyralog database directory (LMDB on disk, table f flushed to segments and compacted). */
  readonly pyralogDir: string;
  /** SQLite database file with the same table. */
  readonly sqliteFile: string;
  /** Seconds spent building what was not cached yet (0 when all came from the cache). */
  readonly buildSeconds: number;
}

/** The stored copies of the data, built on first use (appendBatch in 1M-row batches; SQLite in one transaction). */
export function cachedData(seed: number, rows: number, log: (l: string) => void = () => {}): CachedData {
  const dir = join(CACHE_ROOT, `analytics-v${FORMAT}-seed${seed}-rows${rows}`);
  const pyralogDir = join(dir, 'pyralog');
  const sqliteFile = join(dir, 'sqlite.db');
  const t0 = performance.now();
  if (process.env['PYRALOG_BENCH_REBUILD'] === '1' || !existsSync(join(pyralogDir, 'DONE'))) {
    log(`[bench] analytics: building the Pyralog table of ${rows} rows in ${pyralogDir}`);
    rmSync(pyralogDir, { recursive: true, force: true });
    mkdirSync(pyralogDir, { recursive: true });
    const db = open(join(pyralogDir, 'db'));
    try {
      db.createTable('f', [{ name: 'id', type: 'int64' }, { name: 'k', type: 'int64' }, { name: 'q', type: 'int64' }, { name: 'v', type: 'float64' }], ['id']);
      for (let first = 0; first < rows; first += CHUNK) {
        const batch = toBatch(columns(seed, first, Math.min(CHUNK, rows - first)));
        db.transaction((tx) => tx.table('f').appendBatch(batch));
      }
      db.flush('f');
      db.compact('f');
    } finally {
      db.close();
    }
    writeFileSync(join(pyralogDir, 'DONE'), new Date().toISOString());
  }
  if (process.env['PYRALOG_BENCH_REBUILD'] === '1' || !existsSync(`${sqliteFile}.done`)) {
    log(`[bench] analytics: building the SQLite table of ${rows} rows in ${sqliteFile}`);
    rmSync(sqliteFile, { force: true });
    const lite = new BetterSqlite3(sqliteFile);
    try {
      lite.pragma('journal_mode = OFF');
      lite.pragma('synchronous = OFF');
      lite.exec('CREATE TABLE f (id INTEGER PRIMARY KEY, k INTEGER NOT NULL, q INTEGER NOT NULL, v REAL NOT NULL)');
      const ins = lite.prepare('INSERT INTO f VALUES (?, ?, ?, ?)');
      lite.transaction(() => {
        for (let first = 0; first < rows; first += CHUNK) {
          const c = columns(seed, first, Math.min(CHUNK, rows - first));
          for (let j = 0; j < c.id.length; j++) ins.run(c.id[j], c.k[j], c.q[j], c.v[j]);
        }
      })();
    } finally {
      lite.close();
    }
    writeFileSync(`${sqliteFile}.done`, new Date().toISOString());
  }
  return { seed, rows, pyralogDir: join(pyralogDir, 'db'), sqliteFile, buildSeconds: (performance.now() - t0) / 1000 };
}
