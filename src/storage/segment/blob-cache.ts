/**
 * A least-recently-used cache of decoded segment blobs, bounded by bytes.
 * Segments are immutable and segment ids are never reused, so an entry stays
 * correct for every snapshot that can see its segment.
 */
export class BlobCache {
  private readonly entries = new Map<string, { value: unknown; bytes: number }>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(readonly maxBytes: number) {}

  get<T>(key: string, load: () => { value: T; bytes: number }): T {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.hits++;
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as T;
    }
    this.misses++;
    const loaded = load();
    if (loaded.bytes <= this.maxBytes) {
      this.entries.set(key, loaded);
      this.bytes += loaded.bytes;
      while (this.bytes > this.maxBytes) {
        const oldest = this.entries.keys().next();
        if (oldest.done) break;
        const e = this.entries.get(oldest.value)!;
        this.entries.delete(oldest.value);
        this.bytes -= e.bytes;
      }
    }
    return loaded.value;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}
