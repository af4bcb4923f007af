import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, cleanup, open } from '../../__tests__/helpers.js';
import { encodeKey } from '../../codec/key-codec.js';
import type { TableView } from '../table-view.js';

afterAll(cleanup);

const MIN = -(1n << 63n);
const MAX = (1n << 63n) - 1n;
const int64 = fc.oneof(fc.bigInt({ min: MIN, max: MAX }), fc.constantFrom(MIN, MAX, 0n, -1n, 1n, 255n, 256n, -256n));

/** The snapshot's TableView (internal), to call encodeFullKey directly. */
function viewOf(snap: unknown, table: string): TableView {
  return (snap as { view(name: string): TableView }).view(table);
}

describe.each(BACKENDS)('single int64 key fast paths (%s)', (backend) => {
  it('encodes int64 and timestamp keys to the same bytes as encodeKey, and still rejects bad values', () => {
    const store = open(backend);
    store.createTable({ name: 'i', fields: [{ name: 'id', type: 'int64', nullable: false }], primaryKey: ['id'] });
    store.createTable({ name: 'ts', fields: [{ name: 't', type: 'timestamp', nullable: false }], primaryKey: ['t'] });
    const snap = store.snapshot();
    const vi = viewOf(snap, 'i');
    const vt = viewOf(snap, 'ts');
    fc.assert(
      fc.property(int64, (v) => {
        expect([...vi.encodeFullKey([v])]).toEqual([...encodeKey(['int64'], [v])]);
        expect([...vt.encodeFullKey([v])]).toEqual([...encodeKey(['timestamp'], [v])]);
      }),
      { numRuns: 300 },
    );
    // Numbers still go through validation (safe integers are accepted as int64).
    expect([...vi.encodeFullKey([42])]).toEqual([...encodeKey(['int64'], [42n])]);
    expect(() => vi.encodeFullKey([MAX + 1n])).toThrow(expect.objectContaining({ code: 'TYPE_MISMATCH' }));
    expect(() => vi.encodeFullKey([null])).toThrow(expect.objectContaining({ code: 'MISSING_KEY' }));
    expect(() => vi.encodeFullKey(['7'])).toThrow(expect.objectContaining({ code: 'TYPE_MISMATCH' }));
    snap.close();
    store.close();
  });

  it('returns the exact key values of rows read from segments (extreme and negative keys), for a renamed key column too', () => {
    const store = open(backend);
    store.createTable({
      name: 'r',
      fields: [
        { name: 'id', type: 'int64', nullable: false },
        { name: 'note', type: 'utf8', nullable: true },
      ],
      primaryKey: ['id'],
    });
    const ids = [MIN, MIN + 1n, -300n, -1n, 0n, 1n, 255n, 256n, 65_537n, MAX - 1n, MAX];
    store.write((tx) => tx.table('r').upsert(ids.map((id, i) => ({ id, note: i % 3 === 0 ? null : `n${id}` }))));
    store.flush('r');
    store.alterTable('r', { kind: 'rename_column', from: 'id', to: 'key' });
    const snap = store.snapshot();
    for (const [i, id] of ids.entries()) expect(snap.get('r', [id])).toEqual({ key: id, note: i % 3 === 0 ? null : `n${id}` });
    expect(snap.get('r', [2n])).toBeUndefined();
    snap.close();
    store.close();
  });
});
