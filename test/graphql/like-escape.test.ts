/**
 * `_like`/`_ilike` patterns treat a backslash as the escape character, as
 * Hasura (Postgres) does: `\%` and `\_` match a literal `%` and `_`, `\\`
 * a backslash; an unescaped `%`/`_` stays a wildcard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, runGraphql, type Database } from '../../src/index.js';

let db: Database;
beforeAll(() => {
  db = open(':memory:');
  db.createTable('t', [{ name: 'id', type: 'int64' }, { name: 'name', type: 'utf8' }], ['id']);
  db.table('t').insert([
    { id: 1n, name: '100% HardCore' },
    { id: 2n, name: 'back\\slash' },
    { id: 3n, name: 'snake_case' },
    { id: 4n, name: 'snakeXcase' },
    { id: 5n, name: '100 percent' },
  ]);
});
afterAll(() => db.close());

async function names(where: string, variables?: Record<string, unknown>): Promise<unknown> {
  const res = await runGraphql(db, { query: `query ${variables === undefined ? '' : '($p: String)'} { t(where: ${where}, order_by: {id: asc}) { name } }`, variables });
  expect(res.errors).toBeUndefined();
  return (res.data?.['t'] as { name: string }[]).map((r) => r.name);
}

describe('_like escapes', () => {
  it('matches a literal % and not a backslash', async () => {
    expect(await names('{name: {_like: "%\\\\%%"}}')).toEqual(['100% HardCore']);
    expect(await names('{name: {_like: $p}}', { p: '%\\%%' })).toEqual(['100% HardCore']);
    expect(await names('{name: {_ilike: $p}}', { p: '100\\% hard%' })).toEqual(['100% HardCore']);
  });

  it('refuses a lone \\% in GraphQL text: it is no GraphQL string escape', async () => {
    const res = await runGraphql(db, { query: '{ t(where: {name: {_like: "%\\%%"}}) { name } }' });
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'GRAPHQL_SYNTAX_ERROR' }, locations: [{ line: 1, column: 29 }] });
  });

  it('matches a literal _ and keeps the unescaped _ a wildcard', async () => {
    expect(await names('{name: {_like: $p}}', { p: 'snake\\_case' })).toEqual(['snake_case']);
    expect(await names('{name: {_like: $p}}', { p: 'snake_case' })).toEqual(['snake_case', 'snakeXcase']);
    expect(await names('{name: {_nlike: $p}}', { p: '%\\_%' })).toEqual(['100% HardCore', 'back\\slash', 'snakeXcase', '100 percent']);
  });

  it('matches a backslash written \\\\', async () => {
    expect(await names('{name: {_like: $p}}', { p: '%\\\\%' })).toEqual(['back\\slash']);
    expect(await names('{name: {_like: $p}}', { p: '100%' })).toEqual(['100% HardCore', '100 percent']);
  });
});
