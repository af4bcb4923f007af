import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { WasmHeap, isSharedView, type HeapBlock } from '../wasm-heap.js';

const MiB = 1024 * 1024;

describe('WasmHeap', () => {
  it('hands out 64-byte aligned, disjoint blocks inside a shared memory', () => {
    const heap = new WasmHeap(4 * MiB);
    const a = heap.alloc(10)!;
    const b = heap.alloc(100)!;
    expect(a.offset % 64).toBe(0);
    expect(b.offset % 64).toBe(0);
    expect(a.offset).toBeGreaterThan(0);
    expect(b.offset).toBeGreaterThanOrEqual(a.offset + 64);
    const view = heap.bytes(b, 100);
    expect(isSharedView(view)).toBe(true);
    expect(heap.stats()).toMatchObject({ usedBytes: 64 + 128, liveBlocks: 2 });
  });

  it('keeps views written before a grow readable after it', () => {
    const heap = new WasmHeap(16 * MiB);
    const first = heap.alloc(1000)!;
    const before = new Float64Array(heap.bytes(first).buffer, first.offset, 125);
    before.fill(2.5);
    const capacity = heap.stats().capacityBytes;
    const big = heap.alloc(4 * MiB)!;
    expect(heap.stats().capacityBytes).toBeGreaterThan(capacity);
    heap.bytes(big).fill(7);
    expect(before[124]).toBe(2.5);
    expect(before.reduce((s, x) => s + x, 0)).toBe(312.5);
  });

  it('refuses (returns null) past the cap, counts it, and recovers after a free', () => {
    const heap = new WasmHeap(1 * MiB);
    const a = heap.alloc(700 * 1024)!;
    expect(a).not.toBeNull();
    expect(heap.alloc(700 * 1024)).toBeNull();
    expect(heap.stats().refused).toBe(1);
    heap.release(a);
    expect(heap.alloc(700 * 1024)).not.toBeNull();
  });

  it('a cap below one page turns the heap off', () => {
    const heap = new WasmHeap(0);
    expect(heap.alloc(8)).toBeNull();
    expect(heap.mem()).toBeNull();
  });

  it('detects a double free', () => {
    const heap = new WasmHeap(MiB);
    const a = heap.alloc(64)!;
    heap.alloc(64);
    heap.release(a);
    expect(() => heap.release(a)).toThrow(/freed twice/);
  });

  it('coalesces free neighbours and reuses the space (model check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.record({ op: fc.constant('alloc' as const), n: fc.integer({ min: 1, max: 5000 }) }), fc.record({ op: fc.constant('free' as const), i: fc.nat() })), {
          maxLength: 200,
        }),
        (ops) => {
          const heap = new WasmHeap(64 * MiB);
          const live: { block: HeapBlock; tag: number }[] = [];
          let tag = 1;
          for (const o of ops) {
            if (o.op === 'alloc') {
              const block = heap.alloc(o.n)!;
              heap.bytes(block).fill(tag & 255);
              live.push({ block, tag: tag & 255 });
              tag++;
            } else if (live.length > 0) {
              const [gone] = live.splice(o.i % live.length, 1);
              heap.release(gone!.block);
            }
            // Live blocks never overlap and keep their contents.
            const sorted = [...live].sort((x, y) => x.block.offset - y.block.offset);
            for (let k = 1; k < sorted.length; k++) {
              expect(sorted[k]!.block.offset).toBeGreaterThanOrEqual(sorted[k - 1]!.block.offset + sorted[k - 1]!.block.bytes);
            }
            for (const l of live) {
              const bytes = heap.bytes(l.block);
              expect(bytes[0]).toBe(l.tag);
              expect(bytes[bytes.length - 1]).toBe(l.tag);
            }
          }
          for (const l of live.splice(0)) heap.release(l.block);
          // Everything freed: no fragments are left and the whole space is one bump region again.
          expect(heap.stats().usedBytes).toBe(0);
          expect(heap.fragments()).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });
});
