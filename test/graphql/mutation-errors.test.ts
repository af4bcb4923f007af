/**
 * A mutation's engine error names its root field in `path` (docs/graphql.md
 * "Errors"): DUPLICATE_KEY from an insert and NUMERIC_OVERFLOW from an
 * `_inc`, each at the failing field (the second of two), with `data: null`
 * and nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, runGraphql, type Database } from '../../src/index.js';

let db: Database;
beforeAll(() => {
  db = open(':memory:');
  db.createTable('t', [{ name: 'id', type: 'int64' }, { name: 'n', type: 'int64' }], ['id']);
  db.table('t').insert([{ id: 1n, n: 9223372036854775800n }]);
});
afterAll(() => db.close());

const ids = async (): Promise<unknown> => (await runGraphql(db, { query: '{ t(order_by: {id: asc}) { id n } }' })).data;

describe('mutation errors carry the root field path', () => {
  it('DUPLICATE_KEY at the second insert', async () => {
    const res = await runGraphql(db, { query: 'mutation { ok: insert_t(objects: [{id: 3, n: 0}]) { affected_rows } dup: insert_t(objects: [{id: 1, n: 0}]) { affected_rows } }' });
    expect(res.data).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'DUPLICATE_KEY' }, path: ['dup'] });
    expect(await ids()).toEqual({ t: [{ id: 1, n: '9223372036854775800' }] });
  });

  it('NUMERIC_OVERFLOW at the _inc that overflows int64', async () => {
    const res = await runGraphql(db, { query: 'mutation { a: update_t(where: {id: {_eq: 1}}, _inc: {n: 1}) { affected_rows } b: update_t(where: {id: {_eq: 1}}, _inc: {n: 100}) { affected_rows } }' });
    expect(res.data).toBeNull();
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'NUMERIC_OVERFLOW' }, path: ['b'] });
    expect(await ids()).toEqual({ t: [{ id: 1, n: '9223372036854775800' }] });
  });
});
