/**
 * The point-lookup short way (engine/point-lookup.ts): which plans take it,
 * and that a query answered by it gives exactly the executor's rows — for
 * rows in segments and in the memtable, deleted and replaced rows, absent
 * keys, NULL parameters, composite and text keys, projections, after ALTER,
 * after writes through this and through another connection. The executor's
 * answer is taken from an equivalent query the short way declines
 * (`key >= $1 && key <= $1`, a key range).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, type Database } from '../database.js';
import { SnapshotCatalog } from '../catalog-view.js';
import { QueryCompiler } from '../query-compiler.js';
import { normalizeParams, type Params } from '../params.js';
import { pointLookup } from '../point-lookup.js';
import { isPyralogError } from '../../errors/pyralog-error.js';

const dir = mkdtempSync(join(tmpdir(), 'pyralog-point-lookup-'));
let db: Database;

beforeAll(() => {
  db = open(join(dir, 'db'));
  db.createTable('f', [{ name: 'id', type: 'int64' }, { name: 'k', type: 'int64' }, { name: 'name', type: 'utf8' }, { name: 'v', type: 'float64' }], ['id']);
  db.table('f').insert(Array.from({ length: 300 }, (_, i) => ({ id: BigInt(i * 2), k: BigInt(i % 7), name: i % 5 === 0 ? null : `n${i}`, v: i % 3 === 0 ? null : i / 4 })));
  db.flush('f');
  // memtable rows over the segment: a replaced row, a deleted row, a new row
  db.table('f').upsert([{ id: 10n, k: 99n, name: 'replaced', v: -0 }]);
  db.table('f').delete([[20n]]);
  db.table('f').insert([{ id: 1001n, k: 1n, name: 'mem', v: 1.5 }]);
  db.createTable('c', [{ name: 'a', type: 'utf8' }, { name: 'b', type: 'int64' }, { name: 'x', type: 'int64' }], ['a', 'b']);
  db.table('c').insert([{ a: 'p', b: 1n, x: 10n }, { a: 'p', b: 2n, x: 20n }, { a: 'q', b: 1n, x: 30n }]);
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Whether the short way answers `text` with `params` (undefined: the executor runs it). */
function takesShortWay(text: string, params: Params): boolean {
  const p = normalizeParams(params);
  const compiler = new QueryCompiler(4);
  const snapshot = db.snapshot();
  try {
    const catalog = new SnapshotCatalog(snapshot);
    const compiled = compiler.compile('prql', text, p, catalog);
    return pointLookup(compiler.physical(compiled, catalog, 0), p, snapshot) !== undefined;
  } finally {
    snapshot.close();
  }
}

