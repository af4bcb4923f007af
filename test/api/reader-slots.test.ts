/**
 * Reads and writes interleaved in one process must not leak LMDB reader
 * slots: each commit retires the shared read transaction, and a cursor left
 * open by a read (a one-row probe of the memtable, say) pinned the retired
 * transaction until garbage collection, so after ~126 write/read rounds
 * every read failed with MDB_READERS_FULL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { open } from '../../src/index.js';

describe('LMDB reader slots', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pyralog-readers-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('survive many rounds of point reads between single-row commits', async () => {
    const db = open(join(dir, 'db'));
    try {
      db.createTable('points', [{ name: 'id', type: 'int64' }, { name: 'name', type: 'utf8' }], ['id']);
      db.table('points').insert(Array.from({ length: 200 }, (_, i) => ({ id: BigInt(i), name: `a${i}` })));
      db.flush();
      const q = db.prepare('prql', 'from points | filter id == $1 | select {id, name}');
      const rounds = 400; // well past LMDB's default of 126 readers
      let seen = 0;
      for (let round = 0; round < rounds; round++) {
        const id = BigInt(round % 200);
        db.table('points').upsert([{ id, name: `r${round}` }]);
        const rows = q.runSync([id]).rows();
        expect(rows).toEqual([{ id, name: `r${round}` }]);
        seen += rows.length;
        if (round % 50 === 0) await new Promise((r) => setImmediate(r));
      }
      expect(seen).toBe(rounds);
      expect((await db.query('prql', 'from points | aggregate {n = count this}')).rows()).toEqual([{ n: 200n }]);
    } finally {
      db.close();
    }
  });
});
