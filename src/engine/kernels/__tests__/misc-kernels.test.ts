/**
 * Hashing, selection AND/OR, gather and utf8 equality/prefix kernels against
 * their JS twins and plain references: the int64 hash must be exactly the JS
 * hash of the hash tables (hash/key-store.ts), since tables built on one path
 * are probed from the other.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fmix32 } from '../../../util/hash32.js';
import { int64Arb, float64Arb, seeded, utf8Arb } from '../../../types/__tests__/support/value-arbitraries.js';
import { combineHash, hashInt64, hashInt64Halves, NULL_KEY_HASH } from '../hash-kernels.js';
import { gatherFixed, selectionAnd, selectionOr } from '../selection-kernels.js';
import { utf8Select, type Utf8Bytes } from '../utf8-kernels.js';
import { columnArb, HeapCopies, present, selOf, validOf, visited } from './heap-columns.js';

const heap = new HeapCopies();
afterEach(() => heap.freeAll());

describe('int64 key hashing', () => {
  it('kernel = JS twin = the hash-table formula, fresh and combined', () => {
    fc.assert(
      fc.property(columnArb(int64Arb, 70), fc.boolean(), fc.integer({ min: 0, max: 3 }), fc.integer(), (col, combine, shift, seed) => {
        const x = BigInt64Array.from(col.values);
        const valid = validOf(col);
        const sel = selOf(col);
        const rows = visited(col);
        const n = rows.length;
        const expected = rows.map((i, k) => {
          const u = BigInt.asUintN(64, col.values[i]!);
          const v = present(col, i) ? fmix32(Number(u & 0xffffffffn) ^ Math.imul(Number(u >> 32n) | 0, 0x9e3779b1)) : NULL_KEY_HASH;
          return combine ? fmix32(Math.imul(seed + k, 31) + v) : v;
        });
        const start = (): Int32Array => Int32Array.from(rows, (_, k) => seed + k);
        const js = start();
        hashInt64(x, valid, sel, n, js, combine, null);
        const simd = start();
        hashInt64(heap.resident(BigInt64Array, x, shift), valid, sel, n, simd, combine);
        expect([...js]).toEqual(expected);
        expect([...simd]).toEqual(expected);
        heap.freeAll();
      }),
      seeded(300),
    );
    expect(hashInt64Halves(1, 0)).toBe(fmix32(1));
    expect(combineHash(0, 5)).toBe(fmix32(5));
  });
});

describe('selection AND / OR and gather', () => {
  const sortedSet = fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { maxLength: 60 }).map((a) => Int32Array.from(a.sort((p, q) => p - q)));
  it('AND is the intersection, OR the union, on either path', () => {
    fc.assert(
      fc.property(sortedSet, sortedSet, (a, b) => {
        const inB = new Set(b);
        const and = [...a].filter((x) => inB.has(x));
        const or = [...new Set([...a, ...b])].sort((p, q) => p - q);
        expect([...selectionAnd(a, b, null)]).toEqual(and);
        expect([...selectionOr(a, b, null)]).toEqual(or);
        const ha = heap.resident(Int32Array, a);
        expect([...selectionAnd(ha, b)]).toEqual(and);
        expect([...selectionOr(ha, b)]).toEqual(or);
        heap.freeAll();
      }),
      seeded(300),
    );
  });

  it('gather picks rows by index for float64, int64 and int32', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(float64Arb, int64Arb, fc.integer()), { minLength: 1, maxLength: 50 }), fc.array(fc.nat(), { maxLength: 60 }), (rows, picks) => {
        const idx = Int32Array.from(picks, (p) => p % rows.length);
        const f = Float64Array.from(rows, (r) => r[0]);
        const b = BigInt64Array.from(rows, (r) => r[1]);
        const i = Int32Array.from(rows, (r) => r[2]);
        for (const [src, make] of [
          [f, (n: number) => new Float64Array(n)],
          [b, (n: number) => new BigInt64Array(n)],
          [i, (n: number) => new Int32Array(n)],
        ] as const) {
          const expected = [...idx].map((k) => src[k]);
          const js = make(idx.length);
          gatherFixed(src as Float64Array, idx, idx.length, js as Float64Array, null);
          const simd = make(idx.length);
          const resident = src instanceof Float64Array ? heap.resident(Float64Array, src) : src instanceof BigInt64Array ? heap.resident(BigInt64Array, src) : heap.resident(Int32Array, src);
          gatherFixed(resident as Float64Array, idx, idx.length, simd as Float64Array);
          expect([...js].map((v) => (typeof v === 'number' && Number.isNaN(v) ? 'NaN' : v))).toEqual(expected.map((v) => (typeof v === 'number' && Number.isNaN(v) ? 'NaN' : v)));
          expect(new Uint8Array(simd.buffer)).toEqual(new Uint8Array(js.buffer));
        }
        heap.freeAll();
      }),
      seeded(200),
    );
  });
});

describe('utf8 equality and prefix on Arrow bytes', () => {
  const encoder = new TextEncoder();
  function arrow(strings: readonly string[]): Utf8Bytes {
    const parts = strings.map((s) => encoder.encode(s));
    const offsets = new Int32Array(strings.length + 1);
    parts.forEach((p, i) => (offsets[i + 1] = offsets[i]! + p.length));
    const data = new Uint8Array(offsets[strings.length]!);
    parts.forEach((p, i) => data.set(p, offsets[i]!));
    return { offsets, data };
  }
  const longArb = fc.oneof(utf8Arb, fc.constantFrom('a'.repeat(40), 'a'.repeat(41), 'é'.repeat(17), ''));

  it('kernel = JS twin = string comparison (equality and startsWith)', () => {
    fc.assert(
      fc.property(columnArb(longArb, 50), longArb, fc.boolean(), fc.boolean(), (col, needle0, prefix, fromColumn) => {
        const needle = fromColumn && col.values.length > 0 ? col.values[col.values.length >> 1]!.slice(0, prefix ? 3 : undefined) : needle0;
        const bytes = arrow(col.values);
        const valid = validOf(col);
        const sel = selOf(col);
        const n = visited(col).length;
        const expected = visited(col).filter((i) => present(col, i) && (prefix ? col.values[i]!.startsWith(needle) : col.values[i] === needle));
        // startsWith on UTF-16 equals a UTF-8 byte prefix unless the needle ends inside a surrogate pair
        const lone = /[\ud800-\udbff]$/.test(needle) || /^[\udc00-\udfff]/.test(needle);
        if (lone) return;
        expect([...utf8Select(bytes, valid, sel, n, needle, prefix, null)]).toEqual(expected);
        const resident = { offsets: heap.resident(Int32Array, bytes.offsets, 1), data: heap.resident(Uint8Array, bytes.data, 3) };
        expect([...utf8Select(resident, valid, sel, n, needle, prefix)]).toEqual(expected);
        heap.freeAll();
      }),
      seeded(300),
    );
  });
});
