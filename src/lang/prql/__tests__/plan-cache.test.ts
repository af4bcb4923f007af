import { describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { clearPrqlCaches, compilePrql, prqlCacheStats } from '../index.js';
import { chinookCatalog } from '../../../../test/prql/chinook-schema.js';

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
