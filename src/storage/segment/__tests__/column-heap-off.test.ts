import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, cleanup, open } from '../../__tests__/helpers.js';
import { columnHeapStats, configureColumnHeap, isSharedView } from '../../../memory/wasm-heap.js';

afterAll(cleanup);

// Each test file runs in its own module graph, so this cap only affects this file.
configureColumnHeap({ maxBytes: 0 });

describe.each(BACKENDS)('with the column heap off (%s)', (kind) => {
  it('scans fall back to ordinary buffers and read the same values', () => {
    const store = open(kind, { segmentRows: 100 });
    store.createTable({ name: 't', fields: [{ name: 'k', type: 'int64', nullable: false }, { name: 'x', type: 'int64', nullable: false }], primaryKey: ['k'] });
    store.write((tx) => tx.table('t').insert(Array.from({ length: 250 }, (_, i) => ({ k: BigInt(i), x: BigInt(i * i) }))));
    store.flush();
    const snap = store.snapshot();
    const batches = [...snap.scan('t', { columns: ['x'] })];
    let sum = 0n;
    for (const b of batches) {
      const values = b.getChild('x')!.data[0]!.values as BigInt64Array;
      expect(isSharedView(values)).toBe(false);
      for (let i = 0; i < b.numRows; i++) sum += values[i]!;
    }
    let want = 0n;
    for (let i = 0; i < 250; i++) want += BigInt(i * i);
    expect(sum).toBe(want);
    expect(snap.get('t', [249n])).toEqual({ k: 249n, x: 62001n });
    snap.close();
    store.close();
    expect(columnHeapStats().capacityBytes).toBe(0);
  });
});