describe('point lookup', () => {
  it('takes plans that are only a full-key equality (and a select of columns)', () => {
    expect(takesShortWay('from f | filter id == $1', [4n])).toBe(true);
    expect(takesShortWay('from f | filter $1 == id', [4n])).toBe(true);
    expect(takesShortWay('from f | filter id == 8', [])).toBe(true);
    expect(takesShortWay('from f | filter id == $1 | select {v, id}', [4n])).toBe(true);
    expect(takesShortWay('from c | filter a == $1 && b == $2', ['p', 2n])).toBe(true);
  });

  it('declines everything else', () => {
    expect(takesShortWay('from f | filter id == $1 && k > 3', [4n])).toBe(false); // a residual condition
    expect(takesShortWay('from f | filter id >= $1 && id <= $1', [4n])).toBe(false); // a range
    expect(takesShortWay('from f | filter k == $1', [4n])).toBe(false); // not the key
    expect(takesShortWay('from c | filter a == $1', ['p'])).toBe(false); // part of the key
    expect(takesShortWay('from f | filter id == $1', [2 ** 53 + 2])).toBe(false); // a number past 2^53 against an int64 key: rounding decides
    expect(takesShortWay('from f | filter id == $1 | derive w = v + 1', [4n])).toBe(false); // computed column
    expect(takesShortWay('from f | filter id == $1 | aggregate {n = count this}', [4n])).toBe(false);
  });

  it('gives the executor’s rows for every kind of key (segment, memtable, replaced, deleted, absent, NULL)', () => {
    const fast = db.prepare('prql', 'from f | filter id == $1');
    const slow = db.prepare('prql', 'from f | filter id >= $1 && id <= $1');
    const keys = [0n, 2n, 4n, 10n, 20n, 1001n, 598n, 3n, -1n, 600n, 9223372036854775807n];
    let found = 0;
    for (const key of keys) {
      const a = fast.runSync([key]);
      expect(a.rows()).toEqual(slow.runSync([key]).rows());
      expect(a.columns).toEqual(slow.runSync([key]).columns);
      found += a.numRows;
    }
    expect(found).toBe(6); // 0 2 4 10 598 1001 present; 20 deleted; 3, -1, 600 and int64's maximum absent
    expect(fast.runSync([10n]).rows()).toEqual([{ id: 10n, k: 99n, name: 'replaced', v: -0 }]);
    expect(Object.is(fast.runSync([10n]).arrays()[0]![3], -0)).toBe(true);
    expect(fast.runSync([0n]).rows()).toEqual([{ id: 0n, k: 0n, name: null, v: null }]);
    expect(fast.runSync([20n]).numRows).toBe(0);
    expect(fast.runSync([null]).rows()).toEqual(slow.runSync([null]).rows());
  });

  it('takes a number parameter against an int64 key (what JSON clients send) with the executor\'s answer', () => {
    expect(takesShortWay('from f | filter id == $1', [4])).toBe(true);
    const fast = db.prepare('prql', 'from f | filter id == $1');
    const slow = db.prepare('prql', 'from f | filter id >= $1 && id <= $1');
    let found = 0;
    for (const v of [0, -0, 4, 4.5, 1001, 20, -1, Number.NaN, 3.0000001, 598, null]) {
      const a = fast.runSync([v]);
      expect(a.rows()).toEqual(slow.runSync([v]).rows());
      found += a.numRows;
    }
    expect(found).toBe(5); // 0 and -0 (the same key), 4, 1001, 598
  });

  it('projects and reorders like the executor; composite and text keys', () => {
    expect(db.querySync('prql', 'from f | filter id == $1 | select {v, id}', [1001n]).arrays()).toEqual([[1.5, 1001n]]);
    expect(db.querySync('prql', 'from f | filter id == 12 | select {name}').rows()).toEqual([{ name: 'n6' }]);
    expect(db.querySync('prql', 'from c | filter a == $1 && b == $2', ['p', 2n]).rows()).toEqual([{ a: 'p', b: 2n, x: 20n }]);
    expect(db.querySync('prql', 'from c | filter b == $2 && a == $1', ['q', 1n]).rows()).toEqual([{ a: 'q', b: 1n, x: 30n }]);
    expect(db.querySync('prql', 'from c | filter a == $1 && b == $2', ['r', 1n]).numRows).toBe(0);
  });

  it('leaves a run without the parameter to the executor (which reports it)', () => {
    const compiler = new QueryCompiler(4);
    const snapshot = db.snapshot();
    try {
      const catalog = new SnapshotCatalog(snapshot);
      const compiled = compiler.compile('prql', 'from f | filter id == $1', { 1: 4n }, catalog);
      const plan = compiler.physical(compiled, catalog, 0);
      expect(pointLookup(plan, { 1: 4n }, snapshot)).toHaveLength(1);
      expect(pointLookup(plan, { 2: 4n }, snapshot)).toBeUndefined();
    } finally {
      snapshot.close();
    }
    let code: string | undefined;
    try {
      db.prepare('prql', 'from f | filter id == $1', [1n]).runSync({ other: 1n });
    } catch (e) {
      code = isPyralogError(e) ? e.code : 'not a PyralogError';
    }
    expect(code).toMatch(/PARAM/);
  });

  it('never answers from an older state: writes, ALTER and another connection’s commit are seen', () => {
    const q = db.prepare('prql', 'from f | filter id == $1');
    expect(q.runSync([4n]).rows()).toEqual([{ id: 4n, k: 2n, name: 'n2', v: 0.5 }]);
    db.table('f').upsert([{ id: 4n, k: 5n, name: 'again', v: 2 }]);
    expect(q.runSync([4n]).rows()).toEqual([{ id: 4n, k: 5n, name: 'again', v: 2 }]);
    db.alterTable('f', { kind: 'add_column', field: { name: 'extra', type: 'int64', nullable: true } });
    expect(q.runSync([4n]).rows()).toEqual([{ id: 4n, k: 5n, name: 'again', v: 2, extra: null }]);
    expect(q.runSync([6n]).rows()).toEqual([{ id: 6n, k: 3n, name: 'n3', v: null, extra: null }]);
    const other = open(join(dir, 'db'));
    try {
      other.table('f').upsert([{ id: 6n, k: 1n, name: 'other', v: 3, extra: 7n }]);
      other.table('f').delete([[4n]]);
    } finally {
      other.close();
    }
    expect(q.runSync([6n]).rows()).toEqual([{ id: 6n, k: 1n, name: 'other', v: 3, extra: 7n }]);
    expect(q.runSync([4n]).numRows).toBe(0);
    db.flush('f');
    expect(q.runSync([6n]).rows()).toEqual([{ id: 6n, k: 1n, name: 'other', v: 3, extra: 7n }]);
  });
});
