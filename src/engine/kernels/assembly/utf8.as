/**
 * Text equality and prefix tests on Arrow utf8 bytes (int32 offsets + data),
 * so a filter `name == 'x'` or `starts_with` needs no JS string per row:
 * rows whose bytes equal `needle` (prefix = 0) or start with it (prefix = 1)
 * go to the selection `out`. UTF-8 bytes compare exactly as code points, so
 * byte equality is text equality.
 */

/** Whether `len` bytes at `a` and `b` are equal (16 at a time, then bytes). */
@inline function bytesEqual(a: usize, b: usize, len: i32): bool {
  let j = 0;
  const n16 = len & ~15;
  for (; j < n16; j += 16) {
    if (v128.any_true(v128.xor(v128.load(a + <usize>j), v128.load(b + <usize>j)))) return false;
  }
  for (; j < len; j++) if (load<u8>(a + <usize>j) != load<u8>(b + <usize>j)) return false;
  return true;
}

export function utf8_select(offsets: usize, data: usize, valid: usize, sel: usize, n: i32, needle: usize, needleLen: i32, prefix: i32, out: usize): i32 {
  let m = 0;
  for (let k = 0; k < n; k++) {
    const i = sel == 0 ? <usize>k : <usize>load<i32>(sel + (<usize>k << 2));
    const start = load<i32>(offsets + (i << 2));
    const len = load<i32>(offsets + (i << 2), 4) - start;
    let ok = prefix != 0 ? len >= needleLen : len == needleLen;
    if (ok && valid != 0) ok = load<u8>(valid + i) != 0;
    if (ok) ok = bytesEqual(data + <usize>start, needle, needleLen);
    store<i32>(out + (<usize>m << 2), <i32>i);
    m += <i32>ok;
  }
  return m;
}
