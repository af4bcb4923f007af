/**
 * Text equality and starts_with filters on scanned utf8 columns compare the
 * Arrow bytes (Utf8ArrowColumn + utf8Select: SIMD in the column heap, JS
 * twin otherwise) and must select exactly the rows the generic predicate
 * finds TRUE on strings: NULLs, selections, astral and NUL characters, empty
 * needles, needles with lone surrogates (generic). The lazy column's strings
 * equal the eager decode. One end-to-end query through db.querySync.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { call, col, lit } from '../../../planner/ir/index.js';
import type { Expr } from '../../../planner/ir/expr.js';
import type { DataType, Scalar } from '../../../types/data-type.js';
import { columnFromScalars, type Column } from '../column.js';
import type { Chunk } from '../chunk.js';
import { columnToData, dataToColumn } from '../arrow-convert.js';
import { Utf8ArrowColumn } from '../utf8-arrow-column.js';
import { compileCompareSelect } from '../operators/compare-select.js';
import { selectTrue } from '../operators/filter.js';
import { compileExpr } from '../expr/compile-expr.js';
import { defaultPhysicalPlan } from '../index.js';
import type { ExecContext } from '../exec-node.js';
import { rel } from './helpers.js';
import { nullableArb, seeded, utf8Arb } from '../../../types/__tests__/support/value-arbitraries.js';
import { HeapCopies } from '../../kernels/__tests__/heap-columns.js';
import { open } from '../../../index.js';

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
const TYPES: DataType[] = ['utf8'];

/** The column as a scan gives it: Arrow bytes kept (optionally copied into the column heap). */
function scanned(values: readonly Scalar[], inHeap: boolean): Utf8ArrowColumn {
  const c = dataToColumn(columnToData(columnFromScalars('utf8', values)), 'utf8');
  if (!(c instanceof Utf8ArrowColumn)) throw new Error('a utf8 column from Arrow should keep its bytes');
  if (!inHeap) return c;
  const bytes = { offsets: heap.resident(Int32Array, c.bytes.offsets, 1), data: heap.resident(Uint8Array, c.bytes.data.length === 0 ? new Uint8Array(1) : c.bytes.data, 3) };
  return new Utf8ArrowColumn(bytes, c.valid, c.length, (d, a, b) => new TextDecoder().decode(d.subarray(a, b)));
}

const predArb = (rows: readonly Scalar[]): fc.Arbitrary<Expr> => {
  const texts = rows.filter((r): r is string => typeof r === 'string');
  const needle = texts.length === 0 ? utf8Arb : fc.oneof(utf8Arb, fc.constantFrom(...texts), fc.constantFrom(...texts).chain((t) => fc.integer({ min: 0, max: t.length }).map((k) => t.slice(0, k))));
  return fc.tuple(fc.constantFrom('eq-left', 'eq-right', 'starts_with'), needle).map(([f, t]) =>
    f === 'eq-left' ? call('eq', col(0), lit(t, 'utf8')) : f === 'eq-right' ? call('eq', lit(t, 'utf8'), col(0)) : call('starts_with', col(0), lit(t, 'utf8')),
  );
};

describe('utf8 filters on Arrow bytes', () => {
  it('select the rows where the generic predicate is TRUE (twin and heap kernel)', () => {
    const caseArb = fc.array(nullableArb('utf8'), { maxLength: 50 }).chain((rows) =>
      fc.record({ rows: fc.constant(rows), sel: fc.oneof(fc.constant(null), fc.subarray(rows.map((_, i) => i))), pred: predArb(rows) }),
    );
    let fusedRuns = 0;
    fc.assert(
      fc.property(caseArb, ({ rows, sel, pred }) => {
        const s = sel === null ? null : Int32Array.from(sel);
        const plain: Chunk = { columns: [columnFromScalars('utf8', rows)], length: rows.length, sel: s };
        const want = [...selectTrue(plain, compileExpr(pred, TYPES, ctx()).eval(plain))];
        const fused = compileCompareSelect(pred, TYPES, ctx());
        const needle = (pred as Expr & { kind: 'call' }).args.map((a) => (a.kind === 'literal' ? a.value : null)).find((v) => typeof v === 'string') as string;
        if (fused === null) {
          expect(/[\uD800-\uDFFF]/.test(needle)).toBe(true); // only a needle with a lone surrogate stays generic
          return;
        }
        expect(fused(plain)).toBeNull(); // strings without bytes: the generic path
        for (const inHeap of [false, true]) {
          const c = scanned(rows, inHeap);
          expect([...(fused({ columns: [c], length: rows.length, sel: s }) ?? [-1])]).toEqual(want);
        }
        fusedRuns++;
        heap.freeAll();
      }),
      seeded(300),
    );
    expect(fusedRuns).toBeGreaterThan(200);
  });

  it('the lazy column reads as the same strings', () => {
    fc.assert(
      fc.property(fc.array(nullableArb('utf8'), { maxLength: 40 }), (rows) => {
        const c = scanned(rows, false);
        expect(c.values.map((v, i) => (c.valid !== null && c.valid[i] === 0 ? null : v))).toEqual(rows.map((r) => (r === null ? null : r)));
      }),
      seeded(100),
    );
  });

  it('through a query: == and NULLs on a stored table', () => {
    const db = open(':memory:');
    try {
      db.createTable('t', [{ name: 'id', type: 'int64' }, { name: 'name', type: 'utf8' }], ['id']);
      const names = ['Rock', 'Jazz', null, 'Rock', 'Rockabilly', 'Ünïcode 🎸', ''];
      db.table('t').insert(names.map((name, i) => ({ id: BigInt(i), name })));
      db.flush();
      expect(db.querySync('prql', "from t | filter name == 'Rock' | select {id}").arrays()).toEqual([[0n], [3n]]);
      expect(db.querySync('prql', "from t | filter name == 'Ünïcode 🎸' | select {id}").arrays()).toEqual([[5n]]);
      expect(db.querySync('prql', "from t | filter name == '' | select {id}").arrays()).toEqual([[6n]]);
      expect(db.querySync('prql', "from t | filter (name | text.starts_with 'Rock') | select {id, name}").arrays()).toEqual([[0n, 'Rock'], [3n, 'Rock'], [4n, 'Rockabilly']]);
    } finally {
      db.close();
    }
  });
});
