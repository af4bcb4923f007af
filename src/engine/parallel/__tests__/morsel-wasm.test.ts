/**
 * The fused WebAssembly group-by kernel (morsel-wasm.ts over
 * kernels/assembly/group-agg.as) against its JS twin (morsel-kernels.ts):
 * random morsels in the column heap (int64 keys on the direct and hashed
 * paths, colliding in small tables, NULL keys and values through Arrow
 * bitmaps at odd bit offsets, NaN, ±0, ±Infinity, int64 extremes, empty and
 * odd lengths), random filters and aggregates, blocks small enough to fill
 * up mid-range (the JS twin then carries on) and kernel calls of 1 to 4096
 * rows — the partial states must be identical: groups in the same order with
 * the same keys and first rows, counts, exact int64 sums, float sums bit for
 * bit (both add per group in row order), min/max by the value order.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { columnHeapMemory, heapAlloc, heapBytes, heapFree, type HeapBlock } from '../../../memory/wasm-heap.js';
import { kernelModule, kernelStatus } from '../../kernels/kernel-module.js';
import { morselKernels } from '../morsel-kernels.js';
import type { AggTerm, FilterTerm, MorselColumn, MorselSpec, PartialState } from '../morsel-spec.js';
import { morselWasm } from '../morsel-wasm.js';

const blocks: HeapBlock[] = [];
afterAll(() => {
  for (const b of blocks.splice(0)) heapFree(b);
});

function heapCopy(src: Uint8Array): Uint8Array {
  const b = heapAlloc(src.length + 16);
  if (b === null) throw new Error('the column heap refused a test block');
  blocks.push(b);
  const bytes = heapBytes(b).subarray(0, src.length);
  bytes.set(src);
  return bytes;
}

const int64 = fc.oneof(
  fc.integer({ min: 0, max: 40 }).map(BigInt), // direct path
  fc.integer({ min: 65530, max: 65540 }).map(BigInt), // around the direct limit
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), // hashed path
  fc.constantFrom(-1n, -(2n ** 63n), 2n ** 63n - 1n, 2n ** 32n, 2n ** 53n + 1n),
);
const float = fc.oneof(fc.double({ noNaN: false }), fc.constantFrom(0, -0, Number.NaN, Infinity, -Infinity, 0.5, 1e300), fc.integer({ min: -5, max: 5 }).map((x) => x / 4));

interface RandomMorsel {
  readonly k: (bigint | null)[];
  readonly q: (bigint | null)[];
  readonly v: (number | null)[];
  readonly bit: number;
}

const morselArb: fc.Arbitrary<RandomMorsel> = fc.integer({ min: 0, max: 7 }).chain((bit) =>
  fc.array(fc.tuple(fc.option(int64, { freq: 8 }), fc.option(int64, { freq: 8 }), fc.option(float, { freq: 8 })), { maxLength: 90 }).map((rows) => ({
    k: rows.map((r) => r[0]),
    q: rows.map((r) => r[1]),
    v: rows.map((r) => r[2]),
    bit,
  })),
);

const filterArb: fc.Arbitrary<FilterTerm> = fc.oneof(
  fc.tuple(fc.constantFrom('eq', 'ne', 'lt', 'le', 'gt', 'ge' as const), int64).map(([op, c]) => {
    const u = BigInt.asUintN(64, c);
    return { col: 1, op, int64: true, lo: Number(u & 0xffffffffn) | 0, hi: Number(u >> 32n) | 0 };
  }),
  fc.tuple(fc.constantFrom('eq', 'ne', 'lt', 'le', 'gt', 'ge' as const), fc.double({ noNaN: true })).map(([op, c]) => ({ col: 2, op, int64: false, lo: c, hi: 0 })),
);

const aggArb: fc.Arbitrary<AggTerm> = fc.oneof(
  fc.constant({ kind: 'count_rows', col: -1, int64: false } as AggTerm),
  fc.tuple(fc.constantFrom('count', 'sum', 'min', 'max' as const), fc.constantFrom(0, 1, 2)).map(([kind, col]) => ({ kind, col, int64: col !== 2 })),
);

const specArb = fc.record({
  filter: fc.array(filterArb, { maxLength: 2 }),
  key: fc.constantFrom(-1, 0, 0),
  aggs: fc.array(aggArb, { minLength: 1, maxLength: 5 }),
});

/** Arrow columns of a morsel: values, and a validity bitmap starting at `bit` (null when nothing is NULL). */
function columns(m: RandomMorsel, inHeap: boolean): MorselColumn[] {
  const place = (u8: Uint8Array): Uint8Array => (inHeap ? heapCopy(u8) : u8);
  const bitmap = (xs: readonly unknown[]): Uint8Array | null => {
    if (xs.every((x) => x !== null)) return null;
    const b = new Uint8Array(Math.ceil((xs.length + m.bit) / 8) + 1).fill(0xa5);
    xs.forEach((x, i) => {
      const j = i + m.bit;
      if (x === null) b[j >> 3]! &= ~(1 << (j & 7));
      else b[j >> 3]! |= 1 << (j & 7);
    });
    return place(b);
  };
  const i64 = (xs: readonly (bigint | null)[]): Int32Array => {
    const a = place(new Uint8Array(BigInt64Array.from(xs.map((x) => x ?? 0n)).buffer));
    return new Int32Array(a.buffer, a.byteOffset, 2 * xs.length);
  };
  const f = place(new Uint8Array(Float64Array.from(m.v.map((x) => x ?? 0)).buffer));
  return [
    { values: i64(m.k), bitmap: bitmap(m.k), bit: m.bit },
    { values: i64(m.q), bitmap: bitmap(m.q), bit: m.bit },
    { values: new Float64Array(f.buffer, f.byteOffset, m.v.length), bitmap: bitmap(m.v), bit: m.bit },
  ];
}

