/**
 * The executor's border with Apache Arrow: turns Arrow record batches (from
 * storage scans) into executor columns, and executor chunks into Arrow record
 * batches (query results), mapping each DataType to its Arrow type
 * (see types/data-type.ts). Validity bitmaps are unpacked to / packed from bytes.
 * Arrow utf8 becomes a Utf8ArrowColumn: bytes kept, strings made when read.
 */
import {
  Binary,
  Bool,
  DateDay,
  Field as ArrowField,
  Float64,
  Int64,
  IntervalMonthDayNano,
  Null,
  RecordBatch,
  Schema as ArrowSchema,
  Struct,
  TimestampNanosecond,
  Type,
  Utf8,
  makeData,
  type Data,
  type DataType as ArrowType,
} from 'apache-arrow';
import type { DataType, Interval } from '../../types/data-type.js';
import type { Field, Schema } from '../../types/schema.js';
import { PyralogError, assertNever } from '../../errors/pyralog-error.js';
import { allocValues, makeColumn, type Column } from './column.js';
import { compact, type Chunk } from './chunk.js';
import { Utf8ArrowColumn } from './utf8-arrow-column.js';

export function arrowTypeOf(t: DataType): ArrowType {
  switch (t) {
    case 'null': return new Null();
    case 'bool': return new Bool();
    case 'int64': return new Int64();
    case 'float64': return new Float64();
    case 'utf8': return new Utf8();
    case 'binary': return new Binary();
    case 'date': return new DateDay();
    case 'timestamp': return new TimestampNanosecond();
    case 'interval': return new IntervalMonthDayNano();
    default: return assertNever(t, 'data type');
  }
}

export function toArrowSchema(schema: Schema): ArrowSchema {
  return new ArrowSchema(
    schema.fields.map(
      (f: Field) => new ArrowField(f.name, arrowTypeOf(f.type), f.nullable, f.metadata === undefined ? null : new Map(Object.entries(f.metadata))),
    ),
  );
}

function packBits(bytes: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) if (bytes[i] === 1) out[i >> 3] = (out[i >> 3] as number) | (1 << (i & 7));
  return out;
}

function unpackBits(bits: Uint8Array, offset: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const b = offset + i;
    out[i] = ((bits[b >> 3] as number) >> (b & 7)) & 1;
  }
  return out;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function encodeStrings(strings: readonly string[], n: number): { offsets: Int32Array; data: Uint8Array } {
  const offsets = new Int32Array(n + 1);
  let cap = 0;
  for (let i = 0; i < n; i++) cap += (strings[i] as string).length * 3;
  const data = new Uint8Array(cap);
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const s = strings[i] as string;
    let ascii = true;
    for (let j = 0; j < s.length; j++) {
      const u = s.charCodeAt(j);
      if (u >= 0x80) { ascii = false; break; }
      data[pos + j] = u;
    }
    if (ascii) pos += s.length;
    else pos += encoder.encodeInto(s, data.subarray(pos)).written;
    offsets[i + 1] = pos;
  }
  return { offsets, data: data.subarray(0, pos) };
}

function decodeString(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= 24) {
    let s = '';
    for (let j = start; j < end; j++) {
      const b = bytes[j] as number;
      if (b >= 0x80) return decoder.decode(bytes.subarray(start, end));
      s += String.fromCharCode(b);
    }
    return s;
  }
  return decoder.decode(bytes.subarray(start, end));
}

/** One executor column as Arrow Data. */
export function columnToData(col: Column, type: DataType = col.type): Data {
  const n = col.length;
  const nullCount = col.valid === null ? 0 : n - col.valid.subarray(0, n).reduce((a, b) => a + b, 0);
  const nullBitmap = nullCount === 0 || col.valid === null ? undefined : packBits(col.valid, n);
  const base = { length: n, nullCount, ...(nullBitmap === undefined ? {} : { nullBitmap }) };
  const src = col.type === 'null' && type !== 'null' ? allocValues(type, n) : col.values;
  switch (type) {
    case 'null':
      return makeData({ type: new Null(), length: n });
    case 'bool':
      return makeData({ type: new Bool(), ...base, data: packBits(src as Uint8Array, n) });
    case 'int64':
      return makeData({ type: new Int64(), ...base, data: (src as BigInt64Array).subarray(0, n) });
    case 'float64':
      return makeData({ type: new Float64(), ...base, data: (src as Float64Array).subarray(0, n) });
    case 'date':
      return makeData({ type: new DateDay(), ...base, data: (src as Int32Array).subarray(0, n) });
    case 'timestamp':
      return makeData({ type: new TimestampNanosecond(), ...base, data: (src as BigInt64Array).subarray(0, n) });
    case 'utf8': {
      const { offsets, data } = encodeStrings(src as string[], n);
      return makeData({ type: new Utf8(), ...base, valueOffsets: offsets, data });
    }
    case 'binary': {
      const arr = src as Uint8Array[];
      const offsets = new Int32Array(n + 1);
      let total = 0;
      for (let i = 0; i < n; i++) { total += (arr[i] as Uint8Array).length; offsets[i + 1] = total; }
      const data = new Uint8Array(total);
      for (let i = 0; i < n; i++) data.set(arr[i] as Uint8Array, offsets[i] as number);
      return makeData({ type: new Binary(), ...base, valueOffsets: offsets, data });
    }
    case 'interval': {
      const arr = src as Interval[];
      const data = new Int32Array(4 * n);
      const nanos = new BigInt64Array(data.buffer);
      for (let i = 0; i < n; i++) {
        const iv = arr[i] as Interval;
        data[4 * i] = iv.months;
        data[4 * i + 1] = 0;
        nanos[2 * i + 1] = iv.nanos;
      }
      return makeData({ type: new IntervalMonthDayNano(), ...base, data });
    }
    default:
      return assertNever(type, 'data type');
  }
}

