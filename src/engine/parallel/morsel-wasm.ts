/**
 * The WebAssembly side of the morsel kernels: a partial state whose groups
 * and accumulators live in a block of the column heap while a range is
 * computed, fed by the fused `group_agg` kernel (kernels/assembly/group-agg.as:
 * filter, group id and scatter of a whole chunk in one call, no per-row JS),
 * and copied out into the ordinary PartialState arrays when the range ends
 * (or when the block is full, after which the JS twin in morsel-kernels.ts
 * carries on). Both give identical partial states: the same group numbering
 * (first appearance), float sums added per group in row order, exact int64
 * sums, the same min/max rule.
 *
 * Like morselKernels, `morselWasm` has no imports and no free variables:
 * worker threads run its source text (worker-source.ts) with the heap's
 * memory and instantiate the module the query's spec carries. Each thread
 * claims one block of the query's plan (an atomic counter in the plan) the
 * first time it starts a range of that query; a thread without one (or
 * without the kernels) runs the JS twin.
 */
import type { MorselColumn, MorselSpec, PartialState } from './morsel-spec.js';

/** The kernel side of a query: the compiled module and one heap block per thread. */
export interface WasmPlan {
  /** The kernels' compiled WebAssembly.Module (crosses postMessage to workers). */
  readonly module: object;
  /** [0]: the next block to claim (a SharedArrayBuffer, shared by every thread of the query). */
  readonly claim: Int32Array;
  /** Byte addresses of the blocks in the column heap. */
  readonly blocks: readonly number[];
  /** Groups a block holds, and rows per kernel call. */
  readonly cap: number;
  readonly rows: number;
}

export interface MorselWasm {
  /** Bytes of one block for `spec`'s aggregates. */
  blockBytes(spec: MorselSpec, cap: number, rows: number): number;
  /** Sets `st` up in this thread's block of the query (st.wasm = its address), or leaves it to the JS twin (-1). */
  attach(spec: MorselSpec, st: PartialState): void;
  /**
   * Rows [0, n) into `st`'s block — or, with `sel` (the heap address of n
   * int32 rows), the rows it lists — returns how many rows it took (fewer
   * when the block is full, 0 when the columns are not in the heap).
   */
  run(spec: MorselSpec, cols: readonly MorselColumn[], n: number, rowBase: number, st: PartialState, sel?: number): number;
  /** Copies the block's groups into `st`'s arrays; `ensureCap(st, size)` makes room. */
  copyOut(spec: MorselSpec, st: PartialState, ensureCap: (st: PartialState, need: number) => void): void;
}

interface GroupAggExports {
  group_agg(st: number, r0: number, n: number, rowBase: number): number;
}

interface MemoryLike {
  readonly buffer: ArrayBufferLike;
}

