/**
 * Aggregate kernels over one column: float64 sum, int64 sum (as exact
 * halves), count of present values, float64 and int64 min/max — each with an
 * optional validity byte map and selection vector (0 = absent).
 *
 * float64 sum order (the JS twin in kernels/aggregate-kernels.ts follows it,
 * so both paths give bit-identical results): the k-th visited row goes to
 * lane k % 4; lanes start at +0 and a NULL row adds +0 (an identity here: a
 * lane that starts at +0 never becomes −0); the result is
 * (lane0 + lane2) + (lane1 + lane3), then the last n % 4 rows in order.
 */

// ---- float64 sum ------------------------------------------------------------

/** Expands 4 validity bytes at `p` into two f64x2 lane masks (all ones = present). */
@inline function validMaskLo(b: v128): v128 {
  return i64x2.neg(i64x2.extend_low_i32x4_u(b));
}
@inline function validMaskHi(b: v128): v128 {
  return i64x2.neg(i64x2.extend_high_i32x4_u(b));
}
@inline function validBytes4(p: usize): v128 {
  return i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(p)));
}

export function sum_f64(vals: usize, valid: usize, sel: usize, n: i32): f64 {
  const n4 = n & ~3;
  let r: f64;
  if (sel == 0) {
    let a = f64x2.splat(0);
    let b = f64x2.splat(0);
    if (valid == 0) {
      for (let i = 0; i < n4; i += 4) {
        const p = vals + (<usize>i << 3);
        a = f64x2.add(a, v128.load(p));
        b = f64x2.add(b, v128.load(p, 16));
      }
    } else {
      for (let i = 0; i < n4; i += 4) {
        const p = vals + (<usize>i << 3);
        const m = validBytes4(valid + <usize>i);
        a = f64x2.add(a, v128.and(v128.load(p), validMaskLo(m)));
        b = f64x2.add(b, v128.and(v128.load(p, 16), validMaskHi(m)));
      }
    }
    const s = f64x2.add(a, b);
    r = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
    for (let i = n4; i < n; i++) {
      if (valid == 0 || load<u8>(valid + <usize>i) != 0) r += load<f64>(vals + (<usize>i << 3));
    }
    return r;
  }
  let a0: f64 = 0, a1: f64 = 0, a2: f64 = 0, a3: f64 = 0;
  for (let k = 0; k < n4; k += 4) {
    const q = sel + (<usize>k << 2);
    const i0 = <usize>load<i32>(q);
    const i1 = <usize>load<i32>(q, 4);
    const i2 = <usize>load<i32>(q, 8);
    const i3 = <usize>load<i32>(q, 12);
    let x0 = load<f64>(vals + (i0 << 3));
    let x1 = load<f64>(vals + (i1 << 3));
    let x2 = load<f64>(vals + (i2 << 3));
    let x3 = load<f64>(vals + (i3 << 3));
    if (valid != 0) {
      x0 = load<u8>(valid + i0) != 0 ? x0 : 0;
      x1 = load<u8>(valid + i1) != 0 ? x1 : 0;
      x2 = load<u8>(valid + i2) != 0 ? x2 : 0;
      x3 = load<u8>(valid + i3) != 0 ? x3 : 0;
    }
    a0 += x0;
    a1 += x1;
    a2 += x2;
    a3 += x3;
  }
  r = (a0 + a2) + (a1 + a3);
  for (let k = n4; k < n; k++) {
    const i = <usize>load<i32>(sel + (<usize>k << 2));
    if (valid == 0 || load<u8>(valid + i) != 0) r += load<f64>(vals + (i << 3));
  }
  return r;
}

// ---- count --------------------------------------------------------------------

/** How many visited rows are present (validity byte 1). */
export function count_valid(valid: usize, sel: usize, n: i32): i32 {
  let c = 0;
  if (sel != 0) {
    for (let k = 0; k < n; k++) c += <i32>load<u8>(valid + <usize>load<i32>(sel + (<usize>k << 2)));
    return c;
  }
  const n16 = n & ~15;
  let acc = i32x4.splat(0);
  for (let i = 0; i < n16; i += 16) {
    acc = i32x4.add(acc, i32x4.extadd_pairwise_i16x8_u(i16x8.extadd_pairwise_i8x16_u(v128.load(valid + <usize>i))));
  }
  c = i32x4.extract_lane(acc, 0) + i32x4.extract_lane(acc, 1) + i32x4.extract_lane(acc, 2) + i32x4.extract_lane(acc, 3);
  for (let i = n16; i < n; i++) c += <i32>load<u8>(valid + <usize>i);
  return c;
}

// ---- int64 sum ------------------------------------------------------------------

/**
 * Exact int64 sum as two halves written at `out`: out[0] = sum of the
 * unsigned low 32-bit words, out[1] = sum of the signed high words (the
 * total is out[1] * 2^32 + out[0]; neither overflows below 2^31 rows).
 */
