/**
 * Introspection under a token that grants some tables only (real server on
 * loopback, real LMDB): `__schema` and `__type` — at the root or through a
 * root fragment — describe only the granted tables, while the request's
 * other fields keep the engine's values exactly: `__typename` (which Apollo
 * Client adds to every selection) does not send the data back through
 * graphql-js, so a float8 `avg` of NaN stays "NaN" instead of becoming an
 * uncoded "Float cannot represent" error and null.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintToken, newRootKey } from '../../src/server/capability-tokens.js';
import { postGraphql, startGraphqlFixture, type GraphqlFixture } from '../server/graphql-fixture.js';

const rootKey = newRootKey();
let f: GraphqlFixture;
let tracksOnly: string;

beforeAll(async () => {
  f = await startGraphqlFixture({ 'auth.enabled': true, 'auth.rootKey': Buffer.from(rootKey).toString('hex') });
  f.db.table('tracks').insert([{ id: 50n, name: 'not a number', album: 1n, ms: Number.NaN }]);
  tracksOnly = mintToken(rootKey, ['tables tracks:r']).token;
});
afterAll(async () => {
  await f.stop();
});

describe('introspection under a table-restricted token', () => {
  it('__typename beside data keeps the values: avg of NaN is "NaN", no error', async () => {
    const r = await postGraphql(f.graphql.url, '{ __typename tracks_aggregate(where: {id: {_gte: 3}}) { __typename aggregate { avg { ms } max { ms } count } } }', { token: tracksOnly });
    expect(r.body).toEqual({
      data: { __typename: 'query_root', tracks_aggregate: { __typename: 'tracks_aggregate', aggregate: { avg: { ms: 'NaN' }, max: { ms: 'NaN' }, count: 2 } } },
    });
  });

  it('__schema beside data: only the granted table, and the data as the engine computed it', async () => {
    // (avg, a graphql-js Float, is left out here: the engine's own introspection pass turns NaN into an error)
    const r = await postGraphql(f.graphql.url, '{ s: __schema { queryType { fields { name } } } tracks_aggregate { aggregate { max { ms } count } } }', { token: tracksOnly });
    expect(r.body).toEqual({
      data: {
        s: { queryType: { fields: [{ name: 'tracks' }, { name: 'tracks_aggregate' }, { name: 'tracks_by_pk' }] } },
        tracks_aggregate: { aggregate: { max: { ms: 'NaN' }, count: 4 } },
      },
    });
  });

  it('__type through a root fragment (and @include) is answered over the visible schema', async () => {
    const query = 'query Q($yes: Boolean!) { ...Root @include(if: $yes) } fragment Root on query_root { hidden: __type(name: "albums") { name } shown: __type(name: "tracks") { name } }';
    const r = await postGraphql(f.graphql.url, query, { token: tracksOnly, variables: { yes: true } });
    expect(r.body).toEqual({ data: { hidden: null, shown: { name: 'tracks' } } });
    const skipped = await postGraphql(f.graphql.url, query, { token: tracksOnly, variables: { yes: false } });
    expect(skipped.body).toEqual({ data: {} });
  });
});
