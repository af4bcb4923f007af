import { afterEach, describe, expect, it } from 'vitest';
import { Aggregate, Filter, Project, Sort, agg, asc, call, col, lit } from '../../../planner/ir/index.js';
import { arenaBytesUsed, defaultPhysicalPlan, execute, resetArena, useSharedArena, usePlainBuffers } from '../index.js';
import { rel, run } from './helpers.js';

const t = rel(
  [['k', 'int64'], ['v', 'float64']],
  Array.from({ length: 200 }, (_, i) => [BigInt(i % 7), i % 5 === 0 ? null : i / 4]),
);
const query = Sort.create(
  Aggregate.create(Filter.create(Project.create(t, [
    { expr: col(0), name: 'k' },
    { expr: call('mul', col(1), lit(2)), name: 'v2' },
  ]), call('gt', col(1), lit(3))), [{ expr: col(0), name: 'k' }], [agg('sum', [col(1)], 's'), agg('count', [], 'n')]),
  [asc(col(0))],
);

describe('shared WebAssembly.Memory arena', () => {
  afterEach(() => usePlainBuffers());

  it('gives the same results as plain buffers, with columns living in the shared memory', () => {
    const plain = run(query, { batchSize: 16 });
    const memory = useSharedArena(1, 1024);
    const before = memory.buffer.byteLength;
    const shared = run(query, { batchSize: 16 });
    expect(shared).toEqual(plain);
    expect(arenaBytesUsed()).toBeGreaterThan(0);
    const batch = [...execute(defaultPhysicalPlan(query), { batchSize: 16 })][0]!;
    const values = batch.getChildAt(0)!.data[0]!.values as BigInt64Array;
    expect(values.buffer).toBeInstanceOf(SharedArrayBuffer);
    // the memory grew past its single initial page without detaching earlier views
    expect(memory.buffer.byteLength).toBeGreaterThan(before);
    expect(values[0]).toBe(0n);
    resetArena();
    expect(arenaBytesUsed()).toBe(0);
  });
});
