/**
 * The executor's kernel call sites on heap-resident columns (where the
 * WebAssembly SIMD kernels run) against the same operators on ordinary
 * memory and with the kernels forced off: the fused filter with AND / OR of
 * comparisons, column-versus-column comparisons, the ungrouped sum / avg /
 * count accumulators and int64 key hashing. Values over the whole domain
 * (NaN, −0, extremes), NULLs, selections.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { call, col, lit } from '../../../planner/ir/index.js';
import type { Expr } from '../../../planner/ir/expr.js';
import type { DataType, Scalar } from '../../../types/data-type.js';
import { columnFromScalars, makeColumn, type Column } from '../column.js';
import type { Chunk } from '../chunk.js';
import { compileCompareSelect } from '../operators/compare-select.js';
import { selectTrue } from '../operators/filter.js';
import { compileExpr } from '../expr/compile-expr.js';
import { defaultPhysicalPlan } from '../index.js';
import type { ExecContext } from '../exec-node.js';
import { CountAccumulator, SumAccumulator } from '../aggregate/numeric-accumulators.js';
import { KeyTable } from '../hash/key-table.js';
import { Int64JoinTable } from '../hash/int64-join-table.js';
import { PairBuffer } from '../hash/pair-buffer.js';
import { rel } from './helpers.js';
import { nullableArb, seeded } from '../../../types/__tests__/support/value-arbitraries.js';
import { HeapCopies } from '../../kernels/__tests__/heap-columns.js';
import { defaultKernels } from '../../kernels/kernel-module.js';

const heap = new HeapCopies();
afterEach(() => heap.freeAll());

const ctx = (): ExecContext => ({
  params: {},
  snapshot: undefined,
  batchSize: 1024,
  plan: defaultPhysicalPlan(rel([['x', 'int64']], [])),
  recursive: new Map(),
  recursionLimit: 100,
});

/** The same column with its values copied into the column heap (validity stays in ordinary memory, as scans give it). */
function resident(c: Column): Column {
  const v = c.values;
  const values = v instanceof Float64Array ? heap.resident(Float64Array, v, 1) : v instanceof BigInt64Array ? heap.resident(BigInt64Array, v, 3) : v instanceof Int32Array ? heap.resident(Int32Array, v, 2) : v;
  return makeColumn(c.type, values, c.valid, c.length);
}

const TYPES: DataType[] = ['int64', 'float64', 'date'];
const rowArb = fc.tuple(nullableArb('int64'), nullableArb('float64'), nullableArb('date'));
const chunkArb = fc.array(rowArb, { maxLength: 60 }).chain((rows) =>
  fc.record({ rows: fc.constant(rows), sel: fc.oneof(fc.constant(null), fc.subarray(rows.map((_, i) => i))) }),
);

function chunkOf(rows: readonly (readonly Scalar[])[], sel: readonly number[] | null, inHeap: boolean): Chunk {
  const columns = TYPES.map((t, j) => columnFromScalars(t, rows.map((r) => r[j] ?? null)));
  return { columns: inHeap ? columns.map(resident) : columns, length: rows.length, sel: sel === null ? null : Int32Array.from(sel) };
}

const cmpArb: fc.Arbitrary<Expr> = fc.oneof(
  fc.tuple(fc.constantFrom('eq', 'ne', 'lt', 'le', 'gt', 'ge'), nullableArb('int64').filter((v) => v !== null)).map(([fn, v]) => call(fn, col(0), lit(v, 'int64'))),
  fc.tuple(fc.constantFrom('eq', 'ne', 'lt', 'le', 'gt', 'ge'), nullableArb('float64').filter((v) => v !== null && !Number.isNaN(v))).map(([fn, v]) => call(fn, lit(v, 'float64'), col(1))),
  fc.tuple(fc.constantFrom('eq', 'ne', 'lt', 'le', 'gt', 'ge'), nullableArb('date').filter((v) => v !== null)).map(([fn, v]) => call(fn, col(2), lit(v, 'date'))),
);
const predArb: fc.Arbitrary<Expr> = fc.oneof(
  cmpArb,
  fc.tuple(fc.constantFrom('and', 'or'), fc.array(cmpArb, { minLength: 2, maxLength: 3 })).map(([fn, args]) => call(fn, ...args)),
);

describe('fused filter on heap-resident columns', () => {
  it('AND / OR of comparisons select the rows where the generic predicate is TRUE', () => {
    expect(defaultKernels()).not.toBeNull();
    fc.assert(
      fc.property(chunkArb, predArb, ({ rows, sel }, pred) => {
        const fused = compileCompareSelect(pred, TYPES, ctx());
        expect(fused).not.toBeNull();
        const generic = compileExpr(pred, TYPES, ctx());
        const plain = chunkOf(rows, sel, false);
        const want = [...selectTrue(plain, generic.eval(plain))];
        expect([...(fused!(chunkOf(rows, sel, true)) ?? [])]).toEqual(want);
        expect([...(fused!(plain) ?? [])]).toEqual(want);
        heap.freeAll();
      }),
      seeded(250),
    );
  });
});

