import { afterAll, describe, expect, it } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import { BACKENDS, cleanup, open } from '../../__tests__/helpers.js';
import type { Store, TableDef } from '../../index.js';
import { columnHeapStats, isSharedView } from '../../../memory/wasm-heap.js';

afterAll(cleanup);

const def = (name: string): TableDef => ({
  name,
  fields: [
    { name: 'k', type: 'int64', nullable: false },
    { name: 'v', type: 'float64', nullable: true },
  ],
  primaryKey: ['k'],
});

/** A table of `rows` rows in segments of 1,000 (k = i, v = i * mul, every 7th v NULL). */
function fill(store: Store, name: string, rows: number, mul: number): void {
  store.createTable(def(name));
  store.write((tx) => {
    const k = new BigInt64Array(rows);
    const v: (number | null)[] = [];
    for (let i = 0; i < rows; i++) {
      k[i] = BigInt(i);
      v.push(i % 7 === 0 ? null : i * mul);
    }
    tx.table(name).insert(Array.from({ length: rows }, (_, i) => ({ k: k[i]!, v: v[i]! })));
  });
  store.flush();
}

function sumV(batches: readonly RecordBatch[]): number {
  let s = 0;
  for (const b of batches) {
    const col = b.getChild('v')!;
    for (let i = 0; i < b.numRows; i++) s += (col.get(i) as number | null) ?? 0;
  }
  return s;
}

function expectedSum(rows: number, mul: number): number {
  let s = 0;
  for (let i = 0; i < rows; i++) if (i % 7 !== 0) s += i * mul;
  return s;
}

describe.each(BACKENDS)('segment columns in the column heap (%s)', (kind) => {
  it('scans hand out Arrow views on WebAssembly shared memory', () => {
    const store = open(kind, { segmentRows: 1000 });
    fill(store, 't', 3000, 1);
    const snap = store.snapshot();
    // Three 1,000-row segments and 4,096-row batches: a batch never spans segments, so every one is a view.
    const batches = [...snap.scan('t', { columns: ['k', 'v'] })];
    expect(batches.map((b) => b.numRows)).toEqual([1000, 1000, 1000]);
    for (const b of batches) {
      const values = b.getChild('v')!.data[0]!.values as Float64Array;
      expect(isSharedView(values)).toBe(true);
      expect(values.byteOffset % 8).toBe(0);
    }
    expect(sumV(batches)).toBe(expectedSum(3000, 1));
    snap.close();
    store.close();
  });

  it('a column evicted from the cache while a snapshot still reads it is not overwritten', () => {
    // A cache of ~1 segment column: every new load evicts the previous one.
    const store = open(kind, { segmentRows: 1000, cacheBytes: 12_000 });
    fill(store, 'a', 4000, 1);
    fill(store, 'b', 4000, -3);
    const first = store.snapshot();
    const held = [...first.scan('a', { columns: ['v'] })];
    const usedWhileHeld = columnHeapStats().usedBytes;
    // Churn: other snapshots load (and the cache evicts) many more columns.
    for (let r = 0; r < 5; r++) {
      const s = store.snapshot();
      expect(sumV([...s.scan('b', { columns: ['v'] })])).toBe(expectedSum(4000, -3));
      s.close();
    }
    expect(sumV(held)).toBe(expectedSum(4000, 1));
    first.close();
    // The evicted blocks of the first snapshot are freed once it closes.
    expect(columnHeapStats().usedBytes).toBeLessThan(usedWhileHeld);
    store.close();
  });

  it('frees every block when the store closes (no leak across many snapshots)', () => {
    const before = columnHeapStats().usedBytes;
    const store = open(kind, { segmentRows: 500, cacheBytes: 20_000 });
    fill(store, 't', 5000, 2);
    for (let r = 0; r < 10; r++) {
      const s = store.snapshot();
      expect(sumV([...s.scan('t', { columns: ['v'] })])).toBe(expectedSum(5000, 2));
      expect(s.get('t', [BigInt(1234)])).toEqual({ k: 1234n, v: 2468 });
      s.close();
    }
    store.write((tx) => tx.table('t').upsert([{ k: 1n, v: 0.5 }]));
    store.compact();
    const s = store.snapshot();
    expect(s.get('t', [1n])).toEqual({ k: 1n, v: 0.5 });
    s.close();
    expect(columnHeapStats().usedBytes).toBeGreaterThan(before);
    store.close();
    expect(columnHeapStats().usedBytes).toBe(before);
  });
});
