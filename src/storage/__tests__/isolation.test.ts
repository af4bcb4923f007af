/**
 * Isolation on both backends (LMDB on disk and ':memory:'): a read
 * transaction (snapshot) begun while a write transaction is open, or before
 * it, sees the last committed state — point gets, key ranges, scans, stats
 * and key-value reads alike — and never the writer's uncommitted data. The
 * committed state is a map model driven by the shared applyModelOp.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { KvBackend } from '../kv/kv-backend.js';
import { LmdbBackend } from '../kv/lmdb-backend.js';
import { MemoryBackend } from '../kv/memory-backend.js';
import type { Snapshot } from '../api.js';
import type { Store } from '../index.js';
import { applyModelOp, BACKENDS, cleanup, open, rowsOf, tempDir, type BackendKind, type ModelOp } from './helpers.js';

afterAll(cleanup);

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : new TextDecoder().decode(b));

function backend(kind: BackendKind): KvBackend {
  return kind === 'memory' ? new MemoryBackend() : new LmdbBackend(tempDir());
}

const key = fc.integer({ min: 0, max: 40 });
const text = fc.option(fc.string({ maxLength: 6 }), { nil: null });
const opArb: fc.Arbitrary<ModelOp> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('upsert' as const), rows: fc.array(fc.tuple(key, text), { minLength: 1, maxLength: 12 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), keys: fc.array(key, { minLength: 1, maxLength: 8 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'flush' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'compact' as const }) },
);
/** Writes of the transaction that is open while reads happen (then rolled back). */
const pendingArb = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('upsert' as const), rows: fc.array(fc.tuple(key, text), { minLength: 1, maxLength: 12 }) }),
    fc.record({ kind: fc.constant('delete' as const), keys: fc.array(key, { minLength: 1, maxLength: 8 }) }),
  ),
  { minLength: 1, maxLength: 4 },
);

function expectModel(snap: Snapshot, model: ReadonlyMap<number, string | null>, probes: readonly number[]): void {
  const expected = [...model.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => ({ k: BigInt(k), v }));
  expect(rowsOf(snap.scan('t', { batchSize: 5 }))).toEqual(expected);
  const [lo, hi] = [Math.min(probes[0]!, probes[1]!), Math.max(probes[0]!, probes[1]!)];
  const range = rowsOf(snap.scan('t', { lower: { values: [BigInt(lo)], inclusive: true }, upper: { values: [BigInt(hi)], inclusive: true } }));
  expect(range).toEqual(expected.filter((r) => r.k >= BigInt(lo) && r.k <= BigInt(hi)));
  for (const k of probes) expect(snap.get('t', [BigInt(k)])).toEqual(model.has(k) ? { k: BigInt(k), v: model.get(k)! } : undefined);
  expect(snap.stats('t').rowCount).toBe(model.size);
  expect(dec(snap.kv('ns').get('marker'))).toBe('committed');
}

function newStore(kind: BackendKind): Store {
  const store = open(kind, { memtableBytes: 600, segmentRows: 16, level0Trigger: 2, level1Rows: 40 });
  store.createTable({ name: 't', fields: [{ name: 'k', type: 'int64', nullable: false }, { name: 'v', type: 'utf8', nullable: true }], primaryKey: ['k'] });
  store.write((tx) => tx.kv('ns').put('marker', 'committed'));
  return store;
}

describe.each(BACKENDS)('isolation (%s)', (kind) => {
  it('the kv backend: a read begun inside or before a write sees the committed state', () => {
    const b = backend(kind);
    b.write((w) => {
      w.put('kv', enc('a'), enc('1'));
      w.put('kv', enc('b'), enc('1'));
    });
    const before = b.beginRead();
    b.write((w) => {
      w.put('kv', enc('a'), enc('2'));
      w.put('kv', enc('c'), enc('2'));
      expect(w.delete('kv', enc('b'))).toBe(true);
      expect(dec(w.get('kv', enc('a')))).toBe('2'); // the writer sees its own writes
      for (const r of [b.beginRead(), before]) {
        expect(dec(r.get('kv', enc('a')))).toBe('1');
        expect(dec(r.view('kv', enc('a')))).toBe('1');
        expect(dec(r.get('kv', enc('b')))).toBe('1');
        expect(r.get('kv', enc('c'))).toBeUndefined();
        expect(r.view('kv', enc('c'))).toBeUndefined();
        expect([...r.range('kv')].map((e) => `${dec(e.key)}=${dec(e.value)}`)).toEqual(['a=1', 'b=1']);
        if (r !== before) r.close();
      }
    });
    expect(dec(before.get('kv', enc('a')))).toBe('1');
    before.close();
    const after = b.beginRead();
    expect([...after.range('kv')].map((e) => `${dec(e.key)}=${dec(e.value)}`)).toEqual(['a=2', 'c=2']);
    after.close();
    b.close();
  });

  it('snapshots during an open write transaction match the committed model (memtable and segments)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 10 }), pendingArb, fc.array(key, { minLength: 3, maxLength: 3 }), (committed, pending, probes) => {
        const store = newStore(kind);
        try {
          const model = new Map<number, string | null>();
          for (const op of committed) applyModelOp(store, model, op);
          const before = store.snapshot();
          expect(() =>
            store.write((tx) => {
              for (const op of pending) {
                if (op.kind === 'upsert') tx.table('t').upsert(op.rows.map(([k, v]) => ({ k: BigInt(k), v })));
                else tx.table('t').delete(op.keys.map((k) => [BigInt(k)]));
              }
              tx.kv('ns').put('marker', 'uncommitted');
              const during = store.snapshot();
              try {
                expectModel(during, model, probes);
                expectModel(before, model, probes);
              } finally {
                during.close();
              }
              throw new Error('roll back');
            }),
          ).toThrow('roll back');
          expectModel(before, model, probes);
          before.close();
          const after = store.snapshot();
          expectModel(after, model, probes);
          after.close();
        } finally {
          store.close();
        }
      }),
      { numRuns: kind === 'lmdb' ? 15 : 30 },
    );
  });
});
