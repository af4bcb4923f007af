/**
 * The bulk path of insert/upsert (calls of >= BULK_ROWS rows written
 * straight as segments) keeps the row path's semantics on both backends:
 * the same rows come back as from row-at-a-time writes, duplicate keys inside
 * the call and against live rows give the same DUPLICATE_KEY errors (and
 * nothing is written), upsert's newest write wins in every order, NULLs and
 * add-column defaults, every value type, coded errors of bad rows, hidden
 * row ids, and a transaction that throws after a bulk write leaves nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { isPyralogError, type PyralogError } from '../../../errors/pyralog-error.js';
import type { Scalar } from '../../../types/data-type.js';
import type { Row, TableStats } from '../../api.js';
import { BACKENDS, cleanup, open, scanAll, type BackendKind } from '../../__tests__/helpers.js';
import type { Store } from '../../index.js';
import { BULK_ROWS } from '../bulk-rows.js';

afterAll(cleanup);

const N = BULK_ROWS + 500;

function caught(fn: () => void): PyralogError {
  try {
    fn();
  } catch (e) {
    if (isPyralogError(e)) return e;
    throw e;
  }
  throw new Error('expected a PyralogError');
}

/** A table t(k int64 key, s utf8, x float64 NOT NULL). */
function openT(kind: BackendKind): Store {
  const store = open(kind);
  store.createTable({
    name: 't',
    fields: [
      { name: 'k', type: 'int64', nullable: false },
      { name: 's', type: 'utf8', nullable: true },
      { name: 'x', type: 'float64', nullable: false },
    ],
    primaryKey: ['k'],
  });
  return store;
}

/** Rows with keys `keys`, text tagged by `tag`. */
function rowsOf(keys: readonly number[], tag: string): Row[] {
  return keys.map((k) => ({ k: BigInt(k), s: k % 7 === 0 ? null : `${tag}${k}é`, x: k / 4 }));
}

/** Keys 0..n-1 in a scrambled (deterministic) order. */
function scrambled(n: number, from = 0): number[] {
  return Array.from({ length: n }, (_, i) => from + ((i * 7919) % n));
}

function statsOf(store: Store): TableStats {
  const snap = store.snapshot();
  try {
    return snap.stats('t');
  } finally {
    snap.close();
  }
}

function sortByK(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return [...rows].sort((a, b) => (a['k'] as bigint) < (b['k'] as bigint) ? -1 : 1);
}

