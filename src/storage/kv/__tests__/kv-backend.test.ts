import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareBytes, toHex } from '../bytes.js';
import type { KvBackend } from '../kv-backend.js';
import { LmdbBackend } from '../lmdb-backend.js';
import { MemoryBackend } from '../memory-backend.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function make(kind: 'lmdb' | 'memory'): KvBackend {
  if (kind === 'memory') return new MemoryBackend();
  const d = mkdtempSync(join(tmpdir(), 'pyralog-kv-'));
  dirs.push(d);
  return new LmdbBackend(d);
}

type Op = { put: Uint8Array; value: number } | { del: Uint8Array };
const keyArb = fc.uint8Array({ minLength: 1, maxLength: 3, max: 4 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ put: keyArb, value: fc.nat(255) }),
  fc.record({ del: keyArb }),
);

describe.each(['memory', 'lmdb'] as const)('kv backend (%s)', (kind) => {
  it('matches a sorted-map model for puts, deletes and ranges in both directions', () => {
    const backend = make(kind);
    fc.assert(
      fc.property(fc.array(fc.array(opArb, { maxLength: 40 }), { maxLength: 4 }), keyArb, keyArb, fc.nat(6), (txns, a, b, limit) => {
        backend.write((w) => {
          for (const { key } of [...w.range('kv')]) w.delete('kv', key);
        });
        const model = new Map<string, { key: Uint8Array; value: number }>();
        for (const ops of txns) {
          backend.write((w) => {
            for (const op of ops) {
              if ('put' in op) {
                w.put('kv', op.put, Uint8Array.of(op.value));
                model.set(toHex(op.put), { key: op.put, value: op.value });
              } else {
                expect(w.delete('kv', op.del)).toBe(model.delete(toHex(op.del)));
              }
            }
          });
        }
        const [lo, hi] = compareBytes(a, b) <= 0 ? [a, b] : [b, a];
        const sorted = [...model.values()].sort((x, y) => compareBytes(x.key, y.key));
        const r = backend.beginRead();
        const got = (q: Parameters<typeof r.range>[1]): string[] => [...r.range('kv', q)].map((e) => `${toHex(e.key)}=${e.value[0]}`);
        const fmt = (xs: typeof sorted): string[] => xs.map((e) => `${toHex(e.key)}=${e.value}`);
        expect(got({})).toEqual(fmt(sorted));
        expect(got({ start: lo, end: hi })).toEqual(fmt(sorted.filter((e) => compareBytes(e.key, lo) >= 0 && compareBytes(e.key, hi) < 0)));
        expect(got({ start: hi, end: lo, reverse: true })).toEqual(
          fmt(sorted.filter((e) => compareBytes(e.key, hi) <= 0 && compareBytes(e.key, lo) > 0).reverse()),
        );
        expect(got({ start: lo, limit })).toEqual(fmt(sorted.filter((e) => compareBytes(e.key, lo) >= 0).slice(0, limit)));
        for (const e of sorted) expect(r.get('kv', e.key)?.[0]).toBe(e.value);
        r.close();
      }),
      { numRuns: kind === 'lmdb' ? 60 : 200 },
    );
    backend.close();
  });

  it('gives readers a snapshot and applies nothing of a throwing write', () => {
    const backend = make(kind);
    backend.write((w) => w.put('kv', Uint8Array.of(1), Uint8Array.of(10)));
    const before = backend.beginRead();
    backend.write((w) => {
      w.put('kv', Uint8Array.of(1), Uint8Array.of(11));
      w.put('kv', Uint8Array.of(2), Uint8Array.of(20));
      expect(w.get('kv', Uint8Array.of(1))?.[0]).toBe(11);
    });
    expect(() =>
      backend.write((w) => {
        w.put('kv', Uint8Array.of(3), Uint8Array.of(30));
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(before.get('kv', Uint8Array.of(1))?.[0]).toBe(10);
    expect([...before.range('kv')].length).toBe(1);
    before.close();
    const after = backend.beginRead();
    expect(after.get('kv', Uint8Array.of(1))?.[0]).toBe(11);
    expect(after.get('kv', Uint8Array.of(3))).toBeUndefined();
    after.close();
    backend.close();
  });

  it('refuses to grow past maxMapSize with MAP_FULL and stays readable', () => {
    const backend = kind === 'memory' ? new MemoryBackend({ maxMapSize: 1 << 20 }) : (() => {
      const d = mkdtempSync(join(tmpdir(), 'pyralog-kv-'));
      dirs.push(d);
      return new LmdbBackend(d, { mapSize: 1 << 16, maxMapSize: 4 << 20 });
    })();
    // Grows past the initial map size automatically.
    for (let i = 0; i < 4; i++) backend.write((w) => w.put('kv', Uint8Array.of(1, i), new Uint8Array(200_000).fill(i)));
    expect(() => backend.write((w) => w.put('kv', Uint8Array.of(2), new Uint8Array(8 << 20)))).toThrow(expect.objectContaining({ code: 'MAP_FULL' }));
    const r = backend.beginRead();
    expect([...r.range('kv')].map((e) => e.value.length)).toEqual([200_000, 200_000, 200_000, 200_000]);
    expect(r.get('kv', Uint8Array.of(2))).toBeUndefined();
    r.close();
    backend.write((w) => w.put('kv', Uint8Array.of(3), Uint8Array.of(3)));
    backend.close();
  });
});
