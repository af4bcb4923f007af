import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeScarab, open } from '../../index.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-seq-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('Database sequences', () => {
  it('keeps each named Obelisk counter as a sparse file that survives reopen', () => {
    const dir = tempDir();
    const db = open(dir);
    const orders = db.sequence('orders');
    expect([orders.next(), orders.next(), orders.next()]).toEqual([1, 2, 3]);
    expect(db.sequence('invoices').next()).toBe(1);
    db.close();
    expect(fs.statSync(path.join(dir, 'sequences', 'orders.obelisk')).size).toBe(3);
    const again = open(dir);
    expect(again.sequence('orders').next()).toBe(4);
    again.close();
  });

  it('gives increasing Scarab ids across a reopen, and memory databases their own counters', () => {
    const dir = tempDir();
    const db = open(dir);
    const a = db.scarab({ node: 7 }).next();
    db.close();
    const again = open(dir);
    const b = again.scarab({ node: 7 }).next();
    again.close();
    expect(b > a).toBe(true);
    expect(decodeScarab(b).node).toBe(7);

    const m1 = open(':memory:');
    const m2 = open(':memory:');
    expect(m1.sequence('s').next()).toBe(1);
    expect(m1.sequence('s').next()).toBe(2);
    expect(m2.sequence('s').next()).toBe(1);
    m1.close();
    m2.close();
  });

  it('rejects bad names and sequences on a closed database', () => {
    const db = open(':memory:');
    expect(() => db.sequence('../escape')).toThrow(expect.objectContaining({ code: 'INVALID_NAME' }));
    db.close();
    expect(() => db.sequence('s')).toThrow(expect.objectContaining({ code: 'DATABASE_CLOSED' }));
  });
});
