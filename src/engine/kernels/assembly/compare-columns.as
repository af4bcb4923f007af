/**
 * Two columns compared row by row into a byte map: out[i] = 1 where
 * `a[i] op b[i]` holds, else 0, at physical row i (with a selection, only
 * its rows are written). NULLs are the caller's business (it combines the
 * validity of both sides). Pointers and value order as in compare.as:
 * float64 NaN equals NaN and is above every number, −0 = +0.
 */
import { EQ, NE, LT, LE, GT } from './compare';

// float64: eq = a == b or both NaN; lt = a < b or (b NaN, a not); gt mirrors lt.
@inline function f64Eq(a: f64, b: f64): bool { return a == b || (a != a && b != b); }
@inline function f64Lt(a: f64, b: f64): bool { return a < b || (b != b && a == a); }

@inline function f64Holds(op: i32, a: f64, b: f64): bool {
  if (op == EQ) return f64Eq(a, b);
  if (op == NE) return !f64Eq(a, b);
  if (op == LT) return f64Lt(a, b);
  if (op == LE) return !f64Lt(b, a);
  if (op == GT) return f64Lt(b, a);
  return !f64Lt(a, b);
}

@inline function f64EqMask(a: v128, b: v128): v128 {
  return v128.or(f64x2.eq(a, b), v128.and(f64x2.ne(a, a), f64x2.ne(b, b)));
}
@inline function f64LtMask(a: v128, b: v128): v128 {
  return v128.or(f64x2.lt(a, b), v128.and(f64x2.ne(b, b), f64x2.eq(a, a)));
}
@inline function f64Mask(op: i32, a: v128, b: v128): v128 {
  if (op == EQ) return f64EqMask(a, b);
  if (op == NE) return v128.not(f64EqMask(a, b));
  if (op == LT) return f64LtMask(a, b);
  if (op == LE) return v128.not(f64LtMask(b, a));
  if (op == GT) return f64LtMask(b, a);
  return v128.not(f64LtMask(a, b));
}

@inline function i64Holds(op: i32, a: i64, b: i64): bool {
  if (op == EQ) return a == b;
  if (op == NE) return a != b;
  if (op == LT) return a < b;
  if (op == LE) return a <= b;
  if (op == GT) return a > b;
  return a >= b;
}
@inline function i64Mask(op: i32, a: v128, b: v128): v128 {
  if (op == EQ) return i64x2.eq(a, b);
  if (op == NE) return i64x2.ne(a, b);
  if (op == LT) return i64x2.lt_s(a, b);
  if (op == LE) return i64x2.le_s(a, b);
  if (op == GT) return i64x2.gt_s(a, b);
  return i64x2.ge_s(a, b);
}

@inline function compareF64(op: i32, a: usize, b: usize, sel: usize, n: i32, out: usize): void {
  if (sel != 0) {
    for (let k = 0; k < n; k++) {
      const i = <usize>load<i32>(sel + (<usize>k << 2));
      store<u8>(out + i, <u8>f64Holds(op, load<f64>(a + (i << 3)), load<f64>(b + (i << 3))));
    }
    return;
  }
  const n2 = n & ~1;
  let i = 0;
  for (; i < n2; i += 2) {
    const bits = i64x2.bitmask(f64Mask(op, v128.load(a + (<usize>i << 3)), v128.load(b + (<usize>i << 3))));
    store<u16>(out + <usize>i, <u16>((bits & 1) | ((bits >> 1) << 8)));
  }
  if (i < n) store<u8>(out + <usize>i, <u8>f64Holds(op, load<f64>(a + (<usize>i << 3)), load<f64>(b + (<usize>i << 3))));
}

@inline function compareI64(op: i32, a: usize, b: usize, sel: usize, n: i32, out: usize): void {
  if (sel != 0) {
    for (let k = 0; k < n; k++) {
      const i = <usize>load<i32>(sel + (<usize>k << 2));
      store<u8>(out + i, <u8>i64Holds(op, load<i64>(a + (i << 3)), load<i64>(b + (i << 3))));
    }
    return;
  }
  const n2 = n & ~1;
  let i = 0;
  for (; i < n2; i += 2) {
    const bits = i64x2.bitmask(i64Mask(op, v128.load(a + (<usize>i << 3)), v128.load(b + (<usize>i << 3))));
    store<u16>(out + <usize>i, <u16>((bits & 1) | ((bits >> 1) << 8)));
  }
  if (i < n) store<u8>(out + <usize>i, <u8>i64Holds(op, load<i64>(a + (<usize>i << 3)), load<i64>(b + (<usize>i << 3))));
}

/** out[i] = a[i] op b[i] for float64 columns. */
export function compare_f64(op: i32, a: usize, b: usize, sel: usize, n: i32, out: usize): void {
  switch (op) {
    case EQ: compareF64(EQ, a, b, sel, n, out); break;
    case NE: compareF64(NE, a, b, sel, n, out); break;
    case LT: compareF64(LT, a, b, sel, n, out); break;
    case LE: compareF64(LE, a, b, sel, n, out); break;
    case GT: compareF64(GT, a, b, sel, n, out); break;
    default: compareF64(5, a, b, sel, n, out);
  }
}

/** out[i] = a[i] op b[i] for int64 (timestamp) columns. */
export function compare_i64(op: i32, a: usize, b: usize, sel: usize, n: i32, out: usize): void {
  switch (op) {
    case EQ: compareI64(EQ, a, b, sel, n, out); break;
    case NE: compareI64(NE, a, b, sel, n, out); break;
    case LT: compareI64(LT, a, b, sel, n, out); break;
    case LE: compareI64(LE, a, b, sel, n, out); break;
    case GT: compareI64(GT, a, b, sel, n, out); break;
    default: compareI64(5, a, b, sel, n, out);
  }
}
