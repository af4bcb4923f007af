/**
 * Comparison kernels (AssemblyScript, compiled to WebAssembly SIMD by
 * scripts/build-kernels.mjs): a column against a constant into a selection
 * vector, and two columns row by row into a byte map (1 = holds).
 *
 * Every pointer is a byte address in the column heap's shared memory; a
 * pointer of 0 means "absent" (the heap never hands out offset 0). `valid`
 * is a byte map (1 = present, 0 = NULL), `sel` a list of int32 physical
 * rows; `n` counts the rows visited (the selection's length when there is
 * one). Outputs hold physical row numbers, so a selection in gives a
 * selection out.
 *
 * Value order (src/types/value-order.ts): −0 = +0; NaN equals itself and is
 * above every number. Against a non-NaN constant that means: NaN satisfies
 * `ne`, `gt` and `ge` and nothing else.
 */

/** Operator numbers, shared with kernels/kernel-ops.ts. */
export const EQ: i32 = 0;
export const NE: i32 = 1;
export const LT: i32 = 2;
export const LE: i32 = 3;
export const GT: i32 = 4;
export const GE: i32 = 5;

// ---- float64 against a constant -------------------------------------------

@inline function f64Holds(op: i32, x: f64, c: f64): bool {
  if (op == EQ) return x == c;
  if (op == NE) return x != c;
  if (op == LT) return x < c;
  if (op == LE) return x <= c;
  if (op == GT) return x > c || x != x;
  return x >= c || x != x;
}

@inline function f64Mask(op: i32, v: v128, c: v128): v128 {
  if (op == EQ) return f64x2.eq(v, c);
  if (op == NE) return f64x2.ne(v, c);
  if (op == LT) return f64x2.lt(v, c);
  if (op == LE) return f64x2.le(v, c);
  if (op == GT) return v128.or(f64x2.gt(v, c), f64x2.ne(v, v));
  return v128.or(f64x2.ge(v, c), f64x2.ne(v, v));
}

@inline function selectF64(op: i32, vals: usize, valid: usize, sel: usize, n: i32, out: usize, c: f64): i32 {
  let m = 0;
  if (sel != 0) {
    for (let k = 0; k < n; k++) {
      const i = load<i32>(sel + (<usize>k << 2));
      let ok = f64Holds(op, load<f64>(vals + (<usize>i << 3)), c);
      if (valid != 0) ok = ok && load<u8>(valid + <usize>i) != 0;
      store<i32>(out + (<usize>m << 2), i);
      m += <i32>ok;
    }
    return m;
  }
  const cv = f64x2.splat(c);
  const n2 = n & ~1;
  let i = 0;
  for (; i < n2; i += 2) {
    let bits = i64x2.bitmask(f64Mask(op, v128.load(vals + (<usize>i << 3)), cv));
    if (valid != 0) bits &= <i32>load<u8>(valid + <usize>i) | (<i32>load<u8>(valid + <usize>i, 1) << 1);
    store<i32>(out + (<usize>m << 2), i);
    m += bits & 1;
    store<i32>(out + (<usize>m << 2), i + 1);
    m += bits >> 1;
  }
  if (i < n && f64Holds(op, load<f64>(vals + (<usize>i << 3)), c) && (valid == 0 || load<u8>(valid + <usize>i) != 0)) {
    store<i32>(out + (<usize>m << 2), i);
    m++;
  }
  return m;
}

/** Rows where `vals[i] op c` (c not NaN); returns how many were written to `out`. */
export function select_f64(op: i32, vals: usize, valid: usize, sel: usize, n: i32, out: usize, c: f64): i32 {
  switch (op) {
    case EQ: return selectF64(EQ, vals, valid, sel, n, out, c);
    case NE: return selectF64(NE, vals, valid, sel, n, out, c);
    case LT: return selectF64(LT, vals, valid, sel, n, out, c);
    case LE: return selectF64(LE, vals, valid, sel, n, out, c);
    case GT: return selectF64(GT, vals, valid, sel, n, out, c);
    default: return selectF64(GE, vals, valid, sel, n, out, c);
  }
}

// ---- int64 against a constant ---------------------------------------------

@inline function i64Holds(op: i32, x: i64, c: i64): bool {
  if (op == EQ) return x == c;
  if (op == NE) return x != c;
  if (op == LT) return x < c;
  if (op == LE) return x <= c;
  if (op == GT) return x > c;
  return x >= c;
}

@inline function i64Mask(op: i32, v: v128, c: v128): v128 {
  if (op == EQ) return i64x2.eq(v, c);
  if (op == NE) return i64x2.ne(v, c);
  if (op == LT) return i64x2.lt_s(v, c);
  if (op == LE) return i64x2.le_s(v, c);
  if (op == GT) return i64x2.gt_s(v, c);
  return i64x2.ge_s(v, c);
}