/** A chunk (selection applied) as an Arrow RecordBatch with `schema`. */
export function chunkToRecordBatch(chunk: Chunk, schema: Schema): RecordBatch {
  const dense = compact(chunk);
  const arrowSchema = toArrowSchema(schema);
  const children = schema.fields.map((f, j) => columnToData(dense.columns[j] as Column, f.type));
  const data = makeData({ type: new Struct(arrowSchema.fields), length: dense.length, nullCount: 0, children });
  return new RecordBatch(arrowSchema, data);
}

const NS_PER_UNIT = [1_000_000_000n, 1_000_000n, 1_000n, 1n]; // SECOND, MILLI, MICRO, NANO

/**
 * One Arrow Data (any of the types storage produces) as an executor column of
 * `type`. Arrow JS convention for a sliced Data: fixed-width value buffers and
 * value-offset buffers are already sliced (index from 0), while the validity
 * bitmap and boolean bit buffers are not (index from `data.offset`).
 */
export function dataToColumn(data: Data, type: DataType): Column {
  const n = data.length;
  const off = data.offset;
  const valid = data.nullCount > 0 && data.nullBitmap !== undefined && data.nullBitmap.length > 0 ? unpackBits(data.nullBitmap, off, n) : null;
  const t = data.type;
  const tid = t.typeId;
  if (tid === Type.Null) return makeColumn(type, allocValues(type, n), new Uint8Array(n), n);
  const values = data.values as unknown;
  switch (type) {
    case 'bool':
      return makeColumn('bool', unpackBits(values as Uint8Array, off, n), valid, n);
    case 'int64':
    case 'timestamp': {
      if (values instanceof BigInt64Array) {
        const raw = values.subarray(0, n);
        let scale = 1n;
        if (tid === Type.Timestamp) scale = NS_PER_UNIT[(t as unknown as { unit: number }).unit] ?? 1n;
        if (scale === 1n) return makeColumn(type, raw, valid, n);
        const out = new BigInt64Array(n);
        for (let i = 0; i < n; i++) out[i] = (raw[i] as bigint) * scale;
        return makeColumn(type, out, valid, n);
      }
      if (values instanceof BigUint64Array) return makeColumn(type, BigInt64Array.from(values.subarray(0, n)), valid, n);
      const arr = values as ArrayLike<number>;
      const out = new BigInt64Array(n);
      for (let i = 0; i < n; i++) out[i] = BigInt(Math.trunc(arr[i] as number));
      return makeColumn(type, out, valid, n);
    }
    case 'float64': {
      if (values instanceof Float64Array) return makeColumn('float64', values.subarray(0, n), valid, n);
      const arr = values as ArrayLike<number | bigint>;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = Number(arr[i]);
      return makeColumn('float64', out, valid, n);
    }
    case 'date': {
      if (values instanceof Int32Array) return makeColumn('date', values.subarray(0, n), valid, n);
      const arr = values as ArrayLike<number | bigint>;
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = Math.floor(Number(arr[i]) / 86_400_000);
      return makeColumn('date', out, valid, n);
    }
    case 'utf8':
    case 'binary': {
      const offsets = data.valueOffsets as unknown as ArrayLike<number | bigint>;
      const bytes = values as Uint8Array;
      // utf8 keeps its bytes: strings are made only if read (filters compare bytes)
      if (type === 'utf8' && offsets instanceof Int32Array && tid === Type.Utf8) return new Utf8ArrowColumn({ offsets: offsets.subarray(0, n + 1), data: bytes }, valid, n, decodeString);
      const out: (string | Uint8Array)[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const a = Number(offsets[i]);
        const b = Number(offsets[i + 1]);
        out[i] = type === 'utf8' ? decodeString(bytes, a, b) : bytes.slice(a, b);
      }
      return makeColumn(type, out as string[], valid, n);
    }
    case 'interval': {
      const i32 = values as Int32Array;
      const i64 = new BigInt64Array(i32.buffer, i32.byteOffset, i32.length >> 1);
      const out: Interval[] = new Array(n);
      for (let i = 0; i < n; i++) {
        out[i] = { months: i32[4 * i] as number, nanos: BigInt(i32[4 * i + 1] as number) * 86_400_000_000_000n + (i64[2 * i + 1] as bigint) };
      }
      return makeColumn('interval', out, valid, n);
    }
    default:
      throw new PyralogError('UNSUPPORTED_TYPE', `cannot read Arrow ${String(t)} as ${type}`, { phase: 'execute' });
  }
}

/** An Arrow RecordBatch as a chunk of columns typed per `types`. */
export function recordBatchToChunk(batch: RecordBatch, types: readonly DataType[]): Chunk {
  const children = batch.data.children;
  const columns = types.map((t, j) => dataToColumn(children[j] as Data, t));
  return { columns, length: batch.numRows, sel: null };
}
