/**
 * The public API called wrongly, as JavaScript callers can: every misuse is
 * a PyralogError INVALID_ARGUMENT naming the method and the argument, never a
 * raw TypeError, and nothing stored changes. Also: a column named __proto__
 * survives rows(), arrays() and table.get().
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPyralogError, open, type Database } from '../../index.js';
import { createPeople } from './api-fixture.js';

let tmp: string;
let db: Database;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-misuse-'));
  db = open(path.join(tmp, 'db'));
  createPeople(db);
});
afterAll(() => {
  db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Calls `fn`, which must throw (or reject with) INVALID_ARGUMENT whose message contains `text`. */
async function misuse(fn: () => unknown, text: string): Promise<void> {
  let thrown: unknown;
  try {
    await fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, `expected INVALID_ARGUMENT containing ${text}`).toBeDefined();
  if (!isPyralogError(thrown)) throw new Error(`a raw ${(thrown as Error)?.name}: ${(thrown as Error)?.message}`);
  expect(thrown.code).toBe('INVALID_ARGUMENT');
  expect(thrown.message).toContain(text);
}

// The API as an untyped caller sees it.
type Loose = Record<string, (...args: unknown[]) => unknown>;
const loose = (o: object): Loose => o as unknown as Loose;

describe('API misuse gives INVALID_ARGUMENT', () => {
  it('insert/upsert/delete/get with the wrong shapes', async () => {
    const t = loose(db.table('people'));
    await misuse(() => t['insert']!({ id: 9n }), 'insert: rows must be an array of row objects, got an object');
    await misuse(() => t['insert']!([null]), 'insert: rows[0] must be an object keyed by column name, got null');
    await misuse(() => t['insert']!([{ id: 9n }, 7]), 'rows[1] must be an object keyed by column name, got a number');
    await misuse(() => t['upsert']!('rows'), 'upsert: rows must be an array');
    await misuse(() => t['delete']!(1n), 'delete: keys must be an array');
    await misuse(() => t['delete']!([1n]), 'delete: keys[0] must be an array');
    await misuse(() => t['get']!(1n), 'get: the key must be an array');
    await misuse(() => t['insert']!([new Map([['id', 9n]])]), 'got a Map');
  });

  it('queries with a non-string language or text, or params that are neither array nor object', async () => {
    const d = loose(db);
    await misuse(() => d['querySync']!(null, 'from people'), 'querySync: the language must be a string, got null');
    await misuse(() => d['querySync']!('prql', 42), 'querySync: the query text must be a string, got a number');
    await misuse(() => d['querySync']!('prql', 'from people', 'x'), 'querySync: params must be an array');
    await misuse(() => d['query']!('prql', undefined), 'query: the query text must be a string, got undefined');
    await misuse(() => d['explain']!(1, 'from people'), 'explain: the language must be a string');
    await misuse(() => d['prepare']!('prql', {}), 'prepare: the query text must be a string, got an object');
    await misuse(() => d['stream']!('prql', Symbol('x')), 'stream: the query text must be a string, got a symbol');
  });

  it('DDL, exec, kv, transaction, flush and sequence with the wrong types', async () => {
    const d = loose(db);
    await misuse(() => d['createTable']!('x', 'id int64'), 'createTable: columns must be an array');
    await misuse(() => d['createTable']!('x', [{ name: 1, type: 'int64' }]), 'columns[0].name must be a string, got a number');
    await misuse(() => d['createTable']!('x', [{ name: 'a', type: 'int64' }], 'a'), 'primaryKey must be an array');
    await misuse(() => d['createTable']!(5, []), 'createTable: the name must be a string');
    await misuse(() => d['dropTable']!({}), 'dropTable: the name must be a string');
    await misuse(() => d['alterTable']!('people', null), 'alterTable: the change must be an object with a string kind');
    await misuse(() => d['table']!(null), 'table: the name must be a string, got null');
    await misuse(() => d['exec']!(null), 'exec: the statement must be an object');
    await misuse(() => d['exec']!({ kind: 'truncate' }), 'exec: unknown statement kind "truncate"');
    await misuse(() => d['exec']!({ kind: 'insert', table: 'people', rows: [[1n]] }), 'rows[0] must be an object');
    await misuse(() => d['kv']!(3), 'kv: the namespace must be a string');
    const kv = loose(db.kv('ns'));
    await misuse(() => kv['put']!('k', 5), 'put: the value must be a string or a Uint8Array, got a number');
    await misuse(() => kv['get']!(null), 'get: the key must be a string or a Uint8Array, got null');
    await misuse(() => kv['range']!({ limit: -1 }), 'range: options.limit must be a whole number >= 0');
    await misuse(() => d['transaction']!('not a function'), 'transaction: fn must be a function, got a string');
    await misuse(() => d['flush']!(7), 'flush: the table must be a string or omitted');
    await misuse(() => d['sequence']!(undefined), 'sequence: the name must be a string');
  });

  it('open() with a path that is not a string', async () => {
    await misuse(() => (open as unknown as (p: unknown) => unknown)(42), 'open: the path must be a string, got a number');
    await misuse(() => (open as unknown as (p: unknown, o: unknown) => unknown)(path.join(tmp, 'x'), 'ro'), 'open: options must be an object');
    expect(fs.existsSync(path.join(tmp, 'x'))).toBe(false);
  });

  it('nothing stored changed', () => {
    expect(db.querySync('prql', 'from people | sort id | select {id}').rows()).toEqual([{ id: 1n }, { id: 2n }, { id: 3n }]);
    expect(db.tables().map((t) => t.name)).toEqual(['people']);
  });
});

describe('a column named __proto__', () => {
  it('is an own property of rows() and table.get(), and in arrays()', () => {
    db.createTable('proto', [{ name: 'id', type: 'int64' }, { name: '__proto__', type: 'utf8' }, { name: 'constructor', type: 'int64' }], ['id']);
    const row: Record<string, unknown> = { id: 1n, constructor: 7n };
    Object.defineProperty(row, '__proto__', { value: 'p', enumerable: true, writable: true, configurable: true });
    db.table('proto').insert([row as never]);
    const rows = db.querySync('prql', 'from proto').rows();
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]!)).toEqual(['id', '__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(rows[0], '__proto__')?.value).toBe('p');
    expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
    expect(db.querySync('prql', 'from proto').arrays()).toEqual([[1n, 'p', 7n]]);
    const got = db.table('proto').get([1n]);
    expect(got === undefined ? [] : Object.keys(got)).toEqual(['id', '__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(got, '__proto__')?.value).toBe('p');
  });
});
