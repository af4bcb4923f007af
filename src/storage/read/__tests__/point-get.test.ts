import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, cleanup, open } from '../../__tests__/helpers.js';

afterAll(cleanup);

const key = (i: number): string => `k${i}-${'é'.repeat(i % 7)}${'x'.repeat((i * 37) % 150)}`;

describe.each(BACKENDS)('point gets from the memtable (%s)', (backend) => {
  it('finds every row by keys of many lengths, misses absent and deleted keys, and returns rows independent of later gets', () => {
    const store = open(backend);
    store.createTable({
      name: 'p',
      fields: [
        { name: 'id', type: 'utf8', nullable: false },
        { name: 'n', type: 'int64', nullable: false },
        { name: 'note', type: 'utf8', nullable: true },
        { name: 'blob', type: 'binary', nullable: true },
      ],
      primaryKey: ['id'],
    });
    const rows = Array.from({ length: 120 }, (_, i) => ({
      id: key(i),
      n: BigInt(i) * 1_000_000_007n,
      note: i % 5 === 0 ? null : `note ${i} ${'ü'.repeat(i % 3)}${'y'.repeat(i % 40)}`,
      blob: i % 4 === 0 ? null : Uint8Array.of(i, 0, 255 - i),
    }));
    store.write((tx) => tx.table('p').upsert(rows));
    store.write((tx) => tx.table('p').delete([[key(3)], [key(77)]]));
    const snap = store.snapshot();
    const got = [];
    // Long and short keys interleaved, so the reused lookup buffer grows and is overwritten.
    for (let j = 0; j < 120; j++) got.push(snap.get('p', [key((j * 53) % 120)]));
    for (let j = 0; j < 120; j++) {
      const i = (j * 53) % 120;
      expect(got[j]).toEqual(i === 3 || i === 77 ? undefined : rows[i]);
    }
    expect(snap.get('p', ['nope'])).toBeUndefined();
    expect(snap.get('p', [key(1) + 'x'])).toBeUndefined();
    expect(snap.get('p', [key(1).slice(0, -1)])).toBeUndefined();
    snap.close();
    store.close();
  });

  it('reads rows written under an older schema version through the migration', () => {
    const store = open(backend);
    store.createTable({
      name: 'm',
      fields: [
        { name: 'id', type: 'int64', nullable: false },
        { name: 'qty', type: 'int64', nullable: false },
      ],
      primaryKey: ['id'],
    });
    store.write((tx) => tx.table('m').upsert([{ id: 1n, qty: 5n }]));
    store.alterTable('m', { kind: 'add_column', field: { name: 'flag', type: 'bool', nullable: false }, default: true });
    store.alterTable('m', { kind: 'widen_column', name: 'qty', to: 'float64' });
    store.write((tx) => tx.table('m').upsert([{ id: 2n, qty: 2.5, flag: false }]));
    const snap = store.snapshot();
    expect([snap.get('m', [1n]), snap.get('m', [2n]), snap.get('m', [3n])]).toEqual([{ id: 1n, qty: 5, flag: true }, { id: 2n, qty: 2.5, flag: false }, undefined]);
    snap.close();
    store.close();
  });
});
