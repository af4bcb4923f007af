/**
 * The worker pool's range stream (worker-pool.ts): ranges published while
 * the caller is still "scanning", in an order unrelated to their index,
 * mixed with ranges the calling thread keeps, come back by range index —
 * each range's state is its own, whoever computed it and whenever — with
 * the workers alone (the caller only publishes and waits) and with the
 * caller joining in; a stream aborted mid-publication leaves the pool
 * usable. The morsels are float64 columns in the column heap; each range's
 * sum and count are checked against the values written.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { columnHeapMemory, heapAlloc, heapBytes, heapFree, type HeapBlock } from '../../../memory/wasm-heap.js';
import { morselKernels } from '../morsel-kernels.js';
import type { MorselSpec, PartialState } from '../morsel-spec.js';
import { heapColumns, packMorsels, unpackMorsels, type HeapMorsel } from '../heap-morsel.js';
import { closeWorkerPool, configureParallelism, parallelSettings, parallelStats, workerPool } from '../worker-pool.js';

const before = parallelSettings();
const blocks: HeapBlock[] = [];
afterAll(() => {
  configureParallelism({ workers: before.threads, callerJoins: true });
  closeWorkerPool();
  for (const b of blocks.splice(0)) heapFree(b);
});

const RANGES = 24;
const MORSELS = 3;
const ROWS = 257;

/** Range r's morsels: float64 values 1000 * r + m * ROWS + i (exact in a double, so sums compare exactly). */
function buildRanges(): { morsels: HeapMorsel[][]; sums: number[] } {
  const morsels: HeapMorsel[][] = [];
  const sums: number[] = [];
  let rowBase = 0;
  for (let r = 0; r < RANGES; r++) {
    const range: HeapMorsel[] = [];
    let sum = 0;
    for (let m = 0; m < MORSELS; m++) {
      const b = heapAlloc(8 * ROWS + 16);
      if (b === null) throw new Error('the column heap refused a test block');
      blocks.push(b);
      const bytes = heapBytes(b);
      const at = Math.ceil(bytes.byteOffset / 8) * 8;
      const values = new Float64Array(bytes.buffer, at, ROWS);
      for (let i = 0; i < ROWS; i++) {
        values[i] = 1000 * r + m * ROWS + i;
        sum += values[i]!;
      }
      range.push({ n: ROWS, rowBase, cols: [[at, -1, 0]], words: [ROWS], f64: [true] });
      rowBase += ROWS;
    }
    morsels.push(range);
    sums.push(sum);
  }
  return { morsels, sums };
}

const spec: MorselSpec = { filter: [], key: -1, aggs: [{ kind: 'sum', col: 0, int64: false }, { kind: 'count_rows', col: -1, int64: false }] };
const kernels = morselKernels();

describe('range stream', () => {
  const memory = columnHeapMemory();
  const { morsels, sums } = buildRanges();
  const local = (r: number): PartialState => {
    const st = kernels.newState(spec);
    for (const m of morsels[r]!) kernels.run(spec, heapColumns(memory!.buffer, m), m.n, m.rowBase, st);
    kernels.done(spec, st);
    return st;
  };
  // publication order: odd ranges from the top, then even ones; every fifth range kept by the caller
  const order = [...Array.from({ length: RANGES }, (_, r) => r).filter((r) => r % 2 === 1).reverse(), ...Array.from({ length: RANGES }, (_, r) => r).filter((r) => r % 2 === 0)];

  it('packs morsels losslessly', () => {
    const packed = packMorsels([...morsels[0]!, { n: 5, rowBase: 7, cols: [[16, 32, 3], [48, -1, 0]], words: [10, 5], f64: [false, true] }]);
    expect(unpackMorsels(packed)).toEqual([...morsels[0]!, { n: 5, rowBase: 7, cols: [[16, 32, 3], [48, -1, 0]], words: [10, 5], f64: [false, true] }]);
  });

  it.each([true, false])('returns each range its own state, published out of order (caller joins: %s)', (callerJoins) => {
    expect(memory).not.toBeNull();
    configureParallelism({ workers: 3, callerJoins });
    const pool = workerPool(memory!)!;
    const stats0 = parallelStats();
    const stream = pool.stream(spec, local);
    const kept: number[] = [];
    try {
      for (const r of order) {
        if (r % 5 === 0) kept.push(r);
        else stream.offer(r, morsels[r]!);
      }
      const states = stream.finish(kept);
      expect(states.map((st) => st.aggs[0]!.sum[0])).toEqual(sums);
      expect(states.map((st) => st.aggs[1]!.cnt[0])).toEqual(sums.map(() => MORSELS * ROWS));
      const published = RANGES - kept.length;
      const stats = parallelStats();
      expect(stats.rangesByCaller + stats.rangesByWorkers - stats0.rangesByCaller - stats0.rangesByWorkers).toBe(published);
      if (!callerJoins) expect(stats.rangesByWorkers - stats0.rangesByWorkers).toBe(published);
    } finally {
      stream.abort();
    }
  });

  it('an aborted stream leaves the pool answering the next one', () => {
    configureParallelism({ workers: 3, callerJoins: true });
    const pool = workerPool(memory!)!;
    const first = pool.stream(spec, local);
    for (const r of order.slice(0, 5)) first.offer(r, morsels[r]!);
    first.abort();
    const second = pool.stream(spec, local);
    for (const r of order) second.offer(r, morsels[r]!);
    const states = second.finish([]);
    expect(states.map((st) => st.aggs[0]!.sum[0])).toEqual(sums);
  });
});
