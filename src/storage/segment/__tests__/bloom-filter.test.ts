import { describe, expect, it } from 'vitest';
import { BloomFilter } from '../bloom-filter.js';
import { encodeKey } from '../../codec/key-codec.js';

describe('bloom filter', () => {
  it('never misses an added key and has about 1% false positives', () => {
    const n = 20_000;
    const bloom = BloomFilter.forKeys(n);
    for (let i = 0; i < n; i++) bloom.add(encodeKey(['int64'], [BigInt(i * 2)]));
    for (let i = 0; i < n; i++) expect(bloom.mayContain(encodeKey(['int64'], [BigInt(i * 2)]))).toBe(true);
    let fp = 0;
    for (let i = 0; i < n; i++) if (bloom.mayContain(encodeKey(['int64'], [BigInt(i * 2 + 1)]))) fp++;
    expect(fp / n).toBeLessThan(0.03);
    expect(fp).toBeGreaterThan(0);
  });

  it('addRange hashes a key inside a larger buffer like the key alone', () => {
    const bloom = BloomFilter.forKeys(10);
    const key = encodeKey(['utf8'], ['hello']);
    const buf = new Uint8Array(key.length + 10);
    buf.set(key, 4);
    bloom.addRange(buf, 4, 4 + key.length);
    expect(bloom.mayContain(key)).toBe(true);
    expect(bloom.mayContain(encodeKey(['utf8'], ['hellp']))).toBe(false);
  });
});