describe('column-versus-column comparison on heap-resident columns', () => {
  it('gives the same boolean column as on ordinary memory', () => {
    const pairArb = fc.array(fc.tuple(nullableArb('float64'), nullableArb('float64'), nullableArb('int64'), nullableArb('int64')), { maxLength: 50 });
    fc.assert(
      fc.property(pairArb, fc.constantFrom('eq', 'ne', 'lt', 'le', 'gt', 'ge'), (rows, fn) => {
        const types: DataType[] = ['float64', 'float64', 'int64', 'int64'];
        const cols = types.map((t, j) => columnFromScalars(t, rows.map((r) => r[j] ?? null)));
        const plain: Chunk = { columns: cols, length: rows.length, sel: null };
        const inHeap: Chunk = { columns: cols.map(resident), length: rows.length, sel: null };
        for (const pred of [call(fn, col(0), col(1)), call(fn, col(2), col(3))]) {
          const e = compileExpr(pred, types, ctx());
          const a = e.eval(plain);
          const b = e.eval(inHeap);
          expect([...(b.values as Uint8Array)]).toEqual([...(a.values as Uint8Array)]);
          expect(b.valid === null ? null : [...b.valid]).toEqual(a.valid === null ? null : [...a.valid]);
        }
        heap.freeAll();
      }),
      seeded(200),
    );
  });
});

describe('ungrouped sum / avg / count on heap-resident columns', () => {
  it('gives bit-identical results to ordinary memory, batch by batch', () => {
    fc.assert(
      fc.property(fc.array(chunkArb, { minLength: 1, maxLength: 4 }), (chunks) => {
        const results = [false, true].map((inHeap) => {
          const accs = [new SumAccumulator('float64', 'sum'), new SumAccumulator('float64', 'avg'), new SumAccumulator('int64', 'sum'), new SumAccumulator('int64', 'avg'), new CountAccumulator(false), new CountAccumulator(true)];
          for (const a of accs) a.ensure(1);
          for (const { rows, sel } of chunks) {
            const c = chunkOf(rows, sel, inHeap);
            const n = sel === null ? rows.length : sel.length;
            const groups = new Int32Array(n);
            const argOf = [1, 1, 0, 0, 1, 1];
            accs.forEach((a, j) => a.update(groups, [c.columns[argOf[j]!]!], c));
          }
          return accs.map((a) => {
            try {
              return a.result(0);
            } catch (e) {
              return (e as { code?: string }).code ?? 'error'; // an int64 overflow must be raised on both paths
            }
          });
        });
        expect(results[1]!.map((v) => (typeof v === 'number' && Object.is(v, -0) ? '-0' : v))).toEqual(results[0]!.map((v) => (typeof v === 'number' && Object.is(v, -0) ? '-0' : v)));
        // and against plain references: the exact int64 sum, the counts
        let exact = 0n;
        let ints = 0;
        let floats = 0;
        let rowsSeen = 0;
        for (const { rows, sel } of chunks) {
          for (const i of sel ?? rows.map((_, j) => j)) {
            rowsSeen++;
            const [a, b] = rows[i]!;
            if (a !== null) { exact += a as bigint; ints++; }
            if (b !== null) floats++;
          }
        }
        const inRange = exact >= -(2n ** 63n) && exact < 2n ** 63n;
        expect(results[0]![2]).toEqual(ints === 0 ? null : inRange ? exact : 'NUMERIC_OVERFLOW');
        expect(results[0]![4]).toBe(BigInt(floats));
        expect(results[0]![5]).toBe(BigInt(rowsSeen));
        heap.freeAll();
      }),
      seeded(200),
    );
  });
});

describe('int64 key hashing on heap-resident columns', () => {
  it('numbers groups identically whichever memory the keys are in', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(nullableArb('int64'), nullableArb('int64')), { maxLength: 80 }), (rows) => {
        const types: DataType[] = ['int64', 'int64'];
        const ids = [false, true].map((inHeap) => {
          const t = new KeyTable(types); // the generic table: its int64 key store hashes whole columns
          const cols = types.map((ty, j) => columnFromScalars(ty, rows.map((r) => r[j] ?? null)));
          const used = inHeap ? cols.map(resident) : cols;
          const out = new Int32Array(rows.length);
          t.findOrInsert(used, { columns: used, length: rows.length, sel: null }, out);
          return [...out];
        });
        expect(ids[1]).toEqual(ids[0]);
        heap.freeAll();
      }),
      seeded(150),
    );
  });
});

describe('int64 join table probed with heap-resident keys', () => {
  it('finds the same pairs as with keys in ordinary memory', () => {
    const keyArb = fc.oneof(fc.bigInt({ min: -5n, max: 5n }), nullableArb('int64').filter((v) => v !== null) as fc.Arbitrary<bigint>);
    fc.assert(
      fc.property(fc.array(keyArb, { maxLength: 40 }), fc.array(fc.option(keyArb, { nil: null }), { maxLength: 60 }), fc.boolean(), (build, probe, firstOnly) => {
        const buildCol = columnFromScalars('int64', build);
        const table = Int64JoinTable.build(buildCol, Int32Array.from(build.map((_, i) => i)), build.length);
        const probeCol = columnFromScalars('int64', probe);
        const pairs = [probeCol, resident(probeCol)].map((key) => {
          const buf = new PairBuffer();
          table.probe([key], null, probe.length, buf, firstOnly);
          return Array.from({ length: buf.n }, (_, k) => [buf.p[k], buf.b[k]]);
        });
        expect(pairs[1]).toEqual(pairs[0]);
        const want: number[][] = [];
        probe.forEach((v, i) => {
          const rows = build.flatMap((w, j) => (v !== null && w === v ? [j] : []));
          for (const j of firstOnly ? rows.slice(0, 1) : rows) want.push([i, j]);
        });
        expect([...pairs[0]!].sort((x, y) => x[0]! - y[0]! || x[1]! - y[1]!)).toEqual(want);
        heap.freeAll();
      }),
      seeded(150),
    );
  });
});
