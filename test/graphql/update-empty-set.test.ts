/**
 * An update with nothing to change (`_set: {}`, no `_inc`) reports no rows, as Hasura does (affected_rows 0, returning [], by_pk null),
 * while an update that changes columns still counts the rows it matched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, runGraphql, type Database } from '../../src/index.js';

let db: Database;
beforeAll(() => {
  db = open(':memory:');
  db.createTable('t', [{ name: 'id', type: 'int64' }, { name: 'name', type: 'utf8' }], ['id']);
  db.table('t').insert([{ id: 1n, name: 'a' }, { id: 2n, name: 'b' }, { id: 3n, name: 'c' }]);
});
afterAll(() => db.close());

describe('update with an empty _set', () => {
  it('reports affected_rows 0, returning [] and a null by_pk row', async () => {
    const res = await runGraphql(db, {
      query: 'mutation { u: update_t(where: {id: {_gt: 1}}, _set: {}) { affected_rows returning { id } } one: update_t_by_pk(pk_columns: {id: 1}, _set: {}) { id } }',
    });
    expect(res).toEqual({ data: { u: { affected_rows: 0, returning: [] }, one: null } });
  });

  it('still counts the matched rows when something is set', async () => {
    const res = await runGraphql(db, { query: 'mutation { update_t(where: {id: {_gt: 1}}, _set: {name: "z"}) { affected_rows returning { id name } } }' });
    expect(res).toEqual({ data: { update_t: { affected_rows: 2, returning: [{ id: 2, name: 'z' }, { id: 3, name: 'z' }] } } });
  });
});
