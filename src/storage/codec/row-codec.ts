/**
 * The value format of a memtable entry: an op (put or tombstone), the schema
 * version the row was written under, the write's sequence number, and for a
 * put the row's physical column values (a null bitmap, then each non-null
 * value in a fixed binary form).
 */
import type { Scalar } from '../../types/data-type.js';
import { assertNever } from '../../errors/pyralog-error.js';
import type { StoredType } from '../arrow/arrow-types.js';
import { ByteWriter } from './byte-writer.js';
import { decodeUtf8 } from './utf8-text.js';

export const OP_PUT = 0;
export const OP_DELETE = 1;

export interface MemEntry {
  readonly op: typeof OP_PUT | typeof OP_DELETE;
  readonly version: number;
  readonly seq: number;
  /** Physical column values of the version's schema (empty for a tombstone). */
  readonly values: Scalar[];
}

const writer = new ByteWriter(256);
const HEADER = 1 + 2 + 8;

export function encodeEntry(op: number, version: number, seq: number, types: readonly StoredType[], values: readonly Scalar[]): Uint8Array {
  writer.reset();
  writer.byte(op);
  writer.u16(version);
  writer.f64(seq);
  if (op === OP_DELETE) return writer.finish();
  const n = types.length;
  const bitmapBytes = (n + 7) >>> 3;
  const bitmapAt = writer.length;
  for (let i = 0; i < bitmapBytes; i++) writer.byte(0);
  const bits = new Uint8Array(bitmapBytes);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      bits[i >>> 3] = bits[i >>> 3]! | (1 << (i & 7));
      continue;
    }
    const t = types[i]!;
    switch (t) {
      case 'bool':
        writer.byte(v ? 1 : 0);
        break;
      case 'int64':
      case 'timestamp':
        writer.i64(v as bigint);
        break;
      case 'float64':
        writer.f64(v as number);
        break;
      case 'date':
        writer.i32(v as number);
        break;
      case 'utf8':
        writer.lengthPrefixedUtf8(v as string);
        break;
      case 'binary':
        writer.u32((v as Uint8Array).length);
        writer.bytes(v as Uint8Array);
        break;
      default:
        assertNever(t, 'stored type');
    }
  }
  const out = writer.finish();
  out.set(bits, bitmapAt);
  return out;
}

/** Only the op byte (OP_PUT or OP_DELETE), read without a DataView. */
export function entryOp(bytes: Uint8Array): number {
  return bytes[0]!;
}

export function decodeEntry(bytes: Uint8Array, typesOf: (version: number) => readonly StoredType[]): MemEntry {
  const op = bytes[0] === OP_DELETE ? OP_DELETE : OP_PUT;
  const version = entryVersion(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const seq = view.getFloat64(3);
  if (op === OP_DELETE) return { op, version, seq, values: [] };
  return { op, version, seq, values: decodeValues(bytes, typesOf(version), view) };
}

/** The schema version a memtable entry was written under. */
export function entryVersion(bytes: Uint8Array): number {
  return (bytes[1]! << 8) | bytes[2]!;
}

/** The physical column values of a put entry written under a version whose stored types are `types`. */
export function decodeValues(bytes: Uint8Array, types: readonly StoredType[], view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)): Scalar[] {
  const n = types.length;
  const bitmapAt = HEADER;
  let at = HEADER + ((n + 7) >>> 3);
  const values: Scalar[] = new Array(n);
  for (let i = 0; i < n; i++) {
    if ((bytes[bitmapAt + (i >>> 3)]! >>> (i & 7)) & 1) {
      values[i] = null;
      continue;
    }
    const t = types[i]!;
    switch (t) {
      case 'bool':
        values[i] = bytes[at++] === 1;
        break;
      case 'int64':
      case 'timestamp':
        values[i] = view.getBigInt64(at);
        at += 8;
        break;
      case 'float64':
        values[i] = view.getFloat64(at);
        at += 8;
        break;
      case 'date':
        values[i] = view.getInt32(at);
        at += 4;
        break;
      case 'utf8': {
        const len = view.getUint32(at);
        values[i] = decodeUtf8(bytes, at + 4, at + 4 + len);
        at += 4 + len;
        break;
      }
      case 'binary': {
        const len = view.getUint32(at);
        values[i] = new Uint8Array(bytes.subarray(at + 4, at + 4 + len)); // a plain copy, also when bytes is a Buffer
        at += 4 + len;
        break;
      }
      default:
        assertNever(t, 'stored type');
    }
  }
  return values;
}