@inline function selectI64(op: i32, vals: usize, valid: usize, sel: usize, n: i32, out: usize, c: i64): i32 {
  let m = 0;
  if (sel != 0) {
    for (let k = 0; k < n; k++) {
      const i = load<i32>(sel + (<usize>k << 2));
      let ok = i64Holds(op, load<i64>(vals + (<usize>i << 3)), c);
      if (valid != 0) ok = ok && load<u8>(valid + <usize>i) != 0;
      store<i32>(out + (<usize>m << 2), i);
      m += <i32>ok;
    }
    return m;
  }
  const cv = i64x2.splat(c);
  const n2 = n & ~1;
  let i = 0;
  for (; i < n2; i += 2) {
    let bits = i64x2.bitmask(i64Mask(op, v128.load(vals + (<usize>i << 3)), cv));
    if (valid != 0) bits &= <i32>load<u8>(valid + <usize>i) | (<i32>load<u8>(valid + <usize>i, 1) << 1);
    store<i32>(out + (<usize>m << 2), i);
    m += bits & 1;
    store<i32>(out + (<usize>m << 2), i + 1);
    m += bits >> 1;
  }
  if (i < n && i64Holds(op, load<i64>(vals + (<usize>i << 3)), c) && (valid == 0 || load<u8>(valid + <usize>i) != 0)) {
    store<i32>(out + (<usize>m << 2), i);
    m++;
  }
  return m;
}

/** Rows where `vals[i] op c` for int64 (and timestamp) columns. */
export function select_i64(op: i32, vals: usize, valid: usize, sel: usize, n: i32, out: usize, c: i64): i32 {
  switch (op) {
    case EQ: return selectI64(EQ, vals, valid, sel, n, out, c);
    case NE: return selectI64(NE, vals, valid, sel, n, out, c);
    case LT: return selectI64(LT, vals, valid, sel, n, out, c);
    case LE: return selectI64(LE, vals, valid, sel, n, out, c);
    case GT: return selectI64(GT, vals, valid, sel, n, out, c);
    default: return selectI64(GE, vals, valid, sel, n, out, c);
  }
}

// ---- int32 (date) against a constant --------------------------------------

@inline function i32Holds(op: i32, x: i32, c: i32): bool {
  if (op == EQ) return x == c;
  if (op == NE) return x != c;
  if (op == LT) return x < c;
  if (op == LE) return x <= c;
  if (op == GT) return x > c;
  return x >= c;
}

@inline function i32Mask(op: i32, v: v128, c: v128): v128 {
  if (op == EQ) return i32x4.eq(v, c);
  if (op == NE) return i32x4.ne(v, c);
  if (op == LT) return i32x4.lt_s(v, c);
  if (op == LE) return i32x4.le_s(v, c);
  if (op == GT) return i32x4.gt_s(v, c);
  return i32x4.ge_s(v, c);
}

@inline function selectI32(op: i32, vals: usize, valid: usize, sel: usize, n: i32, out: usize, c: i32): i32 {
  let m = 0;
  if (sel != 0) {
    for (let k = 0; k < n; k++) {
      const i = load<i32>(sel + (<usize>k << 2));
      let ok = i32Holds(op, load<i32>(vals + (<usize>i << 2)), c);
      if (valid != 0) ok = ok && load<u8>(valid + <usize>i) != 0;
      store<i32>(out + (<usize>m << 2), i);
      m += <i32>ok;
    }
    return m;
  }
  const cv = i32x4.splat(c);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    let bits = i32x4.bitmask(i32Mask(op, v128.load(vals + (<usize>i << 2)), cv));
    if (valid != 0) {
      const p = valid + <usize>i;
      bits &= <i32>load<u8>(p) | (<i32>load<u8>(p, 1) << 1) | (<i32>load<u8>(p, 2) << 2) | (<i32>load<u8>(p, 3) << 3);
    }
    store<i32>(out + (<usize>m << 2), i);
    m += bits & 1;
    store<i32>(out + (<usize>m << 2), i + 1);
    m += (bits >> 1) & 1;
    store<i32>(out + (<usize>m << 2), i + 2);
    m += (bits >> 2) & 1;
    store<i32>(out + (<usize>m << 2), i + 3);
    m += bits >> 3;
  }
  for (; i < n; i++) {
    if (i32Holds(op, load<i32>(vals + (<usize>i << 2)), c) && (valid == 0 || load<u8>(valid + <usize>i) != 0)) {
      store<i32>(out + (<usize>m << 2), i);
      m++;
    }
  }
  return m;
}

/** Rows where `vals[i] op c` for int32 (date) columns. */
export function select_i32(op: i32, vals: usize, valid: usize, sel: usize, n: i32, out: usize, c: i32): i32 {
  switch (op) {
    case EQ: return selectI32(EQ, vals, valid, sel, n, out, c);
    case NE: return selectI32(NE, vals, valid, sel, n, out, c);
    case LT: return selectI32(LT, vals, valid, sel, n, out, c);
    case LE: return selectI32(LE, vals, valid, sel, n, out, c);
    case GT: return selectI32(GT, vals, valid, sel, n, out, c);
    default: return selectI32(GE, vals, valid, sel, n, out, c);
  }
}
