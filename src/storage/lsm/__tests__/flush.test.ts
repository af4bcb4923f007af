import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, cleanup, open, scanAll } from '../../__tests__/helpers.js';
import type { SnapshotImpl } from '../../snapshot.js';

afterAll(cleanup);

describe.each(BACKENDS)('flush of a memtable larger than one segment (%s)', (kind) => {
  it('cuts it into disjoint segments of at most segmentRows rows, together holding each row once', () => {
    const store = open(kind, { segmentRows: 100, memtableBytes: 1 << 30, autoCompact: false });
    store.createTable({ name: 't', fields: [{ name: 'k', type: 'int64', nullable: false }, { name: 'v', type: 'utf8', nullable: true }], primaryKey: ['k'] });
    store.write((tx) => tx.table('t').insert(Array.from({ length: 250 }, (_, i) => ({ k: BigInt(i), v: `v${i}` }))));
    store.flush('t');
    const snap = store.snapshot() as SnapshotImpl;
    const segs = snap.view('t').segments().map((s) => s.meta);
    snap.close();
    expect(segs.map((m) => m.rows).sort((a, b) => a - b)).toEqual([50, 100, 100]);
    const ranges = segs.map((m) => [m.minKey, m.maxKey] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]![0] > ranges[i - 1]![1]).toBe(true);
    expect(scanAll(store, 't')).toHaveLength(250);
    expect(store.verify().errors).toEqual([]);
    store.close();
  });
});
