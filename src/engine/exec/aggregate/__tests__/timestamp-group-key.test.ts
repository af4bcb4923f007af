/**
 * A GROUP BY on one timestamp column takes the serial operator's fused
 * group-by kernel: its key column must come out typed timestamp with every
 * group's values. (The fused path built the key as int64 and failed on an
 * invariant; the morsel path shares the key builder, now told the type.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, type Database } from '../../../../index.js';

let dir: string;
let db: Database;
const ROWS = 70_000;
const ts = (i: number): bigint => 1_700_000_000_000_000n + BigInt((i * 7919) % 997) * 60_000_000n;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pyralog-tsgroup-'));
  db = await open(dir);
  db.createTable('e', [{ name: 'id', type: 'int64' }, { name: 't', type: 'timestamp' }, { name: 'v', type: 'int64' }], ['id']);
  db.createTable('small', [{ name: 'id', type: 'int64' }, { name: 't', type: 'timestamp' }], ['id']);
  const rows = Array.from({ length: ROWS }, (_, i) => ({ id: BigInt(i), t: ts(i), v: BigInt(i % 10) }));
  db.table('e').insert(rows);
  db.flush?.();
  db.table('small').insert([{ id: 1n, t: ts(1) }, { id: 2n, t: ts(2) }, { id: 3n, t: ts(1) }]);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function expected(n: number): Map<bigint, { n: bigint; s: bigint }> {
  const m = new Map<bigint, { n: bigint; s: bigint }>();
  for (let i = 0; i < n; i++) {
    const e = m.get(ts(i)) ?? { n: 0n, s: 0n };
    e.n += 1n;
    e.s += BigInt(i % 10);
    m.set(ts(i), e);
  }
  return m;
}

describe('group by a timestamp key', () => {
  it('over a stored table of 70,000 rows: the key is a timestamp column with every group', async () => {
    const r = await db.query('prql', 'from e | group {t} (aggregate {n = count this, s = sum v}) | sort t');
    expect(r.columns.map((c) => c.type)).toEqual(['timestamp', 'int64', 'int64']);
    const want = expected(ROWS);
    const got = r.rows() as { t: bigint; n: bigint; s: bigint }[];
    expect(got.length).toBe(want.size);
    for (const row of got) expect(want.get(row.t)).toEqual({ n: row.n, s: row.s });
  });

  it('over a few rows and over no rows', async () => {
    const r = await db.query('prql', 'from small | group {t} (aggregate {n = count this}) | sort t');
    expect(r.columns.map((c) => c.type)).toEqual(['timestamp', 'int64']);
    expect(r.rows()).toEqual([{ t: ts(1), n: 2n }, { t: ts(2), n: 1n }].sort((a, b) => (a.t < b.t ? -1 : 1)));
    const none = await db.query('prql', 'from small | filter id > 10 | group {t} (aggregate {n = count this})');
    expect(none.columns.map((c) => c.type)).toEqual(['timestamp', 'int64']);
    expect(none.rows()).toEqual([]);
  });
});
