import fc from 'fast-check';
import { makeData, makeVector, RecordBatch, Int64, Utf8, type Vector } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { applyModelOp, BACKENDS, cleanup, open, rowsOf, type BackendKind, type ModelOp } from './helpers.js';
import type { Scalar } from '../../types/data-type.js';
import type { Store } from '../index.js';

afterAll(cleanup);

type Op = ModelOp | { kind: 'append'; first: number; step: number; count: number; tag: string };

const key = fc.integer({ min: 0, max: 300 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('upsert' as const), rows: fc.array(fc.tuple(key, fc.option(fc.string({ maxLength: 4 }), { nil: null })), { minLength: 1, maxLength: 30 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), keys: fc.array(key, { minLength: 1, maxLength: 20 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('append' as const), first: key, step: fc.integer({ min: -3, max: 3 }), count: fc.integer({ min: 1024, max: 1300 }), tag: fc.string({ maxLength: 2 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'flush' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'compact' as const }) },
);

function vec(data: unknown): Vector {
  return makeVector(data as never) as Vector;
}

function appendRows(op: Extract<Op, { kind: 'append' }>): [number, string][] {
  const out: [number, string][] = [];
  for (let i = 0; i < op.count; i++) out.push([((op.first + i * op.step) % 301 + 301) % 301, `${op.tag}${i}`]);
  return out;
}

function batchOf(rows: [number, string][]): RecordBatch {
  const enc = new TextEncoder();
  const parts = rows.map(([, s]) => enc.encode(s));
  const offsets = new Int32Array(rows.length + 1);
  parts.forEach((p, i) => (offsets[i + 1] = offsets[i]! + p.length));
  const bytes = new Uint8Array(offsets[rows.length]!);
  parts.forEach((p, i) => bytes.set(p, offsets[i]!));
  return new RecordBatch({
    k: vec(makeData({ type: new Int64(), length: rows.length, nullCount: 0, data: BigInt64Array.from(rows.map(([k]) => BigInt(k))) })),
    v: vec(makeData({ type: new Utf8(), length: rows.length, nullCount: 0, data: bytes, valueOffsets: offsets })),
  } as never) as RecordBatch;
}

function apply(store: Store, model: Map<number, string | null>, op: Op): void {
  if (op.kind !== 'append') return applyModelOp(store, model, op);
  const rows = appendRows(op);
  store.write((tx) => tx.table('t').appendBatch(batchOf(rows)));
  for (const [k, v] of rows) model.set(k, v);
}

function check(store: Store, model: Map<number, string | null>, lo: number, hi: number): void {
  const expected = [...model.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => ({ k: BigInt(k), v }));
  const snap = store.snapshot();
  try {
    expect(rowsOf(snap.scan('t', { batchSize: 7 }))).toEqual(expected);
    expect(rowsOf(snap.scan('t', { reverse: true, batchSize: 5 }))).toEqual([...expected].reverse());
    const range = rowsOf(snap.scan('t', { lower: { values: [BigInt(lo)], inclusive: true }, upper: { values: [BigInt(hi)], inclusive: false }, columns: ['v', 'k'] }));
    expect(range).toEqual(expected.filter((r) => r.k >= BigInt(lo) && r.k < BigInt(hi)).map((r) => ({ v: r.v, k: r.k })));
    for (const k of [lo, hi, (lo + hi) >> 1]) {
      const want = model.has(k) ? { k: BigInt(k), v: model.get(k)! } : undefined;
      expect(snap.get('t', [BigInt(k)])).toEqual(want);
    }
    expect(snap.stats('t').rowCount).toBe(model.size);
  } finally {
    snap.close();
  }
}

function run(kind: BackendKind, ops: Op[], lo: number, hi: number): void {
  const store = open(kind, { memtableBytes: 1500, segmentRows: 64, level0Trigger: 2, level1Rows: 100 });
  store.createTable({
    name: 't',
    fields: [
      { name: 'k', type: 'int64', nullable: false },
      { name: 'v', type: 'utf8', nullable: true },
    ],
    primaryKey: ['k'],
  });
  const model = new Map<number, string | null>();
  for (const op of ops) apply(store, model, op);
  check(store, model, Math.min(lo, hi), Math.max(lo, hi));
  expect(store.verify().errors).toEqual([]);
  store.compact();
  check(store, model, Math.min(lo, hi), Math.max(lo, hi));
  store.close();
}

describe.each(BACKENDS)('LSM against a map model (%s)', (kind) => {
  it('scan, range, reverse, get and row count match after any mix of writes, flushes and compactions', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 14 }), key, key, (ops, lo, hi) => run(kind, ops, lo, hi)),
      { numRuns: kind === 'lmdb' ? 25 : 40 },
    );
  });
});

export type { Scalar };
