/**
 * The durable backend: one LMDB environment per database directory with one
 * named sub-database per DbName. Writes run in `transactionSync` with
 * synchronous commits (durable on return); reads run in an explicit LMDB read
 * transaction. LMDB grows its map by itself; this file enforces `maxMapSize`
 * before commit and turns LMDB's map-full and the OS's disk-full errors into
 * MAP_FULL / DISK_FULL.
 */
import { open, type Database, type RootDatabase, type Transaction } from 'lmdb';
import { PyralogError } from '../../errors/pyralog-error.js';
import { storageError } from '../errors.js';
import { DB_NAMES, MAX_KEY_BYTES, keyTooLarge, type DbName, type KvBackend, type KvEntry, type KvReadTxn, type KvWrite, type RangeQuery } from './kv-backend.js';

type Db = Database<Buffer, Buffer>;
interface NativeEnv {
  info(): { lastTxnId: number };
}
interface FastGet {
  getBinaryFast(key: Buffer, options: unknown): Buffer | undefined;
}

/**
 * lmdb-js's getBinaryFast returns its reused read buffer with `length` set to
 * the value's size while the view itself may be longer: cut it to the value.
 */
function exact(b: Buffer | undefined): Uint8Array | undefined {
  return b === undefined ? undefined : b.subarray(0, b.length);
}

export interface LmdbBackendOptions {
  readonly mapSize?: number;
  readonly maxMapSize?: number;
  readonly readOnly?: boolean;
  /** `path` is the data file itself (a legacy single-file database), not a directory (default false, whatever the name). */
  readonly singleFile?: boolean;
}

/** Default ceiling of the map: 64 GiB. */
export const DEFAULT_MAX_MAP_SIZE = 64 * 1024 ** 3;

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Turns an LMDB or OS failure into a storage error with a stable code. */
export function translateLmdbError(e: unknown): unknown {
  if (e instanceof PyralogError) return e;
  const message = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: unknown } | null)?.code;
  if (/MDB_MAP_FULL|mapsize limit/i.test(message)) {
    return storageError('MAP_FULL', 'the LMDB map is full', { cause: e, hints: ['raise maxMapSize'] });
  }
  if (code === 'ENOSPC' || /ENOSPC|No space left/i.test(message)) {
    return storageError('DISK_FULL', 'the disk is full', { cause: e });
  }
  return e;
}

/**
 * A range whose bound is longer than any stored key can be (LMDB refuses such
 * a bound) is asked with the bound cut to MAX_KEY_BYTES, T. For a stored key
 * k (never longer than T) and the long bound B that T begins: k < B exactly
 * when k <= T. So a reverse range's bounds (upper inclusive, lower exclusive)
 * may use T as they are; a forward range's start (inclusive) skips k == T and
 * its end (exclusive) becomes inclusive of T.
 */
function rangeOf(db: Db, q: RangeQuery, transaction: Transaction | undefined): Iterable<KvEntry> {
  const options: Record<string, unknown> = {};
  const longStart = q.start !== undefined && q.start.length > MAX_KEY_BYTES;
  const cut = (b: Uint8Array): Buffer => asBuffer(b.length > MAX_KEY_BYTES ? b.subarray(0, MAX_KEY_BYTES) : b);
  if (q.start !== undefined) options['start'] = cut(q.start);
  if (q.end !== undefined) {
    options['end'] = cut(q.end);
    if (!q.reverse && q.end.length > MAX_KEY_BYTES) options['inclusiveEnd'] = true;
  }
  if (q.reverse) options['reverse'] = true;
  const skipFirst = longStart && !q.reverse ? (options['start'] as Buffer) : undefined;
  if (q.limit !== undefined && skipFirst === undefined) options['limit'] = q.limit;
  if (transaction !== undefined) options['transaction'] = transaction;
  const it = db.getRange(options) as Iterable<{ key: unknown; value: unknown }>;
  const limit = skipFirst === undefined ? Infinity : (q.limit ?? Infinity);
  return { [Symbol.iterator]: () => new RangeEntries(it[Symbol.iterator](), skipFirst, limit) };
}

