import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, open, scanAll, tempDir } from '../../__tests__/helpers.js';
import { openStore } from '../../index.js';
import { transpileForChild } from '../../sequencer/__tests__/transpile-for-child.js';
import type { SnapshotImpl } from '../../snapshot.js';

afterAll(cleanup);

const ROOT = resolve(__dirname, '../../../..');

const segCount = (snap: unknown): number => (snap as SnapshotImpl).view('t').segments().length;

describe('decoded layouts shared by snapshots', () => {
  it('a snapshot sees the catalog and segments of its own transaction, before and after flush, alter and compaction', () => {
    const store = open('lmdb', { autoCompact: false });
    store.createTable({ name: 't', fields: [{ name: 'k', type: 'int64', nullable: false }, { name: 'v', type: 'int64', nullable: true }], primaryKey: ['k'] });
    store.write((tx) => tx.table('t').insert([{ k: 1n, v: 10n }]));
    const before = store.snapshot();
    expect(segCount(before)).toBe(0);
    store.flush();
    const afterFlush = store.snapshot();
    expect(segCount(afterFlush)).toBe(1);
    expect(segCount(before)).toBe(0); // the older snapshot keeps its layout
    store.alterTable('t', { kind: 'rename_column', from: 'v', to: 'w' });
    store.write((tx) => tx.table('t').insert([{ k: 2n, w: 20n }]));
    store.flush();
    store.compact();
    const last = store.snapshot();
    expect(segCount(last)).toBe(2); // two disjoint level-0 segments, moved down whole
    expect(last.table('t').fields.map((f) => f.name)).toEqual(['k', 'w']);
    expect(afterFlush.table('t').fields.map((f) => f.name)).toEqual(['k', 'v']);
    expect([...last.scan('t')].reduce((n, b) => n + b.numRows, 0)).toBe(2);
    for (const s of [before, afterFlush, last]) s.close();
    store.close();
  });

  it('sees layout changes another process commits (the generation is persisted, not in memory)', async () => {
    // The other process runs the storage engine transpiled from the current sources (a dist/ may be stale).
    const pkg = transpileForChild(tempDir(), ['src/storage/index.ts']);
    symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
    const dir = tempDir();
    const a = openStore(dir, { autoCompact: false });
    a.createTable({ name: 't', fields: [{ name: 'k', type: 'int64', nullable: false }], primaryKey: ['k'] });
    a.write((tx) => tx.table('t').insert([{ k: 1n }, { k: 2n }]));
    const s1 = a.snapshot();
    expect(segCount(s1)).toBe(0); // decoded and cached under the current generation
    s1.close();
    const child = `
      import { openStore } from ${JSON.stringify(pathToFileURL(join(pkg, 'src/storage/index.js')).href)};
      const b = openStore(${JSON.stringify(dir)}, { autoCompact: false });
      b.flush();
      b.alterTable('t', { kind: 'add_column', field: { name: 'x', type: 'utf8', nullable: true } });
      b.close();`;
    execFileSync(process.execPath, ['--input-type=module', '-e', child], { cwd: ROOT });
    // lmdb-js renews its shared read transaction on the next event-loop turn, then sees the other process's commit.
    await new Promise((r) => setTimeout(r, 20));
    const s2 = a.snapshot();
    expect(segCount(s2)).toBe(1);
    expect(s2.table('t').fields.map((f) => f.name)).toEqual(['k', 'x']);
    s2.close();
    expect(scanAll(a, 't')).toEqual([{ k: 1n, x: null }, { k: 2n, x: null }]);
    a.close();
  });
});
