/**
 * Every name a table or column can have is reachable from PRQL: names that are
 * PRQL keywords, transforms or std functions through quoting (default_db.`x`
 * for tables, this.`x` for columns), and names that are properties of JS's
 * Object.prototype (`__proto__`, `constructor`, …) as tables, columns and
 * aliases, without ever reaching Object.prototype.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, type Database } from '../../src/engine/database.js';
import { PyralogError } from '../../src/errors/pyralog-error.js';

/** PRQL 0.12's keywords, transforms, std functions, types and modules. */
const PRQL_NAMES = [
  'let', 'into', 'case', 'prql', 'type', 'alias', 'func', 'module', 'internal', 'import', 'enum', 'std', 'this', 'that',
  'from', 'select', 'filter', 'derive', 'aggregate', 'sort', 'take', 'join', 'group', 'window', 'append', 'intersect',
  'remove', 'loop', 'from_text', 'distinct', 'union', 'except', 'concat',
  'count', 'sum', 'min', 'max', 'average', 'stddev', 'all', 'any', 'count_distinct', 'concat_array', 'lag', 'lead',
  'first', 'last', 'rank', 'rank_dense', 'row_number', 'round', 'as', 'in', 'coalesce', 'not', 'and', 'or',
  'date', 'text', 'int', 'float', 'bool', 'time', 'timestamp', 'interval', 'tuple', 'relation', 'scalar', 'array',
  'math', 'lower', 'upper', 'length', 'contains', 'starts_with', 'ends_with', 'extract', 'replace', 'trim',
  'to_text', 'now', 'read_csv', 'read_parquet', 'true', 'false', 'null', 'default_db',
];
const JS_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

let db: Database;

beforeAll(() => {
  db = open(':memory:');
  const all = [...PRQL_NAMES, ...JS_NAMES];
  for (const name of all) {
    db.createTable(name, [{ name: 'id', type: 'int64' }, { name, type: 'utf8' }], ['id']);
    db.table(name).insert([{ id: 1n, [name]: `v-${name}` }]);
  }
  // One table whose columns carry every name.
  db.createTable('cols', [{ name: 'id', type: 'int64' }, ...all.map((name) => ({ name, type: 'utf8' as const }))], ['id']);
  db.table('cols').insert([Object.fromEntries([['id', 1n], ...all.map((n) => [n, `c-${n}`])])]);
});

afterAll(() => db.close());

describe('PRQL keywords and std names as tables and columns', () => {
  it.each(PRQL_NAMES)('%s: default_db.`…` reaches the table, r.`…` and this.`…` the column', (name) => {
    const r = db.querySync('prql', `from r = default_db.\`${name}\` | derive {k = id + 1} | select {r.\`${name}\`, k}`);
    expect(r.schema.fields.map((f) => f.name)).toEqual([name, 'k']);
    expect(r.arrays()).toEqual([[`v-${name}`, 2n]]);
    const c = db.querySync('prql', `from cols | derive {k = id + 1} | select {this.\`${name}\`, k} | filter this.\`${name}\` != ''`);
    expect(c.arrays()).toEqual([[`c-${name}`, 2n]]);
  });

  it('a group key and an aggregate over such columns work', () => {
    const r = db.querySync('prql', 'from cols | group {this.`count`, this.`group`} (aggregate {n = count id}) | sort {this.`count`}');
    expect(r.arrays()).toEqual([['c-count', 'c-group', 1n]]);
  });

  it('a backquoted std name (`date`, `text`) reads the column of that name, as prqlc’s SQL would', () => {
    for (const name of ['date', 'text']) {
      expect(db.querySync('prql', `from cols | select {\`${name}\`}`).arrays(), name).toEqual([[`c-${name}`]]);
    }
  });

  it('a std name used bare as a table or column says how to quote it', () => {
    let err: unknown;
    try {
      db.querySync('prql', 'from `date`');
    } catch (e) {
      err = e;
    }
    expect((err as PyralogError).hints.join('\n')).toContain('default_db.`name`');
    try {
      db.querySync('prql', 'from cols | select {`int`}');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PyralogError);
    expect((err as PyralogError).hints.join('\n')).toContain('this.`name`');
  });
});

describe('Object.prototype names never reach the prototype', () => {
  it.each(JS_NAMES)('%s as a table, a column and an alias', (name) => {
    const r = db.querySync('prql', `from r = default_db.\`${name}\` | derive {\`${name}2\` = id} | select {\`${name}\` = r.\`${name}\`, x = \`${name}2\`}`);
    expect(r.schema.fields.map((f) => f.name)).toEqual([name, 'x']);
    expect(r.arrays()).toEqual([[`v-${name}`, 1n]]);
    const rows = r.rows() as Record<string, unknown>[];
    expect(Object.getPrototypeOf(rows[0])).not.toHaveProperty('polluted');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('aliases named like Object.prototype members compute their own values', () => {
    const q = 'from r = default_db.`constructor` | derive {x = 1} | select {constructor = x, __proto__ = id, toString = r.`constructor`, hasOwnProperty = x + 1}';
    const r = db.querySync('prql', q);
    expect(r.schema.fields.map((f) => f.name)).toEqual(['constructor', '__proto__', 'toString', 'hasOwnProperty']);
    expect(r.arrays()).toEqual([[1n, 1n, 'v-constructor', 2n]]);
  });

  it('parameters named __proto__ and constructor are ordinary parameters', () => {
    const params = JSON.parse('{"__proto__": 1, "constructor": 2}') as Record<string, number>;
    const r = db.querySync('prql', 'from default_db.`toString` | select {a = $__proto__, b = $constructor}', params);
    expect(r.arrays()).toEqual([[1, 2]]);
  });
});

describe('user text never indexes a prototype', () => {
  it.each(JS_NAMES)('`as %s` is an unknown type, not a property of Object.prototype', (name) => {
    let err: unknown;
    try {
      db.querySync('prql', `from cols | derive {y = (id | as ${name})}`);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PyralogError);
    expect((err as PyralogError).code).toBe('PRQL_UNSUPPORTED');
    expect((err as PyralogError).message).toBe(`cannot cast to the type ${name}`);
  });
});
