/**
 * The top-k threshold skip (parallel/top-k-kernels.ts is its JS twin and its
 * caller): from row `i`, the first row of a non-null float64 key column
 * whose value times `s` (−1 descending, 1 ascending) is NOT strictly above
 * `t` (the threshold's key, times s) — the next row that might enter the
 * top k. Every other row is strictly worse than the k-th best and is skipped
 * here, eight per step (four f64x2 compares ANDed, one test). NaN compares
 * false, so a NaN row (or a NaN threshold) always stops the skip, as in the
 * twin. Returns `n` when no row from `i` can enter.
 */
export function topk_skip_f64(vals: usize, i: i32, n: i32, s: f64, t: f64): i32 {
  const vs = f64x2.splat(s);
  const vt = f64x2.splat(t);
  for (; i + 8 <= n; i += 8) {
    const p = vals + (<usize>i << 3);
    const a = f64x2.gt(f64x2.mul(v128.load(p), vs), vt);
    const b = f64x2.gt(f64x2.mul(v128.load(p, 16), vs), vt);
    const c = f64x2.gt(f64x2.mul(v128.load(p, 32), vs), vt);
    const d = f64x2.gt(f64x2.mul(v128.load(p, 48), vs), vt);
    if (i64x2.all_true(v128.and(v128.and(a, b), v128.and(c, d))) == 0) break;
  }
  for (; i < n; i++) {
    if (!(load<f64>(vals + (<usize>i << 3)) * s > t)) return i;
  }
  return n;
}
