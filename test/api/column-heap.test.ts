/**
 * Segment columns live in the column heap (shared WebAssembly memory) while a
 * query reads them; query results are copied out, so they stay intact after
 * the snapshot closes and the cache reuses the memory for other data.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { columnHeapStats, open, type Database } from '../../src/index.js';
import { scratch } from '../../src/engine/kernels/kernel-scratch.js';

/** Heap bytes in use apart from the kernels' scratch arena, which lives as long as the process. */
const usedByData = (): number => columnHeapStats().usedBytes - scratch.heldBytes();

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-heap-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const ROWS = 6000;

function fill(db: Database, name: string, mul: number): void {
  db.createTable(name, [{ name: 'k', type: 'int64' }, { name: 'v', type: 'float64' }, { name: 'n', type: 'int64' }], ['k']);
  db.table(name).insert(Array.from({ length: ROWS }, (_, i) => ({ k: BigInt(i), v: i * mul, n: BigInt(i * 3) })));
  db.flush(name);
}

const isShared = (v: ArrayBufferView): boolean => v.buffer instanceof SharedArrayBuffer;

describe('column heap through the query API', () => {
  it('results own their buffers and survive cache churn, rewrites and close', async () => {
    const before = usedByData();
    // A cache of about two columns (one flush = one 6,000-row segment, ~48 KB per column),
    // so the other queries evict these columns and reuse their memory.
    const db = open(path.join(tmp, 'a'), { cacheBytes: 100_000 });
    fill(db, 'a', 1.5);
    fill(db, 'b', -2);
    const result = db.querySync('prql', 'from a | select {k, v, n}');
    const table = result.table();
    const v = table.getChild('v')!.data.map((d) => d.values as Float64Array);
    const n = table.getChild('n')!.data.map((d) => d.values as BigInt64Array);
    expect(v.some(isShared) || n.some(isShared)).toBe(false);
    expect(usedByData()).toBeGreaterThan(before);

    const streamed: number[] = [];
    for await (const batch of db.stream('prql', 'from b | select {v}')) {
      const values = batch.getChild('v')!.data[0]!.values as Float64Array;
      expect(isShared(values)).toBe(false);
      streamed.push(values[0]!);
      if (streamed.length === 2) break;
    }
    expect(streamed).toEqual([-0, -2 * 4096]); // 0 * -2 is -0 in IEEE arithmetic

    for (let r = 0; r < 4; r++) {
      const other = db.querySync('prql', 'from b | aggregate {s = sum v, c = count this}').rows();
      expect(other).toEqual([{ s: (-2 * ROWS * (ROWS - 1)) / 2, c: BigInt(ROWS) }]);
    }
    db.table('a').upsert([{ k: 0n, v: 99, n: 99n }]);
    db.compact();

    let sumV = 0;
    let sumN = 0n;
    for (const arr of v) for (const x of arr) sumV += x;
    for (const arr of n) for (const x of arr) sumN += x;
    expect(sumV).toBe((1.5 * ROWS * (ROWS - 1)) / 2);
    expect(sumN).toBe(BigInt((3 * ROWS * (ROWS - 1)) / 2));
    expect(result.rows()[0]).toEqual({ k: 0n, v: 0, n: 0n });
    expect(db.querySync('prql', 'from a | filter k == 0').rows()).toEqual([{ k: 0n, v: 99, n: 99n }]);

    db.close();
    expect(usedByData()).toBe(before);
    expect(sumV).toBe(table.getChild('v')!.toArray().reduce((s: number, x: number) => s + x, 0));
  });
});
