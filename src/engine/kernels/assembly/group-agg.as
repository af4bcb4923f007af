/**
 * The fused grouped aggregate of the parallel aggregate's morsels
 * (engine/parallel/morsel-kernels.ts holds the JS twin and the layout): one
 * call takes rows [r0, r0 + n) of a morsel through
 *   filter   — a conjunction of int64/float64 column-vs-constant comparisons
 *              (the compare.as selection kernels; a NULL never passes),
 *   group id — one int64 key: NULL its own group, keys in [0, 2^16) through a
 *              direct array, the rest through an open-addressing table of
 *              ids probed linearly with the hash tables' int64 hash
 *              fmix32(lo ^ imul(hi, 0x9e3779b1)); ids numbered in order of
 *              first appearance, each group's first global row kept,
 *   scatter  — count(*), count(x), sum (float64 added in row order; int64 as
 *              exact sums of the unsigned low and signed high 32-bit halves in
 *              i64), min/max (float64: NaN above every number, the first of
 *              equal values kept; int64 signed)
 * into per-group arrays of a state block that lives in the column heap
 * between calls. Nothing is allocated: the caller lays out the block and
 * guarantees room for n more groups before each call.
 *
 * Block header (i32 words at `st`; addresses are absolute):
 *   0 size  1 cap  2 slot mask  3 NULL group id (-1)  4 aggregates  5 has key
 *   6 filters  8 slots  9 direct (2^16 i32)  10 keys (i64)  11 key valid (u8)
 *   12 first row (f64)  13 selection scratch (i32)  14 group scratch (i32)
 *   15 byte-map scratch (u8)  16 key values  17 key bitmap (0 = none)  18 its bit
 *   19 input selection of this call (0 = none: rows r0.. in order; else n
 *      rows listed at that address, r0 = 0, and no filter)
 *   filter f at word 24 + 8f: op, int64, values, bitmap, bit, -, constant (8 bytes)
 *   aggregate a at word 88 + 12a: kind, int64, values, bitmap, bit,
 *     count (f64), sum (f64 or i64 low halves), high halves (i64), seen (u8), value (8 bytes)
 * Column addresses point at the morsel's row 0; bitmaps are Arrow's (LSB first),
 * or byte maps (1 = valid) when the bit word is BYTE_MAP.
 */
import { select_f64, select_i64 } from './compare';

const GOLDEN: i32 = 0x9e3779b1;
const DIRECT: i64 = 65536;
const FILT0: i32 = 24;
const AGG0: i32 = 88;

const COUNT_ROWS: i32 = 0;
const COUNT: i32 = 1;
const SUM: i32 = 2;
const MIN: i32 = 3;

@inline function hw(st: usize, w: i32): i32 {
  return load<i32>(st + (<usize>w << 2));
}
@inline function hwSet(st: usize, w: i32, v: i32): void {
  store<i32>(st + (<usize>w << 2), v);
}
@inline function addr(st: usize, w: i32): usize {
  return <usize>load<u32>(st + (<usize>w << 2));
}

@inline function fmix32(h0: i32): i32 {
  let h = h0;
  h ^= <i32>(<u32>h >> 16);
  h *= 0x85ebca6b;
  h ^= <i32>(<u32>h >> 13);
  h *= 0xc2b2ae35;
  h ^= <i32>(<u32>h >> 16);
  return h;
}

/** A column's bit word of BYTE_MAP + 0 marks a byte map (1 byte a row) instead of an Arrow bitmap. */
const BYTE_MAP: i32 = -(1 << 30);

/** Whether row j (its bit position, or BYTE_MAP + row for a byte map) is valid. */
@inline function bitAt(bm: usize, j: i32): bool {
  if (j < 0) return load<u8>(bm + <usize>(j - BYTE_MAP)) != 0;
  return ((<i32>load<u8>(bm + (<usize>j >> 3)) >> (j & 7)) & 1) != 0;
}

/** A new group for `key`: its key, validity and first row, its accumulators zeroed. */
function newGroup(st: usize, key: i64, valid: i32, pos: f64): i32 {
  const g = hw(st, 0);
  hwSet(st, 0, g + 1);
  store<i64>(addr(st, 10) + (<usize>g << 3), key);
  store<u8>(addr(st, 11) + <usize>g, <u8>valid);
  store<f64>(addr(st, 12) + (<usize>g << 3), pos);
  const na = hw(st, 4);
  for (let a = 0; a < na; a++) {
    const w = AGG0 + 12 * a;
    store<f64>(addr(st, w + 5) + (<usize>g << 3), 0);
    store<i64>(addr(st, w + 6) + (<usize>g << 3), 0);
    store<i64>(addr(st, w + 7) + (<usize>g << 3), 0);
    store<u8>(addr(st, w + 8) + <usize>g, 0);
  }
  return g;
}

