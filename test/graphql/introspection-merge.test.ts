/**
 * Introspection beside data fields in one request: graphql-js answers only
 * the `__schema`/`__type` root fields and the engine's values are merged in
 * as they are, in the request's field order — a float aggregate that is NaN
 * is not serialized a second time (it failed with an uncoded "Float cannot
 * represent" error and a null).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, runGraphql, type Database } from '../../src/index.js';

let db: Database;
beforeAll(() => {
  db = open(':memory:');
  db.createTable('t', [{ name: 'id', type: 'int64' }, { name: 'float_col', type: 'float64' }], ['id']);
  db.table('t').insert([{ id: 1n, float_col: Number.NaN }, { id: 2n, float_col: 1.5 }]);
});
afterAll(() => db.close());

describe('introspection merged with engine values', () => {
  it('keeps a NaN average as the engine gives it, beside __schema', async () => {
    const alone = await runGraphql(db, { query: '{ t_aggregate { aggregate { avg { float_col } } } }' });
    expect(alone.errors).toBeUndefined();
    const avg = (alone.data?.['t_aggregate'] as { aggregate: { avg: { float_col: unknown } } }).aggregate.avg.float_col;
    expect(avg).not.toBeNull();
    const res = await runGraphql(db, { query: '{ __schema { queryType { name } } t_aggregate { aggregate { avg { float_col } } } }' });
    expect(res).toEqual({ data: { __schema: { queryType: { name: 'query_root' } }, t_aggregate: { aggregate: { avg: { float_col: avg } } } } });
    expect(Object.keys(res.data ?? {})).toEqual(['__schema', 't_aggregate']);
  });

  it('answers __type through a fragment spread, in field order, with __typename and data', async () => {
    const query = 'query Q { t(order_by: {id: desc}) { id } ...F __typename } fragment F on query_root { ty: __type(name: "t") { name fields { name } } }';
    const res = await runGraphql(db, { query, operationName: 'Q' });
    expect(res).toEqual({
      data: { t: [{ id: 2 }, { id: 1 }], ty: { name: 't', fields: [{ name: 'id' }, { name: 'float_col' }] }, __typename: 'query_root' },
    });
    expect(Object.keys(res.data ?? {})).toEqual(['t', 'ty', '__typename']);
  });
});
