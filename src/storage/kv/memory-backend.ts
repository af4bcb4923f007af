/**
 * The ':memory:' backend: the same sorted byte maps as LMDB, kept in memory as
 * copy-on-write chunked sorted arrays. A read transaction captures the current
 * roots (readers never see later writes); a write transaction copies only the
 * chunks it touches and publishes new roots when fn returns, so a throwing fn
 * leaves nothing behind.
 */
import { storageError } from '../errors.js';
import { compareBytes } from './bytes.js';
import { DB_NAMES, MAX_KEY_BYTES, keyTooLarge, type DbName, type KvBackend, type KvEntry, type KvRead, type KvReadTxn, type KvWrite, type RangeQuery } from './kv-backend.js';

const CHUNK = 128;

interface Chunk {
  readonly keys: Uint8Array[];
  readonly values: Uint8Array[];
}

type Root = readonly Chunk[];
type Roots = ReadonlyMap<DbName, Root>;

/** Index of the first chunk whose last key is >= key (chunks.length if none). */
function findChunk(chunks: Root, key: Uint8Array): number {
  let lo = 0;
  let hi = chunks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = chunks[mid]!;
    if (compareBytes(c.keys[c.keys.length - 1]!, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first key >= key in a chunk. */
function lowerBound(keys: readonly Uint8Array[], key: Uint8Array): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareBytes(keys[mid]!, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function getIn(root: Root, key: Uint8Array): Uint8Array | undefined {
  const ci = findChunk(root, key);
  const c = root[ci];
  if (c === undefined) return undefined;
  const i = lowerBound(c.keys, key);
  const k = c.keys[i];
  return k !== undefined && compareBytes(k, key) === 0 ? c.values[i] : undefined;
}

function* rangeIn(root: Root, q: RangeQuery): Iterable<KvEntry> {
  let left = q.limit ?? Infinity;
  if (left <= 0) return;
  if (!q.reverse) {
    let ci = q.start ? findChunk(root, q.start) : 0;
    let i = q.start && root[ci] ? lowerBound(root[ci]!.keys, q.start) : 0;
    for (; ci < root.length; ci++, i = 0) {
      const c = root[ci]!;
      for (; i < c.keys.length; i++) {
        const k = c.keys[i]!;
        if (q.end && compareBytes(k, q.end) >= 0) return;
        yield { key: k, value: c.values[i]! };
        if (--left <= 0) return;
      }
    }
  } else {
    // start is the inclusive upper bound, end the exclusive lower bound.
    let ci = q.start ? Math.min(findChunk(root, q.start), root.length - 1) : root.length - 1;
    let i = ci >= 0 ? root[ci]!.keys.length - 1 : -1;
    if (q.start && ci >= 0) {
      const keys = root[ci]!.keys;
      i = lowerBound(keys, q.start);
      if (i >= keys.length || compareBytes(keys[i]!, q.start) > 0) i--;
    }
    for (; ci >= 0; ci--, i = ci >= 0 ? root[ci]!.keys.length - 1 : -1) {
      const c = root[ci]!;
      for (; i >= 0; i--) {
        const k = c.keys[i]!;
        if (q.end && compareBytes(k, q.end) <= 0) return;
        yield { key: k, value: c.values[i]! };
        if (--left <= 0) return;
      }
    }
  }
}

class RootsReader implements KvRead {
  constructor(protected roots: () => Roots) {}
  get(db: DbName, key: Uint8Array): Uint8Array | undefined {
    return getIn(this.roots().get(db)!, key);
  }
  view(db: DbName, key: Uint8Array): Uint8Array | undefined {
    return this.get(db, key);
  }
  range(db: DbName, query: RangeQuery = {}): Iterable<KvEntry> {
    return rangeIn(this.roots().get(db)!, query);
  }
}

class MemoryWrite extends RootsReader implements KvWrite {
  private readonly working = new Map<DbName, Chunk[]>();
  private readonly fresh = new Set<Chunk>();
  /** Net change in stored bytes. */
  delta = 0;

  constructor(private readonly base: Roots) {
    super(() => this.current());
  }

  current(): Roots {
    const out = new Map(this.base);
    for (const [db, chunks] of this.working) out.set(db, chunks);
    return out;
  }

  private chunksOf(db: DbName): Chunk[] {
    let w = this.working.get(db);
    if (w === undefined) {
      w = [...this.base.get(db)!];
      this.working.set(db, w);
    }
    return w;
  }

  private own(chunks: Chunk[], ci: number): Chunk {
    const c = chunks[ci]!;
    if (this.fresh.has(c)) return c;
    const copy: Chunk = { keys: [...c.keys], values: [...c.values] };
    this.fresh.add(copy);
    chunks[ci] = copy;
    return copy;
  }

  override get(db: DbName, key: Uint8Array): Uint8Array | undefined {
    return getIn(this.working.get(db) ?? this.base.get(db)!, key);
  }

  override range(db: DbName, query: RangeQuery = {}): Iterable<KvEntry> {
    return rangeIn(this.working.get(db) ?? this.base.get(db)!, query);
  }

  put(db: DbName, key: Uint8Array, value: Uint8Array): void {
    if (key.length === 0) throw storageError('INVALID_KEY', 'zero-length keys are not allowed');
    if (key.length > MAX_KEY_BYTES) throw keyTooLarge(db, key.length);
    const chunks = this.chunksOf(db);
    const k = key.slice();
    const v = value.slice();
    if (chunks.length === 0) {
      this.delta += k.length + v.length;
      const c: Chunk = { keys: [k], values: [v] };
      this.fresh.add(c);
      chunks.push(c);
      return;
    }
    const ci = Math.min(findChunk(chunks, key), chunks.length - 1);
    const c = this.own(chunks, ci);
    const i = lowerBound(c.keys, key);
    if (i < c.keys.length && compareBytes(c.keys[i]!, key) === 0) {
      this.delta += v.length - c.values[i]!.length;
      c.values[i] = v;
      return;
    }
    this.delta += k.length + v.length;
    c.keys.splice(i, 0, k);
    c.values.splice(i, 0, v);
    if (c.keys.length > CHUNK * 2) {
      const half = c.keys.length >>> 1;
      const right: Chunk = { keys: c.keys.splice(half), values: c.values.splice(half) };
      this.fresh.add(right);
      chunks.splice(ci + 1, 0, right);
    }
  }

  delete(db: DbName, key: Uint8Array): boolean {
    const chunks = this.chunksOf(db);
    const ci = findChunk(chunks, key);
    if (ci >= chunks.length) return false;
    const probe = chunks[ci]!;
    const j = lowerBound(probe.keys, key);
    if (j >= probe.keys.length || compareBytes(probe.keys[j]!, key) !== 0) return false;
    const c = this.own(chunks, ci);
    this.delta -= c.keys[j]!.length + c.values[j]!.length;
    c.keys.splice(j, 1);
    c.values.splice(j, 1);
    if (c.keys.length === 0) chunks.splice(ci, 1);
    return true;
  }
}

export interface MemoryBackendOptions {
  readonly maxMapSize?: number;
}

export class MemoryBackend implements KvBackend {
  readonly path = ':memory:';
  readonly readOnly = false;
  private roots: Roots;
  private used = 0;
  private writing: MemoryWrite | undefined;
  private closed = false;

  constructor(private readonly options: MemoryBackendOptions = {}) {
    this.roots = new Map(DB_NAMES.map((n) => [n, [] as Root]));
  }

  beginRead(): KvReadTxn {
    this.check();
    const roots = this.roots;
    const reader = new RootsReader(() => roots);
    return Object.assign(reader, { close(): void {} });
  }

  write<T>(fn: (w: KvWrite) => T): T {
    this.check();
    if (this.writing) return fn(this.writing);
    const w = new MemoryWrite(this.roots);
    this.writing = w;
    try {
      const result = fn(w);
      const max = this.options.maxMapSize;
      if (max !== undefined && w.delta > 0 && this.used + w.delta > max) {
        throw storageError('MAP_FULL', `the store would grow past maxMapSize (${max} bytes)`, {
          hints: ['raise maxMapSize, or delete data and compact'],
        });
      }
      this.roots = w.current();
      this.used += w.delta;
      return result;
    } finally {
      this.writing = undefined;
    }
  }

  usedBytes(): number {
    return this.used;
  }

  close(): void {
    this.closed = true;
  }

  private check(): void {
    if (this.closed) throw storageError('STORE_CLOSED', 'the store is closed');
  }
}