export function morselWasm(memory: MemoryLike | null): MorselWasm {
  const FILT0 = 24;
  const MAX_FILTERS = 8;
  const AGG0 = 88;
  const DIRECT = 65536;
  const KIND: Readonly<Record<string, number>> = { count_rows: 0, count: 1, sum: 2, min: 3, max: 4 };
  let exportsOf: GroupAggExports | null = null;
  let claimedFor: Int32Array | null = null;
  let block = -1;
  /** The block whose slots and direct array are known to be all zero (copyOut clears what its range set), within this query. */
  let clean = -1;
  let cleanFor: Int32Array | null = null;

  const up = (x: number): number => Math.ceil(x / 16) * 16;

  /** Byte offsets (from the block's start) of every array, and the total. */
  function layout(spec: MorselSpec, cap: number, rows: number): { readonly at: Record<string, number>; readonly aggs: number[][]; readonly bytes: number } {
    let p = up(4 * (AGG0 + 12 * spec.aggs.length));
    const at: Record<string, number> = {};
    const take = (name: string, bytes: number): void => {
      at[name] = p;
      p += up(bytes);
    };
    take('slots', spec.key >= 0 ? 8 * cap : 16);
    take('direct', spec.key >= 0 ? 4 * DIRECT : 16);
    take('keys', 8 * cap);
    take('keyValid', cap);
    take('pos', 8 * cap);
    take('sel', 4 * rows);
    take('grp', 4 * rows);
    take('bytes', rows);
    const aggs = spec.aggs.map(() => {
      const a: number[] = [];
      for (const width of [8, 8, 8, 1, 8]) {
        a.push(p);
        p += up(width * cap);
      }
      return a;
    });
    return { at, aggs, bytes: p };
  }

  function blockBytes(spec: MorselSpec, cap: number, rows: number): number {
    return layout(spec, cap, rows).bytes;
  }

  function attach(spec: MorselSpec, st: PartialState): void {
    st.wasm = -1;
    const plan = spec.wasm;
    if (plan === undefined || plan === null || memory === null || spec.filter.length > MAX_FILTERS) return;
    if (plan.claim !== claimedFor) {
      claimedFor = plan.claim;
      const i = Atomics.add(plan.claim, 0, 1);
      block = i < plan.blocks.length ? plan.blocks[i]! : -1;
    }
    if (block < 0) return;
    if (exportsOf === null) {
      try {
        const api = (globalThis as unknown as { WebAssembly: { Instance: new (m: object, i: object) => { exports: unknown } } }).WebAssembly;
        exportsOf = new api.Instance(plan.module, { env: { memory } }).exports as GroupAggExports;
      } catch {
        return;
      }
    }
    const { at, aggs } = layout(spec, plan.cap, plan.rows);
    const buf = memory.buffer;
    const h = new Int32Array(buf, block, AGG0 + 12 * spec.aggs.length);
    h.fill(0);
    h[1] = plan.cap;
    h[2] = 2 * plan.cap - 1;
    h[3] = -1;
    h[4] = spec.aggs.length;
    h[5] = spec.key >= 0 ? 1 : 0;
    h[6] = spec.filter.length;
    const names = ['slots', 'direct', 'keys', 'keyValid', 'pos', 'sel', 'grp', 'bytes'];
    for (let j = 0; j < names.length; j++) h[8 + j] = block + at[names[j]!]!;
    if (spec.key >= 0 && (clean !== block || cleanFor !== plan.claim)) new Uint8Array(buf, block + at['slots']!, 8 * plan.cap + 4 * DIRECT).fill(0);
    clean = -1;
    spec.filter.forEach((t, f) => {
      const w = FILT0 + 8 * f;
      h[w] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'].indexOf(t.op);
      h[w + 1] = t.int64 ? 1 : 0;
      if (t.int64) {
        h[w + 6] = t.lo;
        h[w + 7] = t.hi;
      } else new Float64Array(buf, block + 4 * (w + 6), 1)[0] = t.lo;
    });
    spec.aggs.forEach((t, a) => {
      const w = AGG0 + 12 * a;
      h[w] = KIND[t.kind]!;
      h[w + 1] = t.int64 ? 1 : 0;
      for (let j = 0; j < 5; j++) h[w + 5 + j] = block + aggs[a]![j]!;
    });
    if (spec.key < 0) {
      // one group, present from the start (as newState makes it: key 0, not valid, first row 0)
      h[0] = 1;
      new Float64Array(buf, h[10]!, 1)[0] = 0;
      new Uint8Array(buf, h[11]!, 1)[0] = 0;
      new Float64Array(buf, h[12]!, 1)[0] = 0;
      for (let a = 0; a < spec.aggs.length; a++) {
        const w = AGG0 + 12 * a;
        for (let j = 0; j < 3; j++) new Float64Array(buf, h[w + 5 + j]!, 1)[0] = 0;
        new Uint8Array(buf, h[w + 8]!, 1)[0] = 0;
      }
    }
    st.wasm = block;
  }

  /** True when a column's values (and bitmap) are in the heap memory the kernels read. */
  function resident(c: MorselColumn): boolean {
    if (c.heap !== undefined) return c.heap;
    return typeof SharedArrayBuffer !== 'undefined' && c.values.buffer instanceof SharedArrayBuffer && (c.bitmap === null || c.bitmap.buffer instanceof SharedArrayBuffer);
  }

  function setColumn(h: Int32Array, w: number, c: MorselColumn): void {
    h[w] = c.values.byteOffset;
    h[w + 1] = c.bitmap === null ? 0 : c.bitmap.byteOffset;
    h[w + 2] = c.bit;
  }

  function run(spec: MorselSpec, cols: readonly MorselColumn[], n: number, rowBase: number, st: PartialState, sel = 0): number {
    const plan = spec.wasm;
    const k = exportsOf;
    if (plan === undefined || plan === null || memory === null || k === null || st.wasm < 0) return 0;
    const h = new Int32Array(memory.buffer, st.wasm, AGG0 + 12 * spec.aggs.length);
    if (spec.key >= 0) {
      const c = cols[spec.key]!;
      if (!resident(c)) return 0;
      setColumn(h, 16, c);
    }
    for (let f = 0; f < spec.filter.length; f++) {
      const c = cols[spec.filter[f]!.col]!;
      if (!resident(c)) return 0;
      setColumn(h, FILT0 + 8 * f + 2, c);
    }
    for (let a = 0; a < spec.aggs.length; a++) {
      const t = spec.aggs[a]!;
      const w = AGG0 + 12 * a + 2;
      if (t.kind === 'count_rows') {
        h[w] = 0;
        h[w + 1] = 0;
        h[w + 2] = 0;
        continue;
      }
      const c = cols[t.col]!;
      if (!resident(c)) return 0;
      setColumn(h, w, c);
    }
    let r0 = 0;
    while (r0 < n) {
      const len = Math.min(plan.rows, n - r0);
      if (h[0]! + len > plan.cap) break;
      if (sel === 0) k.group_agg(st.wasm, r0, len, rowBase);
      else {
        h[19] = sel + 4 * r0;
        k.group_agg(st.wasm, 0, len, rowBase);
      }
      r0 += len;
    }
    h[19] = 0;
    st.kernelRows += r0;
    return r0;
  }

  function copyOut(spec: MorselSpec, st: PartialState, ensureCap: (st: PartialState, need: number) => void): void {
    if (memory === null || st.wasm < 0) return;
    const buf = memory.buffer;
    const h = new Int32Array(buf, st.wasm, AGG0 + 12 * spec.aggs.length);
    const size = h[0]!;
    ensureCap(st, size);
    st.size = size;
    st.nullId = h[3]!;
    const keys = new Int32Array(buf, h[10]!, 2 * size);
    for (let g = 0; g < size; g++) {
      st.keyLo[g] = keys[2 * g]!;
      st.keyHi[g] = keys[2 * g + 1]!;
    }
    st.keyValid.set(new Uint8Array(buf, h[11]!, size));
    if (spec.key >= 0) {
      // leave the block clean for the thread's next range: the direct entries set, and the slots if any key was hashed
      const direct = new Int32Array(buf, h[9]!, DIRECT);
      let hashed = false;
      for (let g = 0; g < size; g++) {
        const lo = st.keyLo[g]!;
        if (st.keyValid[g] === 0) continue;
        if (st.keyHi[g] === 0 && lo >= 0 && lo < DIRECT) direct[lo] = 0;
        else hashed = true;
      }
      if (hashed) new Int32Array(buf, h[8]!, h[2]! + 1).fill(0);
      clean = st.wasm;
      cleanFor = claimedFor;
    }
    st.pos.set(new Float64Array(buf, h[12]!, size));
    for (let a = 0; a < spec.aggs.length; a++) {
      const t = spec.aggs[a]!;
      const s = st.aggs[a]!;
      const w = AGG0 + 12 * a + 5;
      s.cnt.set(new Float64Array(buf, h[w]!, size));
      if (t.kind === 'sum' && t.int64) {
        // exact i64 sums of the low (unsigned) and high (signed) halves; past 2^51 they go to the BigInt part
        const lo = new Int32Array(buf, h[w + 1]!, 2 * size);
        const hi = new Int32Array(buf, h[w + 2]!, 2 * size);
        for (let g = 0; g < size; g++) {
          const l = lo[2 * g + 1]! * 4294967296 + (lo[2 * g]! >>> 0);
          const u = hi[2 * g + 1]! * 4294967296 + (hi[2 * g]! >>> 0);
          if (Math.abs(l) < 2 ** 51 && Math.abs(u) < 2 ** 51) {
            s.sum[g] = l;
            s.hi[g] = u;
          } else {
            const big = (BigInt(hi[2 * g + 1]!) << 64n) + (BigInt(hi[2 * g]! >>> 0) << 32n) + (BigInt(lo[2 * g + 1]!) << 32n) + BigInt(lo[2 * g]! >>> 0);
            s.big.set(g, (s.big.get(g) ?? 0n) + big);
            s.sum[g] = 0;
            s.hi[g] = 0;
          }
        }
      } else if (t.kind === 'sum') s.sum.set(new Float64Array(buf, h[w + 1]!, size));
      else if (t.kind === 'min' || t.kind === 'max') {
        s.seen.set(new Uint8Array(buf, h[w + 3]!, size));
        if (t.int64) s.i64.set(new Int32Array(buf, h[w + 4]!, 2 * size));
        else s.num.set(new Float64Array(buf, h[w + 4]!, size));
      }
    }
    st.wasm = -1;
  }

  return { blockBytes, attach, run, copyOut };
}
