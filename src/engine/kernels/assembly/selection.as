/**
 * Selection-vector kernels: AND (intersection) and OR (union) of two
 * ascending lists of row numbers, and gather by a list of rows. Pointers are
 * byte addresses in the column heap's memory.
 */

/** Rows in both `a` (na rows) and `b` (nb rows), ascending, into `out`; returns the count. */
export function sel_and(a: usize, na: i32, b: usize, nb: i32, out: usize): i32 {
  let i = 0;
  let j = 0;
  let m = 0;
  while (i < na && j < nb) {
    const x = load<i32>(a + (<usize>i << 2));
    const y = load<i32>(b + (<usize>j << 2));
    store<i32>(out + (<usize>m << 2), x);
    m += <i32>(x == y);
    i += <i32>(x <= y);
    j += <i32>(y <= x);
  }
  return m;
}

/** Rows in `a` or `b`, ascending and without repeats, into `out`; returns the count. */
export function sel_or(a: usize, na: i32, b: usize, nb: i32, out: usize): i32 {
  let i = 0;
  let j = 0;
  let m = 0;
  while (i < na && j < nb) {
    const x = load<i32>(a + (<usize>i << 2));
    const y = load<i32>(b + (<usize>j << 2));
    store<i32>(out + (<usize>m << 2), x < y ? x : y);
    m++;
    i += <i32>(x <= y);
    j += <i32>(y <= x);
  }
  for (; i < na; i++) store<i32>(out + (<usize>(m++) << 2), load<i32>(a + (<usize>i << 2)));
  for (; j < nb; j++) store<i32>(out + (<usize>(m++) << 2), load<i32>(b + (<usize>j << 2)));
  return m;
}

/** dst[k] = src[idx[k]] for 8-byte values (float64, int64). */
export function gather_64(src: usize, idx: usize, n: i32, dst: usize): void {
  for (let k = 0; k < n; k++) {
    store<i64>(dst + (<usize>k << 3), load<i64>(src + (<usize>load<i32>(idx + (<usize>k << 2)) << 3)));
  }
}

/** dst[k] = src[idx[k]] for 4-byte values (date). */
export function gather_32(src: usize, idx: usize, n: i32, dst: usize): void {
  for (let k = 0; k < n; k++) {
    store<i32>(dst + (<usize>k << 2), load<i32>(src + (<usize>load<i32>(idx + (<usize>k << 2)) << 2)));
  }
}
