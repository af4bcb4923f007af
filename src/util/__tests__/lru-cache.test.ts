import { describe, expect, it } from 'vitest';
import { LruCache } from '../lru-cache.js';

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