describe.each(BACKENDS)('bulk insert/upsert (%s)', (kind) => {
  it('writes a large call as segments, giving the rows the row path gives', () => {
    const bulk = openT(kind);
    const rowwise = openT(kind);
    const rows = rowsOf(scrambled(N), 'a');
    bulk.write((tx) => tx.table('t').insert(rows));
    for (let i = 0; i < N; i += 500) rowwise.write((tx) => tx.table('t').insert(rows.slice(i, i + 500)));
    const got = scanAll(bulk, 't');
    expect(got).toHaveLength(N);
    expect(got).toEqual(sortByK(scanAll(rowwise, 't')));
    expect(got[14]).toEqual({ k: 14n, s: null, x: 3.5 });
    expect(got[15]).toEqual({ k: 15n, s: 'a15é', x: 3.75 });
    const stats = statsOf(bulk);
    expect(stats.memtableRows).toBe(0);
    expect(stats.segmentCount).toBe(1);
    expect(bulk.verify().errors).toEqual([]);
    bulk.close();
    rowwise.close();
  });

  it('refuses a key repeated inside the call with the row path error, writing nothing', () => {
    const store = openT(kind);
    const rows = rowsOf(scrambled(N), 'a');
    rows[N - 3] = { ...rows[N - 3]!, k: rows[5]!['k']! };
    const e = caught(() => store.write((tx) => tx.table('t').insert(rows)));
    expect(e.code).toBe('DUPLICATE_KEY');
    expect(e.message).toBe(`the inserted rows repeat the key (${String(rows[5]!['k'])}): rows 5 and ${N - 3}`);
    expect(e.details).toMatchObject({ row: N - 3, firstRow: 5 });
    expect(scanAll(store, 't')).toEqual([]);
    store.close();
  });

  it('refuses keys live in the memtable or a segment, but re-inserts a deleted key', () => {
    const store = openT(kind);
    store.write((tx) => tx.table('t').insert(rowsOf([N + 10, N + 11], 'old')));
    const inMemtable = caught(() => store.write((tx) => tx.table('t').insert(rowsOf([...scrambled(N), N + 11], 'new'))));
    expect(inMemtable.code).toBe('DUPLICATE_KEY');
    expect(inMemtable.message).toBe(`table t already has a row with key (${N + 11})`);
    expect(inMemtable.details).toMatchObject({ row: N });
    store.flush('t');
    const inSegment = caught(() => store.write((tx) => tx.table('t').insert(rowsOf([N + 10, ...scrambled(N)], 'new'))));
    expect(inSegment.message).toBe(`table t already has a row with key (${N + 10})`);
    expect(inSegment.details).toMatchObject({ row: 0 });
    store.write((tx) => tx.table('t').delete([[BigInt(N + 10)]]));
    store.write((tx) => tx.table('t').insert(rowsOf([N + 10, ...scrambled(N)], 'new')));
    const got = scanAll(store, 't');
    expect(got).toHaveLength(N + 2);
    expect(got.find((r) => r['k'] === BigInt(N + 10))).toEqual({ k: BigInt(N + 10), s: `new${N + 10}é`, x: (N + 10) / 4 });
    expect(got.find((r) => r['k'] === BigInt(N + 11))).toEqual({ k: BigInt(N + 11), s: `old${N + 11}é`, x: (N + 11) / 4 });
    store.close();
  });

  it('upsert: the last row of a repeated key wins, and the newest write wins over older data in any order', () => {
    const store = openT(kind);
    store.write((tx) => tx.table('t').insert(rowsOf([1, 2, 3], 'old')));
    store.flush('t');
    store.write((tx) => tx.table('t').upsert(rowsOf([4], 'mem')));
    const rows = [...rowsOf(scrambled(N), 'new'), { k: 1n, s: 'last', x: 0.5 }];
    store.write((tx) => {
      tx.table('t').upsert(rowsOf([2, 5], 'early')); // same transaction, before the bulk call: the bulk call wins
      tx.table('t').upsert(rows);
      tx.table('t').upsert([{ k: 3n, s: 'late', x: 9 }]); // after it: this one wins
    });
    const got = scanAll(store, 't');
    expect(got).toHaveLength(N);
    const at = (k: number): Record<string, unknown> | undefined => got.find((r) => r['k'] === BigInt(k));
    expect(at(1)).toEqual({ k: 1n, s: 'last', x: 0.5 });
    expect(at(2)).toEqual({ k: 2n, s: 'new2é', x: 0.5 });
    expect(at(3)).toEqual({ k: 3n, s: 'late', x: 9 });
    expect(at(4)).toEqual({ k: 4n, s: 'new4é', x: 1 });
    expect(at(5)).toEqual({ k: 5n, s: 'new5é', x: 1.25 });
    store.compact('t');
    expect(scanAll(store, 't')).toEqual(got);
    store.close();
  });

  it('NULLs, left-out columns and add-column defaults, and every stored type', () => {
    const store = open(kind);
    store.createTable({
      name: 'w',
      fields: [
        { name: 'k', type: 'utf8', nullable: false },
        { name: 'b', type: 'bool', nullable: true },
        { name: 'd', type: 'date', nullable: true },
        { name: 'ts', type: 'timestamp', nullable: true },
        { name: 'bin', type: 'binary', nullable: true },
        { name: 'i', type: 'int64', nullable: true },
      ],
      primaryKey: ['k'],
    });
    store.alterTable('w', { kind: 'add_column', field: { name: 'dflt', type: 'int64', nullable: true }, default: 42n });
    const rows: Row[] = Array.from({ length: N }, (_, j) => {
      const row: Record<string, Scalar> = { k: `κ${String(j).padStart(5, '0')}`, b: j % 3 === 0 ? null : j % 2 === 0, d: j - 500, ts: BigInt(j) * 1_000_000_007n, bin: Uint8Array.of(j & 255, 0, 7) };
      if (j % 5 !== 0) row['i'] = j % 2 === 0 ? -(2n ** 63n) : 2n ** 63n - 1n;
      if (j % 4 === 0) row['dflt'] = j % 8 === 0 ? null : 7n;
      return row;
    });
    store.write((tx) => tx.table('w').insert(rows));
    const got = scanAll(store, 'w');
    expect(got).toHaveLength(N);
    for (const j of [0, 1, 2, 3, 4, 8, 12, 1000, N - 1]) {
      const r = got[j]!;
      expect(r['k']).toBe(`κ${String(j).padStart(5, '0')}`);
      expect(r['b']).toBe(j % 3 === 0 ? null : j % 2 === 0);
      expect(r['bin']).toEqual(Uint8Array.of(j & 255, 0, 7));
      expect(r['i']).toBe(j % 5 === 0 ? null : j % 2 === 0 ? -(2n ** 63n) : 2n ** 63n - 1n);
      expect(r['dflt']).toBe(j % 4 === 0 ? (j % 8 === 0 ? null : 7n) : 42n);
    }
    const snap = store.snapshot();
    try {
      expect(snap.get('w', ['κ00003'])).toMatchObject({ d: -497, ts: 3_000_000_021n, i: 2n ** 63n - 1n, dflt: 42n });
      expect(snap.get('w', [`κ${String(N - 1).padStart(5, "0")}`])).toMatchObject({ d: N - 501, ts: BigInt(N - 1) * 1_000_000_007n, dflt: 42n });
    } finally {
      snap.close();
    }
    store.close();
  });

  it('bad rows anywhere in a large call raise the row path coded error, and nothing is written', () => {
    const store = openT(kind);
    const cases: [Row, string, string][] = [
      [{ k: 1500n, s: 'a', x: 'text' }, 'TYPE_MISMATCH', 'column x is float64, got string'],
      [{ k: 2n ** 63n, s: 'a', x: 1 }, 'TYPE_MISMATCH', 'column k is int64, got bigint'],
      [{ k: 1.5, s: 'a', x: 1 }, 'TYPE_MISMATCH', 'column k is int64, got number'],
      [{ k: null, s: 'a', x: 1 }, 'MISSING_KEY', 'row 1200: key column k is missing or NULL'],
      [{ s: 'a', x: 1 }, 'MISSING_KEY', 'row 1200: key column k is missing or NULL'],
      [{ k: 1500n, s: 'a', x: null }, 'NOT_NULL_VIOLATION', 'row 1200: column x is NOT NULL'],
      [{ k: 1500n, s: 'a', x: 1, extra: 1 }, 'UNKNOWN_COLUMN', 'table t has no column extra'],
      [{ k: 1500n, s: 'a', x: 1, __rowid: 1n }, 'UNKNOWN_COLUMN', 'table t has no column __rowid'],
    ];
    for (const [bad, code, message] of cases) {
      const rows = rowsOf(scrambled(N, 2000), 'a');
      rows[1200] = bad;
      const e = caught(() => store.write((tx) => tx.table('t').upsert(rows)));
      expect([e.code, e.message]).toEqual([code, message]);
    }
    expect(scanAll(store, 't')).toEqual([]);
    store.close();
  });

  it('hidden row ids continue from the ones taken before', () => {
    const store = open(kind);
    store.createTable({ name: 'h', fields: [{ name: 'v', type: 'int64', nullable: true }], primaryKey: [] });
    store.write((tx) => tx.table('h').insert([{ v: 1n }, { v: 2n }]));
    store.write((tx) => tx.table('h').insert(Array.from({ length: N }, (_, i) => ({ v: BigInt(i * 10) }))));
    store.write((tx) => tx.table('h').insert([{ v: 3n }]));
    const snap = store.snapshot();
    try {
      const rows = [...snap.scan('h', { columns: ['__rowid', 'v'] })].flatMap((b) => Array.from({ length: b.numRows }, (_, i) => [b.getChildAt(0)!.get(i), b.getChildAt(1)!.get(i)]));
      expect(rows).toHaveLength(N + 3);
      expect(rows.map((r) => r[0])).toEqual(Array.from({ length: N + 3 }, (_, i) => BigInt(i + 1)));
      expect(rows[2]).toEqual([3n, 0n]);
      expect(rows[N + 1]).toEqual([BigInt(N + 2), BigInt((N - 1) * 10)]);
      expect(rows[N + 2]).toEqual([BigInt(N + 3), 3n]);
    } finally {
      snap.close();
    }
    store.close();
  });

  it('a transaction that throws after a bulk write commits nothing (no rows, no segment, memtable kept)', () => {
    const store = openT(kind);
    store.write((tx) => tx.table('t').insert(rowsOf([N + 1], 'kept')));
    expect(() =>
      store.write((tx) => {
        tx.table('t').insert(rowsOf(scrambled(N), 'lost'));
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(scanAll(store, 't')).toEqual([{ k: BigInt(N + 1), s: `kept${N + 1}é`, x: (N + 1) / 4 }]);
    expect(statsOf(store)).toMatchObject({ segmentCount: 0, memtableRows: 1 });
    expect(store.verify().errors).toEqual([]);
    store.close();
  });
});
