import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, PyralogError } from '../../index.js';
import { memoryPeople } from './api-fixture.js';

let db: Database;
beforeEach(() => {
  db = memoryPeople();
});
afterEach(() => db.close());

describe('prepare', () => {
  it('compiles once: many runs with new parameter values do not compile or re-plan again', async () => {
    const q = db.prepare<{ name: string }>('prql', 'from people | filter id == $1 | select {name}', [1n]);
    const before = db.planStats();
    const names: string[] = [];
    for (const id of [1n, 2n, 3n, 2n]) names.push(...q.runSync([id]).rows().map((r) => r.name));
    names.push(...(await q.run([3n])).rows().map((r) => r.name));
    expect(names).toEqual(['Ada', 'Bo', 'Cy', 'Bo', 'Cy']);
    const after = db.planStats();
    expect(after.compiles).toBe(before.compiles);
    expect(after.physicalPlans).toBe(before.physicalPlans);
  });

  it('without sample values, a query with parameters compiles at its first run; syntax errors still fail at prepare', () => {
    const q = db.prepare('prql', 'from people | filter score > $min | sort id | select {id}');
    expect(q.runSync({ min: 0n }).arrays()).toEqual([[1n], [3n]]);
    expect(() => db.prepare('prql', 'from people | filter (')).toThrow(PyralogError);
    expect(() => db.prepare('prql', 'from nobody')).toThrow(/unknown table nobody/);
  });

  it('a different parameter type gets its own plan (int64 vs float64 comparison)', () => {
    const q = db.prepare('prql', 'from people | filter score > $1 | sort id | select {id}');
    expect(q.runSync([0n]).arrays()).toEqual([[1n], [3n]]);
    expect(q.runSync([41.5]).arrays()).toEqual([[1n], [3n]]);
    expect(q.runSync([42.5]).arrays()).toEqual([[1n]]);
  });

  it('a plan compiled under an older catalog is not reused: ALTER, DROP and re-CREATE recompile', () => {
    const q = db.prepare('prql', 'from people | sort id | select {id, name}');
    expect(q.runSync().arrays()[0]).toEqual([1n, 'Ada']);
    const compiles = db.planStats().compiles;

    db.alterTable('people', { kind: 'rename_column', from: 'name', to: 'full_name' });
    // the old plan read column `name`, which no longer exists: the recompile reports it
    expect(() => q.runSync()).toThrow(expect.objectContaining({ code: 'PRQL_UNKNOWN_COLUMN' }));
    expect(db.planStats().compiles).toBe(compiles + 1);
    expect(db.planStats().stale).toBeGreaterThanOrEqual(1);

    const q2 = db.prepare('prql', 'from people | sort id | select {id, full_name}');
    expect(q2.runSync().arrays()[1]).toEqual([2n, 'Bo']);

    db.alterTable('people', { kind: 'add_column', field: { name: 'extra', type: 'int64', nullable: true }, default: 5n });
    expect(db.querySync('prql', 'from people | sort id | select {id, extra}').arrays()).toEqual([[1n, 5n], [2n, 5n], [3n, 5n]]);
    expect(q2.runSync().arrays()[1]).toEqual([2n, 'Bo']);

    db.dropTable('people');
    expect(() => q2.runSync()).toThrow(/unknown table people/);
    db.createTable('people', [{ name: 'id', type: 'int64' }, { name: 'full_name', type: 'utf8' }], ['id']);
    db.table('people').insert([{ id: 7n, full_name: 'New' }]);
    expect(q2.runSync().arrays()).toEqual([[7n, 'New']]);
  });

  it('re-plans physically (not recompiles) after writes change the statistics', () => {
    const q = db.prepare('prql', 'from people | aggregate {n = count this}');
    const s0 = db.planStats();
    q.runSync();
    expect(db.planStats().physicalPlans).toBe(s0.physicalPlans);
    db.table('people').insert([{ id: 9n, name: 'Ed', score: 0n, city: null, joined: null }]);
    expect(q.runSync().arrays()).toEqual([[4n]]);
    const s1 = db.planStats();
    expect(s1.physicalPlans).toBe(s0.physicalPlans + 1);
    expect(s1.compiles).toBe(s0.compiles);
  });

  it('one-shot queries share the compiled-plan cache', () => {
    const text = 'from people | filter city != null | select {name}';
    db.querySync('prql', text);
    const s = db.planStats();
    expect(db.querySync('prql', text).arrays()).toEqual([['Ada'], ['Cy']]);
    expect(db.planStats().compiles).toBe(s.compiles);
  });

  it('stream and explain of a prepared query', async () => {
    const q = db.prepare('prql', 'from people | filter id >= $1 | sort id | select {id}', [2n]);
    const ids: bigint[] = [];
    for await (const b of q.stream([2n])) ids.push(...(b.getChild('id')?.toArray() as BigInt64Array));
    expect(ids).toEqual([2n, 3n]);
    const ex = q.explain([2n]);
    expect(ex.physical).toContain('Scan: people');
    expect(ex.text).toContain('== physical plan ==');
  });
});

describe('explain', () => {
  it('shows the plan before and after the rules, the rule trace in order, and the access path', () => {
    const ex = db.explain('prql', 'from people | filter id == 2 | select {id, name}');
    expect(ex.logical).toBe(
      ['Project: #0 id, #1 name', '  Filter: eq(#0 id, 2)', '    Scan: people [id, name, score, city, joined]'].join('\n'),
    );
    expect(ex.trace.map((t) => t.rule)).toContain('prune-columns');
    for (const t of ex.trace) expect(t.before).not.toBe(t.after);
    expect(ex.optimized).toContain('Scan: people [id, name]');
    expect(ex.physical).toMatch(/Scan: people \[id, name\].*\[point_get \(2\)\]/);
    const lines = ex.text.split('\n');
    expect(lines[0]).toBe('== logical plan ==');
    expect(lines).toContain('== rule trace ==');
    expect(lines).toContain(`1. ${ex.trace[0]?.rule}`);
    expect(ex.text.indexOf('== rule trace ==')).toBeLessThan(ex.text.indexOf('== optimized plan =='));
  });

  it('a range on the key becomes a key_range access path', () => {
    const ex = db.explain('prql', 'from people | filter id >= 2');
    expect(ex.physical).toContain('key_range >=(2)');
  });
});