export function sum_i64(vals: usize, valid: usize, sel: usize, n: i32, out: usize): void {
  let lo: i64 = 0;
  let hi: i64 = 0;
  if (sel == 0 && valid == 0) {
    const n2 = n & ~1;
    let l = i64x2.splat(0);
    let h = i64x2.splat(0);
    for (let i = 0; i < n2; i += 2) {
      const v = v128.load(vals + (<usize>i << 3));
      l = i64x2.add(l, i64x2.extend_low_i32x4_u(i32x4.shuffle(v, v, 0, 2, 0, 2)));
      h = i64x2.add(h, i64x2.extend_low_i32x4_s(i32x4.shuffle(v, v, 1, 3, 1, 3)));
    }
    lo = i64x2.extract_lane(l, 0) + i64x2.extract_lane(l, 1);
    hi = i64x2.extract_lane(h, 0) + i64x2.extract_lane(h, 1);
    if (n2 < n) {
      const p = vals + (<usize>n2 << 3);
      lo += <i64>load<u32>(p);
      hi += <i64>load<i32>(p, 4);
    }
  } else {
    for (let k = 0; k < n; k++) {
      const i = sel == 0 ? <usize>k : <usize>load<i32>(sel + (<usize>k << 2));
      if (valid != 0 && load<u8>(valid + i) == 0) continue;
      const p = vals + (i << 3);
      lo += <i64>load<u32>(p);
      hi += <i64>load<i32>(p, 4);
    }
  }
  store<i64>(out, lo);
  store<i64>(out, hi, 8);
}

// ---- min / max ---------------------------------------------------------------------

/**
 * The float64 min (isMax = 0) or max (isMax = 1) of the visited present
 * rows, written at `out`; returns 0 when there is none. Value order: NaN
 * above every number. Among equal values the first visited wins, as in the
 * row-by-row JS loop: only ±0 can differ while equal, so a zero result is
 * replaced by the first visited zero.
 */
export function minmax_f64(isMax: i32, vals: usize, valid: usize, sel: usize, n: i32, out: usize): i32 {
  let m: f64 = isMax != 0 ? -Infinity : NaN;
  let found = 0;
  if (sel == 0 && valid == 0) {
    found = n;
    // four lanes in two independent vectors (no single dependency chain)
    const n4 = n & ~3;
    let v = f64x2.splat(m);
    let w = f64x2.splat(m);
    for (let i = 0; i < n4; i += 4) {
      const p = vals + (<usize>i << 3);
      v = further(isMax, v128.load(p), v);
      w = further(isMax, v128.load(p, 16), w);
    }
    m = better(isMax, f64x2.extract_lane(v, 0), m);
    m = better(isMax, f64x2.extract_lane(v, 1), m);
    m = better(isMax, f64x2.extract_lane(w, 0), m);
    m = better(isMax, f64x2.extract_lane(w, 1), m);
    for (let i = n4; i < n; i++) m = better(isMax, load<f64>(vals + (<usize>i << 3)), m);
  } else {
    for (let k = 0; k < n; k++) {
      const i = sel == 0 ? <usize>k : <usize>load<i32>(sel + (<usize>k << 2));
      if (valid != 0 && load<u8>(valid + i) == 0) continue;
      found++;
      m = better(isMax, load<f64>(vals + (i << 3)), m);
    }
  }
  if (found == 0) return 0;
  if (m == 0) {
    for (let k = 0; k < n; k++) {
      const i = sel == 0 ? <usize>k : <usize>load<i32>(sel + (<usize>k << 2));
      if (valid != 0 && load<u8>(valid + i) == 0) continue;
      const x = load<f64>(vals + (i << 3));
      if (x == 0) { m = x; break; }
    }
  }
  store<f64>(out, m);
  return 1;
}

/** Lane-wise: x where it is further in the order than v (max: x > v or x NaN; min: x < v or v NaN and x not), else v. */
@inline function further(isMax: i32, x: v128, v: v128): v128 {
  const take = isMax != 0
    ? v128.or(f64x2.gt(x, v), f64x2.ne(x, x))
    : v128.or(f64x2.lt(x, v), v128.and(f64x2.ne(v, v), f64x2.eq(x, x)));
  return v128.bitselect(x, v, take);
}

/** `x` when it is strictly further than `cur` in the order (ties keep `cur`). */
@inline function better(isMax: i32, x: f64, cur: f64): f64 {
  if (isMax != 0) return x > cur || (x != x && cur == cur) ? x : cur;
  return x < cur || (cur != cur && x == x) ? x : cur;
}

/** The int64 min or max of the visited present rows, written at `out`; returns 0 when there is none. */
export function minmax_i64(isMax: i32, vals: usize, valid: usize, sel: usize, n: i32, out: usize): i32 {
  let m: i64 = isMax != 0 ? i64.MIN_VALUE : i64.MAX_VALUE;
  let found = 0;
  if (sel == 0 && valid == 0) {
    found = n;
    const n2 = n & ~1;
    let v = i64x2.splat(m);
    for (let i = 0; i < n2; i += 2) {
      const x = v128.load(vals + (<usize>i << 3));
      v = v128.bitselect(x, v, isMax != 0 ? i64x2.gt_s(x, v) : i64x2.lt_s(x, v));
    }
    const a = i64x2.extract_lane(v, 0);
    const b = i64x2.extract_lane(v, 1);
    m = isMax != 0 ? (a > b ? a : b) : (a < b ? a : b);
    if (n2 < n) {
      const x = load<i64>(vals + (<usize>n2 << 3));
      m = isMax != 0 ? (x > m ? x : m) : (x < m ? x : m);
    }
  } else {
    for (let k = 0; k < n; k++) {
      const i = sel == 0 ? <usize>k : <usize>load<i32>(sel + (<usize>k << 2));
      if (valid != 0 && load<u8>(valid + i) == 0) continue;
      found++;
      const x = load<i64>(vals + (i << 3));
      m = isMax != 0 ? (x > m ? x : m) : (x < m ? x : m);
    }
  }
  if (found == 0) return 0;
  store<i64>(out, m);
  return 1;
}
