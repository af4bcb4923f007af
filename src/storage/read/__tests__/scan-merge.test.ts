import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { applyModelOp, BACKENDS, cleanup, open, scanAll, type ModelOp } from '../../__tests__/helpers.js';
import type { SegmentEntry } from '../table-view.js';
import { runRanks } from '../scan.js';
import type { SegmentMeta } from '../../segment/segment-meta.js';

afterAll(cleanup);

type Op = ModelOp;

const key = fc.integer({ min: 0, max: 200 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('upsert' as const), rows: fc.array(fc.tuple(key, fc.option(fc.string({ maxLength: 3 }), { nil: null })), { minLength: 1, maxLength: 40 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), keys: fc.array(key, { minLength: 1, maxLength: 15 }) }) },
  { weight: 4, arbitrary: fc.constant({ kind: 'flush' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'compact' as const }) },
);

const boundArb = fc.option(fc.record({ value: key, inclusive: fc.boolean() }), { nil: undefined });
const queryArb = fc.record({
  lower: boundArb,
  upper: boundArb,
  columns: fc.constantFrom(undefined, ['v'], ['v', 'k'], ['k']),
  reverse: fc.boolean(),
  batchSize: fc.constantFrom(1, 7, 1000),
  /** A zone-map predicate k >= this (segments wholly below it are skipped). */
  kAtLeast: fc.option(key, { nil: undefined }),
});

const apply = applyModelOp;

describe.each(BACKENDS)('scan merge over many overlapping segments across levels (%s)', (backend) => {
  it('matches a Map model under key bounds, projections, reverse order and zone-map skipping', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 5, maxLength: 45 }), fc.array(queryArb, { minLength: 3, maxLength: 3 }), (ops, queries) => {
        // Small segments and lazy compaction: many overlapping level-0 segments over a few deeper levels.
        const store = open(backend, { segmentRows: 16, level0Trigger: 7, level1Rows: 40, memtableBytes: 700 });
        try {
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
          const sorted = [...model.entries()].sort((a, b) => a[0] - b[0]);
          expect(scanAll(store, 't')).toEqual(sorted.map(([k, v]) => ({ k: BigInt(k), v })));
          for (const q of queries) {
            const inRange = sorted.filter(([k]) => {
              if (q.lower && (q.lower.inclusive ? k < q.lower.value : k <= q.lower.value)) return false;
              if (q.upper && (q.upper.inclusive ? k > q.upper.value : k >= q.upper.value)) return false;
              return true;
            });
            const options = {
              ...(q.lower ? { lower: { values: [BigInt(q.lower.value)], inclusive: q.lower.inclusive } } : {}),
              ...(q.upper ? { upper: { values: [BigInt(q.upper.value)], inclusive: q.upper.inclusive } } : {}),
              // With a predicate, rows are matched by key, so the key is always read.
              ...(q.columns && q.kAtLeast === undefined ? { columns: q.columns } : {}),
              ...(q.kAtLeast !== undefined ? { predicates: [{ column: 'k', op: '>=' as const, value: BigInt(q.kAtLeast) }] } : {}),
              reverse: q.reverse,
              batchSize: q.batchSize,
            };
            const project = ([k, v]: [number, string | null]): Record<string, unknown> => {
              const full: Record<string, unknown> = { k: BigInt(k), v };
              return Object.fromEntries((q.columns ?? ['k', 'v']).map((c) => [c, full[c]]));
            };
            const got = scanAll(store, 't', options);
            const ordered = q.reverse ? [...inRange].reverse() : inRange;
            if (q.kAtLeast === undefined) {
              expect(got).toEqual(ordered.map(project));
            } else {
              // Zone maps only skip whole segments: every matching row comes back, and every row returned is current.
              const full = ([k, v]: [number, string | null]): Record<string, unknown> => ({ k: BigInt(k), v });
              const must = ordered.filter(([k]) => k >= q.kAtLeast!).map(full);
              const may = ordered.map(full);
              const asText = (rows: readonly Record<string, unknown>[]): string[] => rows.map((r) => JSON.stringify(r, (_, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x)));
              const gotText = asText(got);
              const mayText = new Set(asText(may));
              for (const r of asText(must)) expect(gotText).toContain(r);
              for (const r of gotText) expect(mayText.has(r)).toBe(true);
              // Still in key order (forward or reverse) with no duplicates.
              const mayList = asText(may);
              const pos = gotText.map((r) => mayList.indexOf(r));
              expect([...pos].sort((a, b) => a - b)).toEqual(pos);
              expect(new Set(pos).size).toBe(pos.length);
            }
          }
        } finally {
          store.close();
        }
      }),
      { numRuns: backend === 'memory' ? 40 : 15 },
    );
  });

  it('a trivial move beside a wide merge keeps level 1 one sorted run, and reads correctly', () => {
    const store = open(backend, { autoCompact: false });
    store.createTable({
      name: 't',
      fields: [
        { name: 'k', type: 'int64', nullable: false },
        { name: 'v', type: 'int64', nullable: false },
      ],
      primaryKey: ['k'],
    });
    const up = (ks: number[], tag: number): void => {
      store.write((tx) => tx.table('t').upsert(ks.map((k) => ({ k: BigInt(k), v: BigInt(k * 10 + tag) }))));
      store.flush('t');
    };
    up([2, 3], 1);
    up([9, 10, 11], 1);
    store.compact('t');
    up([1, 2], 2);
    up([5, 6], 2);
    up([9, 10], 2);
    // Compaction moves [5, 6] down beside the inputs merged from [1 .. 11]; the merged
    // output must be cut at 5 so that level 1 stays one sorted run.
    store.compact('t');
    expect(store.verify().errors).toEqual([]);
    up([6, 7], 3);
    const expected = [
      [1, 12],
      [2, 22],
      [3, 31],
      [5, 52],
      [6, 63],
      [7, 73],
      [9, 92],
      [10, 102],
      [11, 111],
    ].map(([k, v]) => ({ k: BigInt(k!), v: BigInt(v!) }));
    expect(scanAll(store, 't')).toEqual(expected);
    expect(scanAll(store, 't', { lower: { values: [4n], inclusive: true }, upper: { values: [9n], inclusive: false }, columns: ['v'] })).toEqual([{ v: 52n }, { v: 63n }, { v: 73n }]);
    store.close();
  });
});

describe('runRanks', () => {
  const seg = (level: number, lo: number, hi: number): SegmentEntry => ({
    meta: { level } as SegmentMeta,
    minKey: Uint8Array.of(lo),
    maxKey: Uint8Array.of(hi),
  });

  it('gives every level-0 segment its own rank and each level one rank per chain of disjoint ranges', () => {
    const segs = [seg(0, 0, 100), seg(0, 5, 9), seg(1, 0, 10), seg(1, 11, 20), seg(1, 30, 40), seg(2, 0, 50), seg(2, 10, 12), seg(2, 51, 60), seg(2, 55, 70)];
    expect(runRanks(segs, 1)).toEqual([1, 2, 3, 3, 3, 4, 5, 4, 5]);
  });
});