/**
 * lmdb-js's range entries as KvEntry (the key copied out of LMDB's reused
 * buffer), skipping `skipFirst` and stopping after `limit`. A class, not a
 * generator over lmdb-js's iterator: with the generator every range read —
 * its iterator, cursor closures and whatever the caller held — survived
 * young-generation GCs until a full GC (an empty 50-range loop promoted
 * ~9 MB per scavenge; as a class, nothing), which made every scan's
 * garbage old.
 */
class RangeEntries implements Iterator<KvEntry> {
  private left: number;

  constructor(
    private readonly inner: Iterator<{ key: unknown; value: unknown }>,
    private readonly skipFirst: Buffer | undefined,
    limit: number,
  ) {
    this.left = limit;
  }

  next(): IteratorResult<KvEntry> {
    while (this.left > 0) {
      const r = this.inner.next();
      if (r.done === true) break;
      const key = r.value.key as Buffer;
      if (this.skipFirst !== undefined && key.equals(this.skipFirst)) continue;
      this.left--;
      return { done: false, value: { key: Uint8Array.prototype.slice.call(key), value: r.value.value as Buffer } };
    }
    this.finish();
    return { done: true, value: undefined };
  }

  /** An early stop (a `break` in the caller's loop) ends lmdb-js's iteration too, releasing its cursor. */
  return(): IteratorResult<KvEntry> {
    this.finish();
    return { done: true, value: undefined };
  }

  private finish(): void {
    if (this.left === -1) return;
    this.left = -1;
    this.inner.return?.();
  }
}

export class LmdbBackend implements KvBackend {
  readonly readOnly: boolean;
  private readonly env: RootDatabase;
  /** lmdb-js's native environment (not in its typings): `info()` reads the last committed transaction id. */
  private readonly native: NativeEnv;
  private readonly dbs: ReadonlyMap<DbName, Db>;
  private readonly maxMapSize: number;
  private used: number;
  private inWrite = false;
  private closed = false;
  /** The environment's last committed transaction id when the shared read transaction was last renewed. */
  private seenTxnId = -1;

  constructor(
    readonly path: string,
    options: LmdbBackendOptions = {},
  ) {
    this.readOnly = options.readOnly ?? false;
    this.maxMapSize = options.maxMapSize ?? DEFAULT_MAX_MAP_SIZE;
    try {
      this.env = open({
        path,
        maxDbs: DB_NAMES.length + 2,
        overlappingSync: false,
        noSync: false,
        readOnly: this.readOnly,
        // Explicit: lmdb-js would otherwise take a path with an extension (my.db) for a single file.
        noSubdir: options.singleFile === true,
        ...(options.mapSize !== undefined ? { mapSize: options.mapSize } : {}),
      });
      this.native = (this.env as unknown as { env: NativeEnv }).env;
      this.dbs = new Map(DB_NAMES.map((name) => [name, this.env.openDB({ name, keyEncoding: 'binary', encoding: 'binary' }) as unknown as Db]));
    } catch (e) {
      throw translateLmdbError(e);
    }
    this.used = this.measure();
  }

  private db(name: DbName): Db {
    return this.dbs.get(name)!;
  }

  private measure(): number {
    const stats = this.env.getStats() as { lastPageNumber?: number; pageSize?: number };
    return ((stats.lastPageNumber ?? 0) + 1) * (stats.pageSize ?? 4096);
  }

