import { describe, expect, it } from 'vitest';
import { BlobCache } from '../blob-cache.js';

/** Loads `key` through the cache with a counting loader; returns whether it hit. */
function touch(cache: BlobCache, key: string, bytes: number, scan = false): boolean {
  let loaded = false;
  const v = cache.get(
    key,
    () => {
      loaded = true;
      return { value: `v:${key}`, bytes };
    },
    scan,
  );
  expect(v).toBe(`v:${key}`);
  return !loaded;
}

describe('BlobCache', () => {
  it('evicts point-read entries least recently used first', () => {
    const c = new BlobCache(30);
    touch(c, 'a', 10);
    touch(c, 'b', 10);
    touch(c, 'c', 10);
    expect(touch(c, 'a', 10)).toBe(true); // a is now most recent
    touch(c, 'd', 10); // evicts b
    expect([touch(c, 'a', 10), touch(c, 'c', 10), touch(c, 'd', 10)]).toEqual([true, true, true]);
    expect(touch(c, 'b', 10)).toBe(false);
    expect(c.usedBytes).toBe(30);
  });

  it('keeps the first part of a scan loop larger than the cache cached across repeats', () => {
    const c = new BlobCache(40);
    const loop = (): string => ['s1', 's2', 's3', 's4', 's5', 's6'].map((k) => (touch(c, k, 10, true) ? 'H' : 'M')).join('');
    expect(loop()).toBe('MMMMMM');
    // Plain LRU would miss all six again; newest-first eviction of scan entries keeps s1..s3.
    expect(loop()).toBe('HHHMMM');
    expect(loop()).toBe('HHHMMM');
    expect(c.usedBytes).toBeLessThanOrEqual(40);
  });

  it('does not let a scan push out point-read entries while scan entries can go', () => {
    const c = new BlobCache(40);
    touch(c, 'hot1', 10);
    touch(c, 'hot2', 10);
    for (const k of ['s1', 's2', 's3', 's4', 's5']) touch(c, k, 10, true);
    expect([touch(c, 'hot1', 10), touch(c, 'hot2', 10)]).toEqual([true, true]);
    // A point read evicts scan entries before hot ones.
    touch(c, 'hot3', 10);
    expect([touch(c, 'hot1', 10), touch(c, 'hot2', 10), touch(c, 'hot3', 10)]).toEqual([true, true, true]);
  });

  it('lets scans evict hot entries when no scan entries are left, and skips blobs larger than the cache', () => {
    const c = new BlobCache(20);
    touch(c, 'h1', 10);
    touch(c, 'h2', 10);
    touch(c, 's1', 10, true); // evicts h1
    expect(touch(c, 'h2', 10)).toBe(true);
    expect(touch(c, 'h1', 10)).toBe(false); // reloaded: evicts the scan entry s1
    expect(touch(c, 's1', 10, true)).toBe(false);
    expect(touch(c, 'big', 21)).toBe(false);
    expect(touch(c, 'big', 21)).toBe(false);
    expect([c.hits, c.misses, c.usedBytes]).toEqual([1, 7, 20]);
    c.clear();
    expect([c.usedBytes, touch(c, 'h2', 10)]).toEqual([0, false]);
  });
});
