import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareBytes } from '../bytes.js';
import { MAX_KEY_BYTES, type KvBackend } from '../kv-backend.js';
import { LmdbBackend } from '../lmdb-backend.js';
import { MemoryBackend } from '../memory-backend.js';

// Keys longer than LMDB's 1,978 bytes: a put is KEY_TOO_LARGE on both
// backends and rolls its transaction back, a get or delete of one finds
// nothing, and a range whose bounds are longer than any key still answers
// exactly as the model does (LMDB refuses such bounds; the backend cuts them).

const dirs: string[] = [];
const open: KvBackend[] = [];
afterAll(() => {
  open.forEach((b) => b.close());
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function make(kind: 'lmdb' | 'memory'): KvBackend {
  const b = kind === 'memory' ? new MemoryBackend() : new LmdbBackend((dirs.push(mkdtempSync(join(tmpdir(), 'pyralog-kvlimit-'))), dirs[dirs.length - 1]!));
  open.push(b);
  return b;
}

const filled = (n: number, byte: number): Uint8Array => new Uint8Array(n).fill(byte);

describe.each(['memory', 'lmdb'] as const)('key size limit (%s)', (kind) => {
  it('stores a key of exactly the limit and refuses one byte more, rolling the transaction back', () => {
    const b = make(kind);
    b.write((w) => w.put('kv', filled(MAX_KEY_BYTES, 7), Uint8Array.of(1)));
    let err: unknown;
    try {
      b.write((w) => {
        w.put('kv', Uint8Array.of(9), Uint8Array.of(2));
        w.put('kv', filled(MAX_KEY_BYTES + 1, 7), Uint8Array.of(3));
      });
    } catch (e) {
      err = e;
    }
    expect((err as { code?: string }).code).toBe('KEY_TOO_LARGE');
    expect((err as Error).message).toContain(`${MAX_KEY_BYTES + 1} bytes`);
    const r = b.beginRead();
    expect([...(r.get('kv', filled(MAX_KEY_BYTES, 7)) ?? [])]).toEqual([1]);
    expect(r.get('kv', Uint8Array.of(9))).toBeUndefined();
    expect(r.get('kv', filled(MAX_KEY_BYTES + 1, 7))).toBeUndefined();
    r.close();
    expect(b.write((w) => w.delete('kv', filled(4000, 7)))).toBe(false);
  });

  it('answers ranges with bounds longer than any key as the model does', () => {
    const b = make(kind);
    // Keys near the limit sharing long prefixes, so cut bounds land on and around stored keys.
    const base = filled(MAX_KEY_BYTES - 2, 5);
    const keyArb = fc.tuple(fc.integer({ min: MAX_KEY_BYTES - 3, max: MAX_KEY_BYTES }), fc.uint8Array({ minLength: 3, maxLength: 3, min: 4, max: 6 })).map(([n, tail]) => {
      const k = new Uint8Array(n);
      k.set(base.subarray(0, Math.min(n, base.length)));
      k.set(tail.subarray(0, n - Math.min(n, base.length)), Math.min(n, base.length));
      return k;
    });
    const boundArb = fc.oneof(
      keyArb,
      fc.tuple(keyArb, fc.uint8Array({ minLength: 1, maxLength: 40 })).map(([k, more]) => {
        const out = new Uint8Array(MAX_KEY_BYTES + more.length);
        out.set(k);
        out.set(more, MAX_KEY_BYTES);
        return out;
      }),
    );
    fc.assert(
      fc.property(fc.uniqueArray(keyArb, { maxLength: 12, comparator: (x, y) => compareBytes(x, y) === 0 }), boundArb, boundArb, fc.boolean(), fc.option(fc.nat(5), { nil: undefined }), (keys, a, c, reverse, limit) => {
        b.write((w) => {
          for (const { key } of [...w.range('kv')]) w.delete('kv', key);
          keys.forEach((k, i) => w.put('kv', k, Uint8Array.of(i)));
        });
        const [lo, hi] = compareBytes(a, c) <= 0 ? [a, c] : [c, a];
        const sorted = [...keys].sort(compareBytes);
        let want = reverse ? sorted.filter((k) => compareBytes(k, hi) <= 0 && compareBytes(k, lo) > 0).reverse() : sorted.filter((k) => compareBytes(k, lo) >= 0 && compareBytes(k, hi) < 0);
        if (limit !== undefined) want = want.slice(0, limit);
        const r = b.beginRead();
        const got = [...r.range('kv', reverse ? { start: hi, end: lo, reverse, ...(limit !== undefined ? { limit } : {}) } : { start: lo, end: hi, ...(limit !== undefined ? { limit } : {}) })].map((e) => e.key);
        r.close();
        expect(got.map((k) => Buffer.from(k).toString('hex'))).toEqual(want.map((k) => Buffer.from(k).toString('hex')));
      }),
      { numRuns: 150 },
    );
  });
});
