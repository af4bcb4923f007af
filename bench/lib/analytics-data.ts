/**
 * The analytics suite's data: a table `f` of `rows` rows (int64 id key 0..n−1,
 * int64 k with 1,000 values, int64 q in 0..99, float64 v) drawn from a seeded
 * integer hash that JS and SQL evaluate bit for bit alike — so DuckDB builds
 * the same table from `range()` in SQL, and the stored copies (Pyralog's LMDB
 * directory, SQLite's file) are generated once and cached under
 * `.bench-cache/` keyed by seed, size, format version and (Pyralog's) a hash
 * of the storage code that wrote it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Float64, Int64, makeData, makeVector, RecordBatch, type Vector } from 'apache-arrow';
import BetterSqlite3 from 'better-sqlite3';
import { open } from '../../src/index.js';
import { columns, type Columns } from './analytics-formula.js';

export { columns, duckdbCreateSql, mix, type Columns } from './analytics-formula.js';

/** Bump when the generator or the stored layout changes: old caches are then ignored. */
const FORMAT = 1;
const CHUNK = 1_000_000;

function toBatch(c: Columns): RecordBatch {
  const vec = (d: unknown): Vector => makeVector(d as never) as Vector;
  const n = c.id.length;
  const int = (data: BigInt64Array): Vector => vec(makeData({ type: new Int64(), length: n, nullCount: 0, data }));
  return new RecordBatch({ id: int(c.id), k: int(c.k), q: int(c.q), v: vec(makeData({ type: new Float64(), length: n, nullCount: 0, data: c.v })) } as never) as RecordBatch;
}

const here = dirname(fileURLToPath(import.meta.url));
/** <repo>/.bench-cache (this file runs from dist/bench/lib). */
export const CACHE_ROOT = join(here, '..', '..', '..', '.bench-cache');

/**
 * A short hash of the storage code this build runs (dist/src/storage/**.js): a cache written by
 * other storage code is not reused, so a format change can never be read as stale segments.
 */
function storageFingerprint(): string {
  const root = join(here, '..', '..', 'src', 'storage');
  const h = createHash('sha256');
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== '__tests__') walk(p);
      } else if (e.name.endsWith('.js')) h.update(p.slice(root.length)).update(readFileSync(p));
    }
  };
  try {
    walk(root);
  } catch {
    return 'unknown';
  }
  return h.digest('hex').slice(0, 10);
}

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
  const pyralogDir = join(dir, `pyralog-${storageFingerprint()}`);
  const sqliteFile = join(dir, 'sqlite.db');
  const t0 = performance.now();
  if (process.env['PYRALOG_BENCH_REBUILD'] === '1' || !existsSync(join(pyralogDir, 'DONE'))) {
    log(`[bench] analytics: building the Pyralog table of ${rows} rows in ${pyralogDir}`);
    // Copies written by other storage code go: one database per size stays on disk.
    if (existsSync(dir)) for (const e of readdirSync(dir)) if (e.startsWith('pyralog')) rmSync(join(dir, e), { recursive: true, force: true });
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