  /**
   * A read transaction on the last committed state. lmdb-js answers `get`
   * from the open write transaction whenever one is active in this process,
   * whatever transaction is passed (a cursor honours it): while `write` runs,
   * point reads go through a one-entry cursor on the read transaction, so a
   * snapshot never sees the writer's uncommitted data (a dirty read).
   */
  beginRead(): KvReadTxn {
    this.check();
    this.renewIfStale();
    const txn = this.env.useReadTransaction();
    let open = true;
    const getOptions = { transaction: txn } as never;
    const dbOf = (name: DbName): Db => {
      if (!open) throw storageError('SNAPSHOT_CLOSED', 'the snapshot is closed');
      return this.db(name);
    };
    const pointRead = (db: Db, key: Uint8Array): Buffer | undefined => {
      const k = asBuffer(key);
      for (const entry of db.getRange({ start: k, limit: 1, transaction: txn } as never)) {
        return k.equals(entry.key) ? entry.value : undefined;
      }
      return undefined;
    };
    return {
      get: (db, key) => (this.inWrite ? pointRead(dbOf(db), key) : ((dbOf(db).get(asBuffer(key), getOptions) as Buffer | undefined) ?? undefined)),
      // lmdb-js accepts the read transaction as an option here too (its typings omit it).
      view: (db, key) => (this.inWrite ? pointRead(dbOf(db), key) : exact((dbOf(db) as unknown as FastGet).getBinaryFast(asBuffer(key), getOptions))),
      range: (db, query = {}) => rangeOf(dbOf(db), query, txn),
      close: () => {
        if (open) {
          open = false;
          txn.done();
        }
      },
    };
  }

  /**
   * lmdb-js shares one read transaction among reads until the next turn of
   * the event loop, so a process that never yields would not see other
   * processes' commits. The environment's last committed transaction id (from
   * the shared meta page: one cheap native call) tells when another commit
   * happened; only then is the shared read transaction retired, so the next
   * read starts on the newest state. Open snapshots keep theirs.
   */
  private renewIfStale(): void {
    const last = this.native.info().lastTxnId;
    if (last === this.seenTxnId) return;
    this.seenTxnId = last;
    this.env.resetReadTxn();
  }

  write<T>(fn: (w: KvWrite) => T): T {
    this.check();
    if (this.readOnly) throw storageError('READ_ONLY', 'the store was opened read-only');
    let written = 0;
    const w: KvWrite = {
      get: (db, key) => (this.db(db).get(asBuffer(key)) as Buffer | undefined) ?? undefined,
      view: (db, key) => exact(this.db(db).getBinaryFast(asBuffer(key))),
      range: (db, query = {}) => rangeOf(this.db(db), query, undefined),
      put: (db, key, value) => {
        if (key.length === 0) throw storageError('INVALID_KEY', 'zero-length keys are not allowed');
        if (key.length > MAX_KEY_BYTES) throw keyTooLarge(db, key.length);
        written += key.length + value.length + 16;
        this.db(db).putSync(asBuffer(key), asBuffer(value));
      },
      // A key longer than the limit cannot be stored, so there is nothing to delete (LMDB would throw).
      delete: (db, key) => key.length <= MAX_KEY_BYTES && this.db(db).removeSync(asBuffer(key)),
    };
    if (this.inWrite) return fn(w);
    this.inWrite = true;
    try {
      const result = this.env.transactionSync(() => {
        const r = fn(w);
        // Pages are copied on write, so a transaction can need about twice its bytes.
        const projected = this.used + written * 2;
        if (projected > this.maxMapSize) {
          throw storageError('MAP_FULL', `the write would grow the database past maxMapSize (${this.maxMapSize} bytes)`, {
            hints: ['raise maxMapSize, or delete data and compact'],
            details: { usedBytes: this.used, transactionBytes: written },
          });
        }
        return r;
      });
      this.used = this.measure();
      return result;
    } catch (e) {
      throw translateLmdbError(e);
    } finally {
      this.inWrite = false;
    }
  }

  usedBytes(): number {
    return this.used;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.env.close();
  }

  private check(): void {
    if (this.closed) throw storageError('STORE_CLOSED', 'the store is closed');
  }
}
