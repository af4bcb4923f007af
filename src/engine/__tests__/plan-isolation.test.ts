/**
 * Compiled plans belong to the database they were compiled in: two databases
 * in one process whose tables share name, id and schema version but not
 * column types must each get a plan built from their own catalog.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { open, type Database } from '../../index.js';

const opened: Database[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function withTable(type: 'int64' | 'utf8' | 'float64', value: bigint | string | number): Database {
  const db = open(':memory:');
  opened.push(db);
  db.createTable('t', [{ name: 'id', type: 'int64' }, { name: 'a', type }], ['id']);
  db.table('t').insert([{ id: 1n, a: value }]);
  return db;
}

describe('plans do not leak between databases', () => {
  it('the same PRQL text over a same-named table of another column type', () => {
    const ints = withTable('int64', 9n);
    const texts = withTable('utf8', 'secret');
    const floats = withTable('float64', 7.5);
    expect(ints.tables()[0]).toMatchObject({ id: 1, version: 1 });
    expect(texts.tables()[0]).toMatchObject({ id: 1, version: 1 });
    const q = 'from t | select {a}';
    const r1 = ints.querySync('prql', q);
    expect(r1.rows()).toEqual([{ a: 9n }]);
    const r2 = texts.querySync('prql', q);
    expect(r2.schema.fields.map((f) => f.type)).toEqual(['utf8']);
    expect(r2.rows()).toEqual([{ a: 'secret' }]);
    expect(floats.querySync('prql', q).rows()).toEqual([{ a: 7.5 }]);
    // A type error in one database is not masked by a plan from another.
    expect(() => texts.querySync('prql', 'from t | filter a > 5 | select {a}')).toThrow(expect.objectContaining({ code: 'TYPE_MISMATCH' }));
    expect(ints.querySync('prql', 'from t | filter a > 5 | select {a}').rows()).toEqual([{ a: 9n }]);
  });

  it('an ALTER in one database does not stale or serve the other', () => {
    const one = withTable('int64', 1n);
    const two = withTable('int64', 2n);
    const q = 'from t | select {a}';
    expect(one.querySync('prql', q).rows()).toEqual([{ a: 1n }]);
    two.alterTable('t', { kind: 'add_column', field: { name: 'b', type: 'utf8', nullable: true } });
    expect(two.querySync('prql', 'from t | select {a, b}').rows()).toEqual([{ a: 2n, b: null }]);
    expect(() => one.querySync('prql', 'from t | select {a, b}')).toThrow(expect.objectContaining({ code: 'PRQL_UNKNOWN_COLUMN' }));
    expect(one.querySync('prql', q).rows()).toEqual([{ a: 1n }]);
  });
});
