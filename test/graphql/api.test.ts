/**
 * The GraphQL API around the corpus: what prepareGraphql reports (operation,
 * tables read and written) for queries, mutations and subscriptions; a
 * prepared request re-run sees new data; the schema follows the catalog
 * (a new table, column or foreign key appears without a restart); bigint
 * beyond 2^53 and float edge values; introspection; the 'graphql' language
 * through db.query and db.explain; the CLI's `query --lang graphql`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlSchema, open, prepareGraphql, runGraphql, type Database } from '../../src/index.js';
import { main } from '../../src/cli/main.js';
import type { CliContext } from '../../src/cli/command.js';

let db: Database;

beforeAll(() => {
  db = open(':memory:');
  db.createTable('owners', [{ name: 'id', type: 'int64' }, { name: 'name', type: 'utf8' }], ['id']);
  db.createTable('pets', [{ name: 'id', type: 'int64' }, { name: 'owner_id', type: 'int64' }, { name: 'weight', type: 'float64' }], ['id']);
  db.addForeignKey('pets', { columns: ['owner_id'], references: { table: 'owners', columns: ['id'] } });
  db.table('owners').insert([
    { id: 1n, name: 'Ann' },
    { id: 9_007_199_254_740_993n, name: 'Big' },
  ]);
  db.table('pets').insert([
    { id: 1n, owner_id: 1n, weight: 4.5 },
    { id: 2n, owner_id: 9_007_199_254_740_993n, weight: Number.NaN },
    { id: 3n, owner_id: 1n, weight: null },
  ]);
});
afterAll(() => db.close());

describe('prepareGraphql', () => {
  it('reports the operation and the tables read and written', () => {
    const q = prepareGraphql(db, { query: '{ owners { name pets { id } } }' });
    expect('errors' in q ? q.errors : { op: q.operation, read: q.tablesRead, written: q.tablesWritten }).toEqual({ op: 'query', read: ['owners', 'pets'], written: [] });
    const m = prepareGraphql(db, { query: 'mutation { delete_pets(where: {owner: {name: {_eq: "x"}}}) { affected_rows } }' });
    expect('errors' in m ? m.errors : { op: m.operation, read: m.tablesRead, written: m.tablesWritten }).toEqual({ op: 'mutation', read: ['owners', 'pets'], written: ['pets'] });
    const s = prepareGraphql(db, { query: 'subscription { pets_aggregate { aggregate { count } } }' });
    expect('errors' in s ? s.errors : { op: s.operation, read: s.tablesRead }).toEqual({ op: 'subscription', read: ['pets'] });
  });

  it('a subscription answers the current result each time it is executed', async () => {
    const s = prepareGraphql(db, { query: 'subscription { pets_aggregate { aggregate { count } } }' });
    if ('errors' in s) throw new Error(JSON.stringify(s.errors));
    expect(await s.execute()).toEqual({ data: { pets_aggregate: { aggregate: { count: 3 } } } });
    db.table('pets').insert([{ id: 4n, owner_id: null, weight: 1 }]);
    expect(await s.execute()).toEqual({ data: { pets_aggregate: { aggregate: { count: 4 } } } });
    db.table('pets').delete([[4n]]);
  });

  it('bigint beyond 2^53 is a string both ways; NaN is "NaN"; a NULL key matches no owner', async () => {
    const r = await runGraphql(db, { query: 'query ($id: bigint!) { owners_by_pk(id: $id) { id name pets { id weight owner { id } } } }', variables: { id: '9007199254740993' } });
    expect(r).toEqual({ data: { owners_by_pk: { id: '9007199254740993', name: 'Big', pets: [{ id: 2, weight: 'NaN', owner: { id: '9007199254740993' } }] } } });
  });

  it('introspection describes the tables, relationships and scalars', async () => {
    const r = await runGraphql(db, { query: '{ __type(name: "pets") { fields { name type { name kind ofType { name } } } } }' });
    const fields = (r.data?.['__type'] as { fields: { name: string; type: { name: string | null; ofType: { name: string } | null } }[] }).fields;
    expect(fields.map((f) => `${f.name}:${f.type.name ?? `!${f.type.ofType?.name}`}`)).toEqual(['id:!bigint', 'owner_id:bigint', 'weight:float8', 'owner:owners']);
  });

  it('the schema follows the catalog: a new column, table and foreign key appear without a restart', async () => {
    const before = graphqlSchema(db);
    db.alterTable('owners', { kind: 'add_column', field: { name: 'city', type: 'utf8', nullable: true } });
    db.createTable('toys', [{ name: 'id', type: 'int64' }, { name: 'pet_id', type: 'int64' }], ['id']);
    db.addForeignKey('toys', { columns: ['pet_id'], references: { table: 'pets', columns: ['id'] } });
    db.table('toys').insert([{ id: 7n, pet_id: 1n }]);
    expect(graphqlSchema(db)).not.toBe(before);
    expect(graphqlSchema(db)).toBe(graphqlSchema(db));
    const r = await runGraphql(db, { query: '{ owners(limit: 1) { city pets(limit: 1) { toys { id } toys_aggregate { aggregate { count } } } } }' });
    expect(r).toEqual({ data: { owners: [{ city: null, pets: [{ toys: [{ id: 7 }], toys_aggregate: { aggregate: { count: 1 } } }] }] } });
  });

  it('limits come back as errors before anything runs', () => {
    const p = prepareGraphql(db, { query: '{ owners { pets { owner { pets { id } } } } }' }, { maxDepth: 3 });
    expect('errors' in p ? p.errors.map((e) => e.extensions['code']) : p).toEqual(['GRAPHQL_LIMIT_EXCEEDED']);
  });
});

describe("the 'graphql' language", () => {
  it('db.query runs one root field: its flattened columns, nested lists as JSON text', () => {
    const r = db.querySync('graphql', '{ owners(order_by: {id: asc}) { name pets(order_by: {id: desc}) { id } } }');
    expect(r.arrays()).toEqual([
      ['Ann', '[{"id":3},{"id":1}]'],
      ['Big', '[{"id":2}]'],
    ]);
    expect(() => db.querySync('graphql', '{ a: owners { name } b: pets { id } }')).toThrow(/exactly one root query field/);
  });

  it('a by-pk lookup pins the related rows: the child table is read with the key value as a hint', () => {
    const e = db.explain('graphql', '{ owners_by_pk(id: 1) { pets { id } pets_aggregate { aggregate { count } } } }');
    expect(e.optimized.match(/Scan: pets \[[^\]]*\] hints=\[eq\(#1 owner_id, 1\)\]/g)?.length).toBe(2);
    expect(db.querySync('graphql', '{ owners_by_pk(id: 1) { pets { id } pets_aggregate { aggregate { count } } } }').arrays()).toEqual([
      ['[{"id":1},{"id":3}]', 2n],
    ]);
  });

  it('explain shows the grouped JSON plan; errors carry the location', () => {
    const e = db.explain('graphql', '{ owners { pets { id } } }');
    expect(e.optimized).toContain('json_agg(');
    expect(e.optimized).toContain("json_object('id', ");
    expect(() => db.explain('graphql', '{ owners { nope } }')).toThrow(expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED', spans: [{ line: 1, column: 12 }] }));
  });
});

describe('pyralog query --lang graphql', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-graphql-cli-'));
    const d = open(path.join(dir, 'db'));
    d.createTable('genres', [{ name: 'id', type: 'int64' }, { name: 'name', type: 'utf8' }], ['id']);
    d.table('genres').insert([{ id: 1n, name: 'Rock' }, { id: 2n, name: 'Jazz' }]);
    d.close();
    fs.writeFileSync(path.join(dir, 'vars.json'), '{"id": 2}');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function cli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const context: CliContext = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, cwd: dir, env: {} };
    const code = await main(args, context);
    return { code, stdout, stderr };
  }

  it('prints exactly {"data":…} with --variables @FILE, and writes with a mutation', async () => {
    const q = 'query ($id: bigint!) { genres_by_pk(id: $id) { name } }';
    expect(await cli(['query', '--db', 'db', '--lang', 'graphql', '--format', 'json', '--variables', '@vars.json', q])).toEqual({ code: 0, stdout: '{"data":{"genres_by_pk":{"name":"Jazz"}}}\n', stderr: '' });
    const m = await cli(['query', '--db', 'db', '--lang', 'graphql', '--format', 'json', 'mutation { insert_genres_one(object: {id: 3, name: "Folk"}) { id } }']);
    expect(m.stdout).toBe('{"data":{"insert_genres_one":{"id":3}}}\n');
    const r = await cli(['query', '--db', 'db', '--lang', 'graphql', '--format', 'json', '--variables', '{"n": 2}', 'query ($n: Int) { genres(limit: $n, order_by: {id: desc}) { id } }']);
    expect(r.stdout).toBe('{"data":{"genres":[{"id":3},{"id":2}]}}\n');
  });

  it('prints {"errors":[…]} with code and location, exit code 1', async () => {
    const r = await cli(['query', '--db', 'db', '--lang', 'graphql', '--format', 'json', '{ genres { nme } }']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      errors: [{ message: 'Cannot query field "nme" on type "genres". Did you mean "name"?', locations: [{ line: 1, column: 12 }], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }],
    });
  });

  it('explain --lang graphql prints the plan', async () => {
    const r = await cli(['explain', '--db', 'db', '--lang', 'graphql', '{ genres(where: {id: {_eq: 2}}) { name } }']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('== optimized plan ==');
    expect(r.stdout).toMatch(/Scan: genres \[.*\] hints=\[eq\(#0 id, 2\)\]/);
  });
});
