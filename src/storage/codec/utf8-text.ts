/**
 * Decoding a UTF-8 byte range to a string, with a fast path for the short
 * ASCII strings that dominate row values (TextDecoder's call overhead is
 * larger than the work for a few bytes).
 */
const decoder = new TextDecoder();

/** UTF-8 of d[start, end) as a string; short ASCII strings skip TextDecoder. */
export function decodeUtf8(d: Uint8Array, start: number, end: number): string {
  if (end - start <= 24) {
    let ascii = true;
    for (let i = start; i < end; i++) {
      if (d[i]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return String.fromCharCode.apply(null, d.subarray(start, end) as unknown as number[]);
  }
  return decoder.decode(d.subarray(start, end));
}