function exactSum(st: PartialState, a: number, g: number): bigint {
  const s = st.aggs[a]!;
  return (s.big.get(g) ?? 0n) + BigInt(s.hi[g]!) * 4294967296n + BigInt(s.sum[g]!);
}

/** Every group-visible part of two partial states agrees. */
function expectSameState(spec: MorselSpec, js: PartialState, fused: PartialState): void {
  expect(fused.size).toBe(js.size);
  for (let g = 0; g < js.size; g++) {
    expect([fused.keyLo[g], fused.keyHi[g], fused.keyValid[g], fused.pos[g]]).toEqual([js.keyLo[g], js.keyHi[g], js.keyValid[g], js.pos[g]]);
    spec.aggs.forEach((t, a) => {
      const x = js.aggs[a]!;
      const y = fused.aggs[a]!;
      expect(y.cnt[g]).toBe(x.cnt[g]);
      if (t.kind === 'sum' && t.int64) expect(exactSum(fused, a, g)).toBe(exactSum(js, a, g));
      else if (t.kind === 'sum') expect(Object.is(y.sum[g], x.sum[g]), `sum ${y.sum[g]} vs ${x.sum[g]}`).toBe(true);
      else if (t.kind === 'min' || t.kind === 'max') {
        expect(y.seen[g]).toBe(x.seen[g]);
        if (x.seen[g] === 1 && t.int64) expect([y.i64[2 * g], y.i64[2 * g + 1]]).toEqual([x.i64[2 * g], x.i64[2 * g + 1]]);
        if (x.seen[g] === 1 && !t.int64) expect(Object.is(y.num[g], x.num[g]), `${t.kind} ${y.num[g]} vs ${x.num[g]}`).toBe(true);
      }
    });
  }
}