/** The id of a key that is not NULL (direct array below 2^16, else the hash slots), adding it when new. */
@inline function keyId(st: usize, key: i64, direct: usize, slots: usize, keys: usize, mask: i32, pos: f64): i32 {
  if (<u64>key < <u64>DIRECT) {
    const p = direct + (<usize>key << 2);
    const e = load<i32>(p);
    if (e != 0) return e - 1;
    const g = newGroup(st, key, 1, pos);
    store<i32>(p, g + 1);
    return g;
  }
  let s = fmix32(<i32>key ^ (<i32>(key >> 32) * GOLDEN)) & mask;
  let e = load<i32>(slots + (<usize>s << 2));
  while (e != 0 && load<i64>(keys + (<usize>(e - 1) << 3)) != key) {
    s = (s + 1) & mask;
    e = load<i32>(slots + (<usize>s << 2));
  }
  if (e != 0) return e - 1;
  const g = newGroup(st, key, 1, pos);
  store<i32>(slots + (<usize>s << 2), g + 1);
  return g;
}

/** Group id of each of the m visited rows (row sel[k], or k) into the group scratch. */
function groupIds(st: usize, r0: i32, sel: usize, m: i32, rowBase: f64): void {
  const grp = addr(st, 14);
  const vals = addr(st, 16);
  const bm = addr(st, 17);
  const bit = hw(st, 18) + r0;
  const direct = addr(st, 9);
  const slots = addr(st, 8);
  const keys = addr(st, 10);
  const mask = hw(st, 2);
  if (bm == 0 && sel != 0) {
    // the common case (a filter, no NULL keys): no per-row checks beyond the key's path
    const base = vals + (<usize>r0 << 3);
    for (let k = 0; k < m; k++) {
      const i = load<i32>(sel + (<usize>k << 2));
      const g = keyId(st, load<i64>(base + (<usize>i << 3)), direct, slots, keys, mask, rowBase + <f64>(r0 + i));
      store<i32>(grp + (<usize>k << 2), g);
    }
    return;
  }
  for (let k = 0; k < m; k++) {
    const i = sel == 0 ? k : load<i32>(sel + (<usize>k << 2));
    let g: i32 = 0;
    if (bm != 0 && !bitAt(bm, bit + i)) {
      g = hw(st, 3);
      if (g < 0) {
        g = newGroup(st, 0, 0, rowBase + <f64>(r0 + i));
        hwSet(st, 3, g);
      }
    } else {
      g = keyId(st, load<i64>(vals + (<usize>(r0 + i) << 3)), direct, slots, keys, mask, rowBase + <f64>(r0 + i));
    }
    store<i32>(grp + (<usize>k << 2), g);
  }
}

