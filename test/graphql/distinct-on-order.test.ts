/**
 * `distinct_on` beside `order_by`, as Hasura validates it: the ordering's
 * leading keys must be exactly the distinct_on columns (any order among
 * them), else GRAPHQL_VALIDATION_FAILED at the field; no `order_by` is fine.
 * Root lists and array relationships alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, runGraphql, type Database } from '../../src/index.js';

let db: Database;
beforeAll(() => {
  db = open(':memory:');
  db.createTable('p', [{ name: 'id', type: 'int64' }], ['id']);
  db.createTable('t', [{ name: 'id', type: 'int64' }, { name: 'p_id', type: 'int64' }, { name: 'g', type: 'int64' }, { name: 'h', type: 'int64' }, { name: 'v', type: 'int64' }], ['id']);
  db.addForeignKey('t', { columns: ['p_id'], references: { table: 'p', columns: ['id'] } });
  db.table('p').insert([{ id: 1n }]);
  db.table('t').insert([
    { id: 1n, p_id: 1n, g: 1n, h: 1n, v: 5n },
    { id: 2n, p_id: 1n, g: 1n, h: 1n, v: 9n },
    { id: 3n, p_id: 1n, g: 2n, h: 1n, v: 7n },
  ]);
});
afterAll(() => db.close());

const message = '"distinct_on" columns must match initial "order_by" columns: order by';

describe('distinct_on must lead order_by', () => {
  for (const [name, query, column] of [
    ['a root list ordered by another column first', '{ t(distinct_on: [g], order_by: {v: desc}) { id } }', 3],
    ['a root list whose order_by has only one of two distinct_on columns first', '{ t(distinct_on: [g, h], order_by: [{g: asc}, {v: asc}, {h: asc}]) { id } }', 3],
    ['an array relationship', '{ p { t(distinct_on: [g], order_by: [{v: asc}, {g: asc}]) { id } } }', 7],
  ] as const) {
    it(`refuses ${name}`, async () => {
      const res = await runGraphql(db, { query });
      expect(res.errors).toHaveLength(1);
      expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' }, locations: [{ line: 1, column }] });
      expect(res.errors?.[0]?.message).toContain(message);
    });
  }

  it('runs distinct_on leading order_by (any order among them), and with no order_by', async () => {
    expect(await runGraphql(db, { query: '{ t(distinct_on: [g], order_by: [{g: asc}, {v: desc}]) { id } }' })).toEqual({ data: { t: [{ id: 2 }, { id: 3 }] } });
    expect(await runGraphql(db, { query: '{ t(distinct_on: [g, h], order_by: [{h: asc}, {g: desc}, {v: asc}]) { id } }' })).toEqual({ data: { t: [{ id: 3 }, { id: 1 }] } });
    expect(await runGraphql(db, { query: '{ t(distinct_on: [g]) { id } }' })).toEqual({ data: { t: [{ id: 1 }, { id: 3 }] } });
  });
});
