/**
 * The order-preserving binary encoding of primary keys: a tuple of scalars
 * becomes bytes whose unsigned lexicographic order equals the tuple's value
 * order (column by column; NULL first; strings by code point; -0 = 0; NaN
 * last). Every component starts with a tag byte (0x01 NULL, 0x02 value), so a
 * prefix sorts before its extensions and `prefix + 0xFF` is above all of them.
 */
import type { DataType, Scalar } from '../../types/data-type.js';
import { assertNever } from '../../errors/pyralog-error.js';
import { storageError } from '../errors.js';
import { ByteWriter } from './byte-writer.js';

export type KeyType = Exclude<DataType, 'null' | 'interval'>;

const TAG_NULL = 0x01;
const TAG_VALUE = 0x02;
const SIGN64 = 1n << 63n;
const MASK64 = (1n << 64n) - 1n;
const f64 = new Float64Array(1);
const f64bits = new BigUint64Array(f64.buffer);
const decoder = new TextDecoder();
const textEncoder = new TextEncoder();
const shared = new ByteWriter(64);

export function isKeyType(t: DataType): t is KeyType {
  return t !== 'null' && t !== 'interval';
}

/** Appends the encoding of one key component to `w`. */
export function encodeKeyPart(w: ByteWriter, type: KeyType, value: Scalar): void {
  if (value === null) {
    w.byte(TAG_NULL);
    return;
  }
  w.byte(TAG_VALUE);
  switch (type) {
    case 'bool':
      w.byte(value ? 1 : 0);
      return;
    case 'int64':
    case 'timestamp':
      w.u64((BigInt.asIntN(64, value as bigint) + SIGN64) & MASK64);
      return;
    case 'date':
      w.u32(((value as number) + 0x80000000) >>> 0);
      return;
    case 'float64': {
      let x = value as number;
      if (x === 0) x = 0;
      if (Number.isNaN(x)) x = Number.NaN;
      f64[0] = x;
      const bits = f64bits[0]!;
      w.u64(bits & SIGN64 ? ~bits & MASK64 : bits | SIGN64);
      return;
    }
    case 'utf8':
      escapeInto(w, textEncoder.encode(value as string));
      return;
    case 'binary':
      escapeInto(w, value as Uint8Array);
      return;
    default:
      assertNever(type, 'key type');
  }
}

/** 0x00 becomes 0x00 0xFF; the component ends with 0x00 0x01. */
function escapeInto(w: ByteWriter, bytes: Uint8Array): void {
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0) {
      w.bytes(bytes.subarray(start, i + 1));
      w.byte(0xff);
      start = i + 1;
    }
  }
  w.bytes(bytes.subarray(start));
  w.byte(0x00);
  w.byte(0x01);
}

/** Encodes a full or partial key tuple (a prefix of `types`). */
export function encodeKey(types: readonly KeyType[], values: readonly Scalar[]): Uint8Array {
  shared.reset();
  for (let i = 0; i < values.length; i++) encodeKeyPart(shared, types[i]!, values[i]!);
  return shared.finish();
}

/** Decodes a key produced by `encodeKey` with the same types. */
export function decodeKey(types: readonly KeyType[], bytes: Uint8Array): Scalar[] {
  const out: Scalar[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  for (const type of types) {
    if (at >= bytes.length) break;
    const tag = bytes[at++];
    if (tag === TAG_NULL) {
      out.push(null);
      continue;
    }
    if (tag !== TAG_VALUE) throw storageError('INVALID_KEY', `bad key tag ${tag} at byte ${at - 1}`);
    switch (type) {
      case 'bool':
        out.push(bytes[at++] === 1);
        break;
      case 'int64':
      case 'timestamp':
        out.push(BigInt.asIntN(64, view.getBigUint64(at) - SIGN64));
        at += 8;
        break;
      case 'date':
        out.push(view.getUint32(at) - 0x80000000);
        at += 4;
        break;
      case 'float64': {
        const bits = view.getBigUint64(at);
        f64bits[0] = bits & SIGN64 ? bits & ~SIGN64 & MASK64 : ~bits & MASK64;
        out.push(f64[0]!);
        at += 8;
        break;
      }
      case 'utf8':
      case 'binary': {
        const parts: number[] = [];
        for (;;) {
          const b = bytes[at++];
          if (b === undefined) throw storageError('INVALID_KEY', 'unterminated key component');
          if (b === 0) {
            const next = bytes[at++];
            if (next === 0x01) break;
            parts.push(0);
            continue;
          }
          parts.push(b);
        }
        const raw = Uint8Array.from(parts);
        out.push(type === 'utf8' ? decoder.decode(raw) : raw);
        break;
      }
      default:
        assertNever(type, 'key type');
    }
  }
  return out;
}

/** The bound of a key range for a prefix: `prefix + 0xFF` is above every key starting with the prefix. */
export function afterPrefix(encodedPrefix: Uint8Array): Uint8Array {
  const out = new Uint8Array(encodedPrefix.length + 1);
  out.set(encodedPrefix);
  out[encodedPrefix.length] = 0xff;
  return out;
}
