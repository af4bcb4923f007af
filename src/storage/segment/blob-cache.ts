/**
 * A cache of decoded segment blobs, bounded by bytes, that a sequential scan
 * larger than the cache cannot flush. Segments are immutable and segment ids
 * are never reused, so an entry stays correct for every snapshot that can
 * see its segment.
 *
 * Two tiers: entries loaded by point reads (and every entry hit a second
 * time) live in `hot`, evicted least recently used first; entries loaded by
 * scans enter `scanned` and are evicted first, NEWEST first. Under plain LRU
 * a scan looping over more bytes than the cache holds misses every blob every
 * time; evicting the newest scan entry instead keeps the first part of the
 * loop cached, so each repeat of the scan hits that part (the classic MRU
 * remedy for loops), while point-read working sets are never pushed out by a
 * scan unless the scan tier is empty.
 */
interface Entry {
  readonly value: unknown;
  readonly bytes: number;
  /** Called once when the entry leaves the cache, or right away when it is never admitted (too big). */
  readonly onEvict?: () => void;
}

export class BlobCache {
  /** Least recently used first (Map iteration order = insertion order). */
  private readonly hot = new Map<string, Entry>();
  /** Loaded by scans and not hit since. */
  private readonly scanned = new Map<string, Entry>();
  /** Keys of `scanned` in load order, newest last (may hold keys since promoted or evicted; skipped on pop). */
  private scanOrder: string[] = [];
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(readonly maxBytes: number) {}

  /** Bytes held now (at most maxBytes). */
  get usedBytes(): number {
    return this.bytes;
  }

  /**
   * The cached value of `key`, else `load()`'s value, cached when it fits.
   * `scan` marks a load made by a sequential scan (see the file comment).
   */
  get<T>(key: string, load: () => { value: T; bytes: number; onEvict?: () => void }, scan = false): T {
    const hit = this.hot.get(key);
    if (hit !== undefined) {
      this.hits++;
      this.hot.delete(key);
      this.hot.set(key, hit);
      return hit.value as T;
    }
    const scanHit = this.scanned.get(key);
    if (scanHit !== undefined) {
      this.hits++;
      this.scanned.delete(key);
      this.hot.set(key, scanHit);
      return scanHit.value as T;
    }
    this.misses++;
    const loaded = load();
    if (loaded.bytes <= this.maxBytes) {
      this.makeRoom(loaded.bytes);
      const entry: Entry = loaded;
      if (scan) {
        this.scanned.set(key, entry);
        this.scanOrder.push(key);
        if (this.scanOrder.length > 2 * this.scanned.size + 64) this.scanOrder = this.scanOrder.filter((k) => this.scanned.has(k));
      } else this.hot.set(key, entry);
      this.bytes += loaded.bytes;
    } else loaded.onEvict?.();
    return loaded.value;
  }

  /** Evicts until `need` more bytes fit: newest scan entries first, then least recently used hot ones. */
  private makeRoom(need: number): void {
    while (this.bytes + need > this.maxBytes) {
      let victim: string | undefined;
      let from = this.scanned;
      while (this.scanOrder.length > 0 && victim === undefined) {
        const k = this.scanOrder.pop()!;
        if (this.scanned.has(k)) victim = k;
      }
      if (victim === undefined) {
        from = this.hot;
        const first = this.hot.keys().next();
        if (first.done) return;
        victim = first.value;
      }
      const gone = from.get(victim)!;
      this.bytes -= gone.bytes;
      from.delete(victim);
      gone.onEvict?.();
    }
  }

  clear(): void {
    for (const e of this.hot.values()) e.onEvict?.();
    for (const e of this.scanned.values()) e.onEvict?.();
    this.hot.clear();
    this.scanned.clear();
    this.scanOrder = [];
    this.bytes = 0;
  }
}