describe('fused group-by kernel vs its JS twin', () => {
  it('runs where the kernels are on', () => {
    expect(kernelStatus()).toBe('on');
    expect(kernelModule()).not.toBeNull();
  });

  it('gives identical partial states on random morsels', () => {
    const memory = columnHeapMemory()!;
    const module = kernelModule()!;
    const twin = morselKernels();
    const fused = morselKernels(morselWasm(memory));
    const wasm = morselWasm(memory);
    let kernelRows = 0;
    fc.assert(
      fc.property(specArb, fc.array(morselArb, { minLength: 1, maxLength: 3 }), fc.constantFrom(2, 8, 64, 4096), fc.constantFrom(1, 7, 64, 4096), (spec0, morsels, cap, rows) => {
        const size = wasm.blockBytes(spec0, cap, rows);
        const block = heapAlloc(size);
        if (block === null) throw new Error('no block');
        try {
          // garbage in the fresh block: the kernel must not rely on zeroed memory
          heapBytes(block).fill(0x5a);
          const spec: MorselSpec = { ...spec0, wasm: { module, claim: new Int32Array(new SharedArrayBuffer(4)), blocks: [block.offset], cap, rows } };
          const a = twin.newState(spec0);
          const b = fused.newState(spec);
          expect(b.wasm).toBe(block.offset);
          let base = 0;
          for (const m of morsels) {
            twin.run(spec0, columns(m, false), m.k.length, base, a);
            fused.run(spec, columns(m, true), m.k.length, base, b);
            base += m.k.length + 1000;
          }
          twin.done(spec0, a);
          fused.done(spec, b);
          expect(b.wasm).toBe(-1);
          kernelRows += b.kernelRows;
          expectSameState(spec0, a, b);
        } finally {
          heapFree(block);
          for (const x of blocks.splice(0)) heapFree(x);
        }
      }),
      { numRuns: 300 },
    );
    expect(kernelRows).toBeGreaterThan(1000);
  });

  it('hands a full block to the JS twin mid-range and keeps numbering (many hashed keys, 16 groups a block)', () => {
    const memory = columnHeapMemory()!;
    const spec0: MorselSpec = { filter: [], key: 0, aggs: [{ kind: 'count_rows', col: -1, int64: false }, { kind: 'sum', col: 1, int64: true }] };
    const spec: MorselSpec = { ...spec0, wasm: { module: kernelModule()!, claim: new Int32Array(new SharedArrayBuffer(4)), blocks: [], cap: 16, rows: 4 } };
    const block = heapAlloc(morselWasm(memory).blockBytes(spec0, 16, 4))!;
    const plan = { ...spec.wasm!, blocks: [block.offset] };
    const n = 200;
    const m: RandomMorsel = { k: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? null : BigInt(i % 50) * 2n ** 40n)), q: Array.from({ length: n }, (_, i) => BigInt(i) - 100n), v: new Array<number>(n).fill(1), bit: 3 };
    const twin = morselKernels();
    const fused = morselKernels(morselWasm(memory));
    const a = twin.newState(spec0);
    const b = fused.newState({ ...spec0, wasm: plan });
    twin.run(spec0, columns(m, false), n, 0, a);
    fused.run({ ...spec0, wasm: plan }, columns(m, true), n, 0, b);
    twin.run(spec0, columns(m, false), n, n, a);
    fused.run({ ...spec0, wasm: plan }, columns(m, true), n, n, b);
    fused.done({ ...spec0, wasm: plan }, b);
    heapFree(block);
    for (const x of blocks.splice(0)) heapFree(x);
    // 50 distinct keys (49 hashed) and NULL: the block (16 groups, room kept for a 4-row call) fills after a few calls
    expect(b.size).toBe(new Set(m.k.filter((x) => x !== null)).size + 1);
    expect(b.size).toBe(51);
    expect(b.kernelRows).toBeGreaterThan(0);
    expect(b.kernelRows).toBeLessThan(n);
    expectSameState(spec0, a, b);
    expect(b.aggs[0]!.cnt[0]).toBe(2 * 67); // the NULL group (rows 0, 3, 6, ...) is first
  });
});
