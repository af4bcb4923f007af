/**
 * Hashing of int64 keys for the hash tables, the same function as the JS
 * path (src/engine/exec/hash/key-store.ts, util/hash32.ts):
 *   x = fmix32(lo ^ imul(hi, 0x9e3779b1)), NULL → 0x5bd1e995,
 *   combined into the row hash h as fmix32(imul(h, 31) + x).
 * Four rows at a time in i32x4 lanes when no selection is given.
 */

const NULL_HASH: i32 = 0x5bd1e995;
const GOLDEN: i32 = 0x9e3779b1;

@inline function fmix32(h0: i32): i32 {
  let h = h0;
  h ^= <i32>(<u32>h >> 16);
  h *= 0x85ebca6b;
  h ^= <i32>(<u32>h >> 13);
  h *= 0xc2b2ae35;
  h ^= <i32>(<u32>h >> 16);
  return h;
}

@inline function fmix32x4(h0: v128): v128 {
  let h = h0;
  h = v128.xor(h, i32x4.shr_u(h, 16));
  h = i32x4.mul(h, i32x4.splat(0x85ebca6b));
  h = v128.xor(h, i32x4.shr_u(h, 13));
  h = i32x4.mul(h, i32x4.splat(0xc2b2ae35));
  h = v128.xor(h, i32x4.shr_u(h, 16));
  return h;
}

/**
 * h[k] = hash of visited row k (combine = 0) or h[k] mixed with it
 * (combine = 1), for the int64 column at `vals`.
 */
export function hash_i64(vals: usize, valid: usize, sel: usize, n: i32, h: usize, combine: i32): void {
  let k = 0;
  if (sel == 0) {
    const n4 = n & ~3;
    const golden = i32x4.splat(GOLDEN);
    const nullHash = i32x4.splat(NULL_HASH);
    for (; k < n4; k += 4) {
      const p = vals + (<usize>k << 3);
      const v0 = v128.load(p);
      const v1 = v128.load(p, 16);
      const lo = i32x4.shuffle(v0, v1, 0, 2, 4, 6);
      const hi = i32x4.shuffle(v0, v1, 1, 3, 5, 7);
      let x = fmix32x4(v128.xor(lo, i32x4.mul(hi, golden)));
      if (valid != 0) {
        const present = i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(valid + <usize>k)));
        x = v128.bitselect(x, nullHash, i32x4.ne(present, i32x4.splat(0)));
      }
      const q = h + (<usize>k << 2);
      if (combine != 0) x = fmix32x4(i32x4.add(i32x4.mul(v128.load(q), i32x4.splat(31)), x));
      v128.store(q, x);
    }
  }
  for (; k < n; k++) {
    const i = sel == 0 ? <usize>k : <usize>load<i32>(sel + (<usize>k << 2));
    let x: i32;
    if (valid != 0 && load<u8>(valid + i) == 0) x = NULL_HASH;
    else {
      const p = vals + (i << 3);
      x = fmix32(load<i32>(p) ^ (load<i32>(p, 4) * GOLDEN));
    }
    const q = h + (<usize>k << 2);
    store<i32>(q, combine != 0 ? fmix32(load<i32>(q) * 31 + x) : x);
  }
}
