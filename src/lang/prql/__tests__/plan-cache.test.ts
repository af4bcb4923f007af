import { describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { clearPrqlCaches, compilePrql, prqlCacheStats } from '../index.js';
import { LruCache } from '../../../util/lru-cache.js';
import { chinookCatalog } from '../../../../test/prql/chinook-schema.js';

describe('LruCache', () => {
  it('evicts the least recently used key', () => {
    const c = new LruCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1); // a is now the most recent
    c.set('c', 3); // evicts b
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe(1);
    expect(c.get('c')).toBe(3);
    expect(c.size).toBe(2);
    expect([c.hits, c.misses]).toEqual([3, 1]);
  });
  it('computes a missing value once', () => {
    const c = new LruCache<string, number>(4);
    let calls = 0;
    expect(c.getOrCompute('k', () => ++calls)).toBe(1);
    expect(c.getOrCompute('k', () => ++calls)).toBe(1);
    expect(calls).toBe(1);
  });
  it('rejects a capacity below one', () => {
    expect(() => new LruCache(0)).toThrow(RangeError);
  });
});

describe('PRQL plan cache', () => {
  const q = 'from tracks | filter milliseconds > 1000 | group {album_id} (aggregate {n = count this}) | sort album_id';

  it('returns the same plan for the same text and catalog version, and is much faster on a hit', () => {
    clearPrqlCaches();
    const catalog = chinookCatalog(7);
    const t0 = performance.now();
    const first = compilePrql(q, catalog);
    const miss = performance.now() - t0;
    const t1 = performance.now();
    const second = compilePrql(q, catalog);
    const hit = performance.now() - t1;
    expect(second).toBe(first);
    expect(prqlCacheStats().plans).toMatchObject({ hits: 1, misses: 1, size: 1 });
    expect(hit * 20).toBeLessThan(miss);
  });

  it('a new catalog version lowers again but reuses the RQ of the text', () => {
    clearPrqlCaches();
    const a = compilePrql(q, chinookCatalog(1));
    const b = compilePrql(q, chinookCatalog(2));
    expect(b).not.toBe(a);
    expect(b.schema).toEqual(a.schema);
    expect(prqlCacheStats().rq).toMatchObject({ hits: 1, misses: 1 });
    expect(prqlCacheStats().plans).toMatchObject({ hits: 0, misses: 2 });
  });

  it('parameter types are part of the key', () => {
    clearPrqlCaches();
    const text = 'from tracks | filter album_id == $1 | select {track_id}';
    const catalog = chinookCatalog();
    const p1 = compilePrql(text, catalog, { params: { '1': 3n } });
    const p2 = compilePrql(text, catalog, { params: { '1': 4n } });
    const p3 = compilePrql(text, catalog, { params: { '1': 4.5 } });
    expect(p2).toBe(p1);
    expect(p3).not.toBe(p1);
  });
});
