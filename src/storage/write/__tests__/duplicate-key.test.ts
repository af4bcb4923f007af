/**
 * DUPLICATE_KEY tells apart a key the table already has from a key the
 * insert batch itself repeats (with both row indexes), on both backends;
 * nothing of a failed insert is written.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { isPyralogError, type PyralogError } from '../../../errors/pyralog-error.js';
import { BACKENDS, cleanup, open, scanAll } from '../../__tests__/helpers.js';

afterAll(cleanup);

function caught(fn: () => void): PyralogError {
  try {
    fn();
  } catch (e) {
    if (isPyralogError(e)) return e;
    throw e;
  }
  throw new Error('expected a PyralogError');
}

describe.each(BACKENDS)('duplicate keys on insert (%s)', (kind) => {
  it('a key repeated within one batch names the batch and both rows', () => {
    const store = open(kind);
    store.createTable({ name: 't', fields: [{ name: 'k', type: 'int64', nullable: false }, { name: 'v', type: 'utf8', nullable: true }], primaryKey: ['k'] });
    store.write((tx) => tx.table('t').insert([{ k: 1n, v: 'a' }]));
    const e = caught(() => store.write((tx) => tx.table('t').insert([{ k: 5n, v: 'x' }, { k: 6n, v: 'y' }, { k: 5n, v: 'z' }])));
    expect(e.code).toBe('DUPLICATE_KEY');
    expect(e.message).toBe('the inserted rows repeat the key (5): rows 0 and 2');
    expect(e.message).not.toMatch(/already has/);
    expect(e.details).toMatchObject({ row: 2, firstRow: 0 });
    const existing = caught(() => store.write((tx) => tx.table('t').insert([{ k: 7n, v: 'x' }, { k: 1n, v: 'y' }])));
    expect(existing.code).toBe('DUPLICATE_KEY');
    expect(existing.message).toBe('table t already has a row with key (1)');
    expect(existing.details).toMatchObject({ row: 1 });
    expect(scanAll(store, 't')).toEqual([{ k: 1n, v: 'a' }]);
    store.close();
  });
});
