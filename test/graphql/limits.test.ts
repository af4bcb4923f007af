/**
 * The size limits of a GraphQL request (docs/graphql.md "Limits"): every
 * alias and every fragment use counts as a field, every relationship
 * selection (a join) counts, introspection counts and `__schema`/`__type`
 * are capped; each refusal is GRAPHQL_LIMIT_EXCEEDED located at the field
 * past the limit, and limits are configurable per call. Identical
 * relationship selections under different aliases share one join.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getIntrospectionQuery, type ExecutionResult } from 'graphql';
import { open, prepareGraphql, runGraphql, type Database, type GraphqlLimits } from '../../src/index.js';

let db: Database;

beforeAll(() => {
  db = open(':memory:');
  db.createTable('artists', [{ name: 'id', type: 'int64' }, { name: 'name', type: 'utf8' }], ['id']);
  db.createTable('albums', [{ name: 'id', type: 'int64' }, { name: 'artist_id', type: 'int64' }, { name: 'title', type: 'utf8' }], ['id']);
  db.addForeignKey('albums', { columns: ['artist_id'], references: { table: 'artists', columns: ['id'] } });
  db.table('artists').insert([{ id: 1n, name: 'Ann' }, { id: 2n, name: 'Bo' }]);
  db.table('albums').insert([{ id: 1n, artist_id: 1n, title: 'X' }, { id: 2n, artist_id: 1n, title: 'Y' }]);
});
afterAll(() => db.close());

function refusal(query: string, limits?: GraphqlLimits): { code: unknown; message: string; line: number | undefined; column: number | undefined } | 'accepted' {
  const out = prepareGraphql(db, { query }, limits);
  if (!('errors' in out)) return 'accepted';
  const e = out.errors[0];
  return { code: e?.extensions['code'], message: e?.message ?? '', line: e?.locations?.[0]?.line, column: e?.locations?.[0]?.column };
}

function aliases(n: number, body: (i: number) => string): string {
  return Array.from({ length: n }, (_, i) => body(i)).join(' ');
}

describe('relationship selections', () => {
  it('refuses 2,000 aliased array relationships at the 101st, before planning', () => {
    const query = `{ artists(limit: 1) { ${aliases(2000, (i) => `a${i}: albums { title }`)} } }`;
    const r = refusal(query, { maxFields: 100_000 });
    expect(r).toMatchObject({ code: 'GRAPHQL_LIMIT_EXCEEDED', line: 1 });
    expect(r !== 'accepted' && r.message).toContain('more than 100 relationships');
    // the location is the 101st alias
    expect(r !== 'accepted' && r.column).toBe(query.indexOf('a100:') + 1);
  });

  it('counts aggregates and object relationships, and takes a configured maximum', () => {
    const query = `{ albums { artist { name } artist_aggregate: artist { id } } artists { albums_aggregate { aggregate { count } } } }`;
    expect(refusal(query, { maxRelationships: 3 })).toBe('accepted');
    expect(refusal(query, { maxRelationships: 2 })).toMatchObject({ code: 'GRAPHQL_LIMIT_EXCEEDED', column: query.indexOf('albums_aggregate') + 1 });
  });

  it('runs a request at the limit with the right values', async () => {
    const query = `{ artists(order_by: {id: asc}) { ${aliases(3, (i) => `a${i}: albums(order_by: {id: asc}) { title }`)} } }`;
    const res = await runGraphql(db, { query }, { maxRelationships: 3 });
    const many = [{ title: 'X' }, { title: 'Y' }];
    expect(res).toEqual({ data: { artists: [{ a0: many, a1: many, a2: many }, { a0: [], a1: [], a2: [] }] } });
  });
});

describe('identical selections under different aliases', () => {
  const scans = (query: string): number => db.explain('graphql', query).optimized.match(/Scan: albums/g)?.length ?? 0;

  it('share one join; a different argument or sub-selection gets its own', async () => {
    expect(scans('{ artists { a: albums { title } b: albums { title } c: albums { title } } }')).toBe(1);
    expect(scans('{ artists { a: albums { title } b: albums(limit: 1) { title } c: albums { id } } }')).toBe(3);
    expect(scans('{ artists { a: albums_aggregate { aggregate { count } } b: albums_aggregate { aggregate { count } } } }')).toBe(1);
    const res = await runGraphql(db, { query: '{ artists(order_by: {id: asc}) { a: albums(order_by: {id: desc}) { title } b: albums(order_by: {id: desc}) { title } n: albums_aggregate { aggregate { count } } m: albums_aggregate { aggregate { count } } } }' });
    const yx = [{ title: 'Y' }, { title: 'X' }];
    expect(res).toEqual({
      data: {
        artists: [
          { a: yx, b: yx, n: { aggregate: { count: 2 } }, m: { aggregate: { count: 2 } } },
          { a: [], b: [], n: { aggregate: { count: 0 } }, m: { aggregate: { count: 0 } } },
        ],
      },
    });
  });
});

describe('fields', () => {
  it('counts each alias: 1,001 aliased columns are refused at the 1,001st field', () => {
    const query = `{ artists { ${aliases(1000, (i) => `n${i}: name`)} } }`;
    const r = refusal(query);
    expect(r).toMatchObject({ code: 'GRAPHQL_LIMIT_EXCEEDED', column: query.indexOf('n999:') + 1 });
    expect(r !== 'accepted' && r.message).toContain('more than 1000 fields');
    expect(refusal(`{ artists { ${aliases(998, (i) => `n${i}: name`)} } }`)).toBe('accepted');
  });

  it('counts each use of a fragment, so an exponential fragment is refused cheaply', () => {
    let frags = 'fragment F0 on artists { name }';
    for (let i = 1; i <= 20; i++) frags += ` fragment F${i} on artists { x${i}: albums { artist { ...F${i - 1} } } y${i}: albums { artist { ...F${i - 1} } } }`;
    const r = refusal(`{ artists { ...F20 } } ${frags}`, { maxRelationships: 1e9, maxDepth: 1000, maxCost: Number.MAX_SAFE_INTEGER });
    expect(r).toMatchObject({ code: 'GRAPHQL_LIMIT_EXCEEDED' });
    expect(r !== 'accepted' && r.message).toContain('more than 1000 fields');
  });

  it('counts __typename and takes a configured maximum', () => {
    const query = '{ artists { __typename id name } }';
    expect(refusal(query, { maxFields: 4 })).toBe('accepted');
    expect(refusal(query, { maxFields: 3 })).toMatchObject({ code: 'GRAPHQL_LIMIT_EXCEEDED', column: query.indexOf('name }') + 1 });
  });
});

describe('introspection', () => {
  it('refuses 500 aliased __schema queries at the 4th', () => {
    const query = `{ ${aliases(500, (i) => `s${i}: __schema { types { name fields { name args { name } } } }`)} }`;
    const r = refusal(query);
    expect(r).toMatchObject({ code: 'GRAPHQL_LIMIT_EXCEEDED', column: query.indexOf('s3:') + 1 });
    expect(r !== 'accepted' && r.message).toContain('more than 3 __schema/__type');
  });

  it('counts introspection fields toward maxFields', () => {
    const query = '{ __schema { types { name fields { name } } } }';
    expect(refusal(query, { maxFields: 5 })).toBe('accepted');
    expect(refusal(query, { maxFields: 4 })).toMatchObject({ code: 'GRAPHQL_LIMIT_EXCEEDED', column: query.indexOf('name }') + 1 });
    expect(refusal(query, { maxIntrospection: 0 })).toMatchObject({ code: 'GRAPHQL_LIMIT_EXCEEDED', column: 3 });
  });

  it("still answers GraphiQL's full introspection query under the defaults", async () => {
    const res: ExecutionResult = await runGraphql(db, { query: getIntrospectionQuery() });
    expect(res.errors).toBeUndefined();
    const names = ((res.data?.['__schema'] as { types: { name: string }[] }).types).map((t) => t.name);
    expect(names).toContain('artists');
    expect(names).toContain('albums_aggregate');
  });
});