/** Adds the m visited rows to aggregate `a`. */
function accumulate(st: usize, a: i32, r0: i32, sel: usize, m: i32): void {
  const w = AGG0 + 12 * a;
  const kind = hw(st, w);
  const int64 = hw(st, w + 1) != 0;
  const vals = addr(st, w + 2) + (<usize>r0 << 3);
  const bm = addr(st, w + 3);
  const bit = hw(st, w + 4) + r0;
  const cnt = addr(st, w + 5);
  const grp = addr(st, 14);
  const nulls = bm != 0 && kind != COUNT_ROWS;
  if (hw(st, 5) == 0 && !nulls && kind <= SUM) {
    // one group, no NULLs: counts add m, sums run in registers (the same row order)
    store<f64>(cnt, load<f64>(cnt) + <f64>m);
    if (kind != SUM) return;
    const sum0 = addr(st, w + 6);
    if (int64) {
      let lo: i64 = 0;
      let hi: i64 = 0;
      for (let k = 0; k < m; k++) {
        const i = sel == 0 ? k : load<i32>(sel + (<usize>k << 2));
        const x = load<i64>(vals + (<usize>i << 3));
        lo += x & 0xffffffff;
        hi += x >> 32;
      }
      store<i64>(sum0, load<i64>(sum0) + lo);
      const hi0 = addr(st, w + 7);
      store<i64>(hi0, load<i64>(hi0) + hi);
      return;
    }
    let s = load<f64>(sum0);
    if (sel == 0) for (let i = 0; i < m; i++) s += load<f64>(vals + (<usize>i << 3));
    else for (let k = 0; k < m; k++) s += load<f64>(vals + (<usize>load<i32>(sel + (<usize>k << 2)) << 3));
    store<f64>(sum0, s);
    return;
  }
  if (!nulls) {
    if (kind == COUNT_ROWS || kind == COUNT) {
      for (let k = 0; k < m; k++) {
        const p = cnt + (<usize>load<i32>(grp + (<usize>k << 2)) << 3);
        store<f64>(p, load<f64>(p) + 1);
      }
      return;
    }
  }
  if (kind == COUNT_ROWS || kind == COUNT) {
    for (let k = 0; k < m; k++) {
      const i = sel == 0 ? k : load<i32>(sel + (<usize>k << 2));
      if (nulls && !bitAt(bm, bit + i)) continue;
      const p = cnt + (<usize>load<i32>(grp + (<usize>k << 2)) << 3);
      store<f64>(p, load<f64>(p) + 1);
    }
    return;
  }
  const sum = addr(st, w + 6);
  if (kind == SUM) {
    if (int64) {
      const hi = addr(st, w + 7);
      for (let k = 0; k < m; k++) {
        const i = sel == 0 ? k : load<i32>(sel + (<usize>k << 2));
        if (nulls && !bitAt(bm, bit + i)) continue;
        const g = <usize>load<i32>(grp + (<usize>k << 2)) << 3;
        const x = load<i64>(vals + (<usize>i << 3));
        store<f64>(cnt + g, load<f64>(cnt + g) + 1);
        store<i64>(sum + g, load<i64>(sum + g) + (x & 0xffffffff));
        store<i64>(hi + g, load<i64>(hi + g) + (x >> 32));
      }
      return;
    }
    if (!nulls && sel != 0) {
      for (let k = 0; k < m; k++) {
        const i = load<i32>(sel + (<usize>k << 2));
        const g = <usize>load<i32>(grp + (<usize>k << 2)) << 3;
        store<f64>(cnt + g, load<f64>(cnt + g) + 1);
        store<f64>(sum + g, load<f64>(sum + g) + load<f64>(vals + (<usize>i << 3)));
      }
      return;
    }
    for (let k = 0; k < m; k++) {
      const i = sel == 0 ? k : load<i32>(sel + (<usize>k << 2));
      if (nulls && !bitAt(bm, bit + i)) continue;
      const g = <usize>load<i32>(grp + (<usize>k << 2)) << 3;
      store<f64>(cnt + g, load<f64>(cnt + g) + 1);
      store<f64>(sum + g, load<f64>(sum + g) + load<f64>(vals + (<usize>i << 3)));
    }
    return;
  }
  const isMax = kind != MIN;
  const seen = addr(st, w + 8);
  const val = addr(st, w + 9);
  for (let k = 0; k < m; k++) {
    const i = sel == 0 ? k : load<i32>(sel + (<usize>k << 2));
    if (nulls && !bitAt(bm, bit + i)) continue;
    const g = <usize>load<i32>(grp + (<usize>k << 2));
    const p = val + (g << 3);
    if (int64) {
      const x = load<i64>(vals + (<usize>i << 3));
      if (load<u8>(seen + g) == 0) {
        store<u8>(seen + g, 1);
        store<i64>(p, x);
      } else {
        const cur = load<i64>(p);
        if (isMax ? x > cur : x < cur) store<i64>(p, x);
      }
    } else {
      const x = load<f64>(vals + (<usize>i << 3));
      if (load<u8>(seen + g) == 0) {
        store<u8>(seen + g, 1);
        store<f64>(p, x);
      } else {
        const cur = load<f64>(p);
        // the value order: NaN above every number; ties keep the first
        if (isMax ? x > cur || (x != x && cur == cur) : x < cur || (cur != cur && x == x)) store<f64>(p, x);
      }
    }
  }
}

/**
 * Rows [r0, r0 + n) of the morsel described in the block at `st` (global
 * position of row 0: rowBase) into its groups; returns how many rows passed
 * the filter. The caller leaves room for n new groups.
 */
export function group_agg(st: usize, r0: i32, n: i32, rowBase: f64): i32 {
  let sel: usize = addr(st, 19);
  let m = n;
  const nf = hw(st, 6);
  const out = addr(st, 13);
  for (let f = 0; f < nf && m > 0; f++) {
    const w = FILT0 + 8 * f;
    const op = hw(st, w);
    const vals = addr(st, w + 2) + (<usize>r0 << 3);
    const bm = addr(st, w + 3);
    let valid: usize = 0;
    if (bm != 0) {
      const bit = hw(st, w + 4) + r0;
      if (bit < 0) valid = bm + <usize>r0;
      else {
        // Arrow bits → the byte map the selection kernels take
        valid = addr(st, 15);
        for (let i = 0; i < n; i++) store<u8>(valid + <usize>i, <u8>bitAt(bm, bit + i));
      }
    }
    const c = st + (<usize>(w + 6) << 2);
    m = hw(st, w + 1) != 0 ? select_i64(op, vals, valid, sel, m, out, load<i64>(c)) : select_f64(op, vals, valid, sel, m, out, load<f64>(c));
    sel = out;
  }
  if (m == 0) return 0;
  if (hw(st, 5) != 0) groupIds(st, r0, sel, m, rowBase);
  else memory.fill(addr(st, 14), 0, <usize>m << 2);
  const na = hw(st, 4);
  for (let a = 0; a < na; a++) accumulate(st, a, r0, sel, m);
  return m;
}
