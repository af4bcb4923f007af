/**
 * One CSV record as byte ranges of the scanner's buffer (csv-byte-scanner.ts):
 * for each field its start and end offsets, whether it was quoted (and holds
 * doubled quotes), and the line and line-start offset where it begins. No
 * string is made unless a consumer asks for one (`text`), and source
 * positions (1-based line, column in UTF-16 units, as the text parser
 * reports them) are worked out only when asked (`span`, `column`).
 *
 * The object is reused for every record and its ranges point into a buffer
 * that the next read overwrites: copy what you keep.
 */
import type { SourceSpan } from '../../errors/pyralog-error.js';

/** An unquoted field: the bytes as they are (empty = NULL). */
export const PLAIN = 0;
/** A quoted field without doubled quotes: the bytes between the quotes. */
export const QUOTED = 1;
/** A quoted field holding `""` pairs, each standing for one quote. */
export const ESCAPED = 2;
export type FieldKind = typeof PLAIN | typeof QUOTED | typeof ESCAPED;

const QUOTE = 34;
const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

export class ByteRecord {
  /** Index of the record among the records handed out (0 = the header). */
  index = 0;
  /** Line of the record's first character. */
  line = 1;
  /** Number of fields. */
  count = 0;
  buf: Uint8Array = new Uint8Array(0);
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  kinds = new Uint8Array(64);
  fieldLines = new Int32Array(64);
  fieldLineStarts = new Int32Array(64);

  constructor(readonly source: string) {}

  /** True when field `i` is NULL: an empty unquoted field. */
  isNull(i: number): boolean {
    return this.kinds[i] === PLAIN && this.starts[i] === this.ends[i];
  }

  /** The text of field `i` (doubled quotes undone), or null for NULL. */
  text(i: number): string | null {
    const kind = this.kinds[i]!;
    const s = this.starts[i]!;
    const e = this.ends[i]!;
    if (kind === PLAIN && s === e) return null;
    const t = decode(this.buf, s, e);
    return kind === ESCAPED ? t.replaceAll('""', '"') : t;
  }

  /** Column (1-based, UTF-16 units) of field `i`'s first character. */
  column(i: number): number {
    return utf16Length(this.buf, this.fieldLineStarts[i]!, this.starts[i]! - (this.kinds[i] === PLAIN ? 0 : 1)) + 1;
  }

  /** The source span of field `i`. */
  span(i: number): SourceSpan {
    return { source: this.source, line: this.fieldLines[i]!, column: this.column(i) };
  }

  /** Room for field `i` (grows the arrays). */
  reserve(i: number): void {
    if (i < this.starts.length) return;
    const n = Math.max(this.starts.length * 2, i + 1);
    const grow = <T extends Int32Array | Uint8Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.starts = grow(this.starts, new Int32Array(n));
    this.ends = grow(this.ends, new Int32Array(n));
    this.kinds = grow(this.kinds, new Uint8Array(n));
    this.fieldLines = grow(this.fieldLines, new Int32Array(n));
    this.fieldLineStarts = grow(this.fieldLineStarts, new Int32Array(n));
  }

  /** Copies the (unescaped) bytes of field `i` into `out` at `at`; returns the number written. */
  copyInto(i: number, out: Uint8Array, at: number): number {
    const buf = this.buf;
    const s = this.starts[i]!;
    const e = this.ends[i]!;
    if (this.kinds[i] !== ESCAPED) {
      out.set(buf.subarray(s, e), at);
      return e - s;
    }
    let w = at;
    for (let k = s; k < e; k++) {
      const c = buf[k]!;
      out[w++] = c;
      if (c === QUOTE) k++; // the second quote of a pair
    }
    return w - at;
  }
}

/** Text of bytes [s, e) (valid UTF-8: the scanner checked it). */
export function decode(buf: Uint8Array, s: number, e: number): string {
  for (let k = s; k < e; k++) {
    if (buf[k]! >= 0x80) return utf8.decode(buf.subarray(s, e));
  }
  return e - s < 16 ? asciiString(buf, s, e) : latin1.decode(buf.subarray(s, e));
}

function asciiString(buf: Uint8Array, s: number, e: number): string {
  let t = '';
  for (let k = s; k < e; k++) t += String.fromCharCode(buf[k]!);
  return t;
}

/** UTF-16 length of the valid UTF-8 bytes [s, e). */
export function utf16Length(buf: Uint8Array, s: number, e: number): number {
  let n = 0;
  for (let k = s; k < e; k++) {
    const b = buf[k]!;
    if ((b & 0xc0) !== 0x80) n += b >= 0xf0 ? 2 : 1;
  }
  return n;
}
