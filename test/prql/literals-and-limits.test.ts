/**
 * PRQL text the compiler mishandles on its own, through the public API on an
 * LMDB database: integer literals beyond 2^53 and int64 (prqlc turns them
 * into floats), float literals beyond f64, nesting and pipelines deep enough
 * to trap the compiler's WebAssembly (and recovery from such a trap),
 * over-long text, and parameter values outside int64 from the API and the
 * CLI's `--param`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, type Database } from '../../src/engine/database.js';
import { PyralogError } from '../../src/errors/pyralog-error.js';
import { parseParamValue } from '../../src/cli/query-input.js';
import { callPrql, prqlCompilerReloads } from '../../src/lang/prql/prql-compiler.js';
import { MAX_PRQL_NESTING, MAX_PRQL_PIPELINE_STEPS, MAX_PRQL_TEXT } from '../../src/lang/prql/prql-source-guard.js';

let dir: string;
let db: Database;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pyralog-prql-limits-'));
  db = open(dir);
  db.createTable('t', [{ name: 'id', type: 'int64' }, { name: 'v', type: 'float64' }], ['id']);
  db.table('t').insert([
    { id: 1n, v: 0.5 },
    { id: 9223372036854775807n, v: 1.5 },
  ]);
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function one(q: string): unknown {
  const rows = db.querySync('prql', q).arrays();
  return rows[0]?.[0];
}

function errorOf(f: () => unknown): PyralogError {
  try {
    f();
  } catch (e) {
    if (e instanceof PyralogError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('integer literals stay exact', () => {
  it('int64 extremes are exact int64 values', () => {
    const r = db.querySync('prql', 'from t | take 1 | select {lo = -9223372036854775808, hi = 9223372036854775807, big = 9007199254740993}');
    expect(r.schema.fields.map((f) => f.type)).toEqual(['int64', 'int64', 'int64']);
    expect(r.arrays()[0]).toEqual([-9223372036854775808n, 9223372036854775807n, 9007199254740993n]);
  });

  it('a filter on a key beyond 2^53 finds exactly that row', () => {
    expect(db.querySync('prql', 'from t | filter id == 9223372036854775807 | select {v}').arrays()).toEqual([[1.5]]);
  });

  it('a literal beyond int64 is NUMERIC_OVERFLOW with a caret at the literal', () => {
    const q = 'from t | select {x = 99999999999999999999999999}';
    const e = errorOf(() => one(q));
    expect(e.code).toBe('NUMERIC_OVERFLOW');
    expect(e.spans[0]).toMatchObject({ line: 1, column: 22, endColumn: 48 });
    expect(e.message).toBe('the integer literal 99999999999999999999999999 does not fit in int64');
  });

  it('one below int64 minimum overflows; so do big literals in take, inline relations and with underscores', () => {
    expect(errorOf(() => one('from t | select {x = -9223372036854775809}')).message).toContain('-9223372036854775809');
    for (const q of ['from t | take 99999999999999999999', 'from [{a = 99999999999999999999}]', 'from t | select {x = 1_000_000_000_000_000_000_000}']) {
      expect(errorOf(() => one(q)).code, q).toBe('NUMERIC_OVERFLOW');
    }
  });

  it('a float literal beyond f64 is NUMERIC_OVERFLOW at the literal, not a serde message', () => {
    const e = errorOf(() => one('from t | select {x = 1e400}'));
    expect(e.code).toBe('NUMERIC_OVERFLOW');
    expect(e.spans[0]).toMatchObject({ column: 22, endColumn: 27 });
    expect(one('from t | take 1 | select {x = 1e300}')).toBe(1e300);
  });

  it('numbers inside strings, comments, dates and identifiers are left alone', () => {
    const q = 'from t # 99999999999999999999\ntake 1 | select {s = "99999999999999999999", d = @2020-01-02, id}';
    expect(db.querySync('prql', q).arrays()).toEqual([['99999999999999999999', 18263, 1n]]);
  });
});

describe('parameters outside int64', () => {
  it('an API bigint parameter beyond int64 is NUMERIC_OVERFLOW, not a silent miss', () => {
    const e = errorOf(() => db.querySync('prql', 'from t | filter id == $id', { id: 99999999999999999999n }));
    expect(e.code).toBe('NUMERIC_OVERFLOW');
    expect(e.message).toContain('$id');
    expect(errorOf(() => db.querySync('prql', 'from t | filter id == $1', [-9223372036854775809n])).code).toBe('NUMERIC_OVERFLOW');
    expect(db.querySync('prql', 'from t | filter id == $id | select {v}', { id: 9223372036854775807n }).arrays()).toEqual([[1.5]]);
  });

  it('--param text parses exactly or is NUMERIC_OVERFLOW', () => {
    expect(parseParamValue('-9223372036854775808', 'id')).toBe(-9223372036854775808n);
    expect(parseParamValue('9007199254740993', 'id')).toBe(9007199254740993n);
    expect(errorOf(() => parseParamValue('99999999999999999999', 'id'))).toMatchObject({ code: 'NUMERIC_OVERFLOW', phase: 'cli' });
    expect(errorOf(() => parseParamValue('1e400', 'x')).code).toBe('NUMERIC_OVERFLOW');
    expect(parseParamValue("'99999999999999999999'", 'id')).toBe('99999999999999999999');
  });
});

describe('nesting, size and compiler traps', () => {
  const nested = (n: number): string => `from t | select {x = ${'('.repeat(n)}id${')'.repeat(n)}}`;

  it(`nesting up to ${MAX_PRQL_NESTING} brackets compiles and runs`, () => {
    expect(one(nested(MAX_PRQL_NESTING - 1) + ' | sort x')).toBe(1n);
  });

  it('deeper nesting is QUERY_TOO_DEEP at the deepest bracket, before prql-js sees it', () => {
    const before = prqlCompilerReloads();
    const e = errorOf(() => one(nested(40)));
    expect(e.code).toBe('QUERY_TOO_DEEP');
    expect(e.spans[0]).toMatchObject({ line: 1, column: 21 + MAX_PRQL_NESTING });
    expect(e.render()).toContain('^');
    expect(prqlCompilerReloads()).toBe(before);
    expect(one('from t | sort id | select {v}')).toBe(0.5);
  });

  it('a trap in the compiler is recovered: the next query compiles on a fresh instance', () => {
    const deep = `from t | select {x = ${'('.repeat(40)}a${')'.repeat(40)}}`;
    const before = prqlCompilerReloads();
    const trap = (() => {
      try {
        callPrql((p) => p.pl_to_rq(p.prql_to_pl(deep) ?? ''));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect((trap as Error).name).toBe('RuntimeError');
    expect((trap as Error).message).toContain('memory access out of bounds');
    expect(prqlCompilerReloads()).toBe(before + 1);
    // A text never compiled before (not served from a cache) on a fresh database.
    const fresh = open(':memory:');
    fresh.createTable('u', [{ name: 'k', type: 'int64' }], ['k']);
    fresh.table('u').insert([{ k: 41n }]);
    expect(fresh.querySync('prql', 'from u | select {k2 = k + 1} # after a trap').arrays()).toEqual([[42n]]);
    fresh.close();
  });

  it('a long operator chain is QUERY_TOO_DEEP with a caret in the query, not a position in the compiler JSON', () => {
    const q = `from t | select {x = ${Array.from({ length: 60 }, () => 'id').join(' + ')}}`;
    const e = errorOf(() => one(q));
    expect(e.code).toBe('QUERY_TOO_DEEP');
    expect(e.message).not.toMatch(/line 1 column/);
    expect(e.spans[0]).toMatchObject({ line: 1, column: 17, endColumn: q.length + 1 });
  });

  it(`a pipeline of ${MAX_PRQL_PIPELINE_STEPS} steps compiles and runs; each of two such pipelines in one query too`, () => {
    const steps = (n: number): string => ' | filter id > 0'.repeat(n);
    expect(one(`from t${steps(MAX_PRQL_PIPELINE_STEPS - 3)} | sort id | select {v}`)).toBe(0.5);
    const two = `from t${steps(150)} | join u=(from t${steps(150)}) (==id) | sort t.id | select {t.v}`;
    expect(one(two)).toBe(0.5);
  });

  it('a longer pipeline is QUERY_TOO_DEEP with a caret at the first step past the limit, before prql-js sees it', () => {
    const before = prqlCompilerReloads();
    const e = errorOf(() => one(`from t${' | filter id > 0'.repeat(3000)}`));
    expect(e.code).toBe('QUERY_TOO_DEEP');
    expect(e.message).toBe(`a pipeline has 3001 steps; the limit is ${MAX_PRQL_PIPELINE_STEPS}`);
    // Step 201 is the 200th filter: `from t` is 6 characters, each ` | filter id > 0` 16.
    const column = 7 + 16 * (MAX_PRQL_PIPELINE_STEPS - 1) + 3;
    expect(e.spans[0]).toMatchObject({ line: 1, column, endColumn: column + 'filter'.length });
    expect(prqlCompilerReloads()).toBe(before);
    // Steps on their own lines, and a pipeline inside a join, count the same way.
    const lines = errorOf(() => one(`from t${'\nfilter id > 0'.repeat(MAX_PRQL_PIPELINE_STEPS)}`));
    expect(lines.spans[0]).toMatchObject({ line: MAX_PRQL_PIPELINE_STEPS + 1, column: 1 });
    const inner = errorOf(() => one(`from t | join u=(from t${' | take 5'.repeat(300)}) (==id)`));
    expect(inner.code).toBe('QUERY_TOO_DEEP');
    expect(inner.render()).toContain('^^^^');
  });

  it('a tuple of many lines is not a pipeline', () => {
    const cols = Array.from({ length: 300 }, (_, i) => `  c${i} = id + ${i}`).join(',\n');
    expect(db.querySync('prql', `from t\nsort id\nselect {\n${cols}\n}\ntake 1`).arrays()[0]?.[299]).toBe(300n);
  });

  it(`a text longer than ${MAX_PRQL_TEXT} characters is QUERY_TOO_LARGE`, () => {
    const e = errorOf(() => one(`from t ${'#'.repeat(MAX_PRQL_TEXT)}`));
    expect(e.code).toBe('QUERY_TOO_LARGE');
  });
});
