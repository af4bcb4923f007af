/**
 * One table as seen by one transaction: its catalog record, its segments in
 * recency order (level 0 newest first, then deeper levels), its memtable, a
 * segment reader, and key encoding. Views are cheap and never outlive their
 * transaction.
 */
import type { Scalar } from '../../types/data-type.js';
import { encodeKey, type KeyType } from '../codec/key-codec.js';
import { fromHex, u32be, concatBytes, prefixEnd } from '../kv/bytes.js';
import type { KvRead } from '../kv/kv-backend.js';
import { storageError } from '../errors.js';
import type { BlobCache } from '../segment/blob-cache.js';
import { decodeMeta, tablePrefix, type SegmentMeta } from '../segment/segment-meta.js';
import { SegmentReader } from '../segment/segment-reader.js';
import { keyColumns, physicalColumns, type ColumnDef, type TableRecord } from '../catalog/table-record.js';
import { checkValue } from '../write/validate-row.js';

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const int64Scratch = new BigInt64Array(1);
const int64Bytes = new Uint8Array(int64Scratch.buffer);
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Reused buffer for memtable lookup keys (see TableView.memLookupKey). */
let lookupScratch: Buffer = Buffer.alloc(0);

export interface SegmentEntry {
  readonly meta: SegmentMeta;
  readonly minKey: Uint8Array;
  readonly maxKey: Uint8Array;
}

/** What a view derives from its record alone, made once per record (records are immutable; a DDL change is a new one). */
interface RecordShape {
  readonly keyDefs: readonly ColumnDef[];
  readonly keyTypes: readonly KeyType[];
  readonly physical: readonly ColumnDef[];
  /** Read only: shared by every view of the record. */
  readonly memPrefix: Uint8Array;
}

const shapes = new WeakMap<TableRecord, RecordShape>();

function shapeOf(rec: TableRecord): RecordShape {
  let shape = shapes.get(rec);
  if (shape === undefined) {
    const keyDefs = keyColumns(rec);
    shape = { keyDefs, keyTypes: keyDefs.map((c) => c.type), physical: physicalColumns(rec), memPrefix: u32be(rec.id) };
    shapes.set(rec, shape);
  }
  return shape;
}

export class TableView {
  readonly reader: SegmentReader;
  readonly keyTypes: readonly KeyType[];
  readonly keyDefs: readonly ColumnDef[];
  readonly physical: readonly ColumnDef[];
  readonly memPrefix: Uint8Array;
  private segs: readonly SegmentEntry[] | undefined;
  private memEmpty: boolean | undefined;

  constructor(
    readonly kv: KvRead,
    readonly rec: TableRecord,
    cache: BlobCache,
    /** The segment list, when the caller already has it decoded for this transaction's state. */
    segments?: readonly SegmentEntry[],
  ) {
    this.segs = segments;
    this.reader = new SegmentReader(kv, cache);
    const shape = shapeOf(rec);
    this.keyDefs = shape.keyDefs;
    this.keyTypes = shape.keyTypes;
    this.physical = shape.physical;
    this.memPrefix = shape.memPrefix;
  }

  /** Segments newest first: level 0 by order descending, then levels 1, 2, ... by key. */
  segments(): readonly SegmentEntry[] {
    if (this.segs === undefined) {
      const prefix = tablePrefix(this.rec.id);
      const out: SegmentEntry[] = [];
      for (const { value } of this.kv.range('segments', { start: prefix, end: prefixEnd(prefix)! })) {
        const meta = decodeMeta(value);
        out.push({ meta, minKey: fromHex(meta.minKey), maxKey: fromHex(meta.maxKey) });
      }
      out.sort((a, b) => a.meta.level - b.meta.level || (a.meta.level === 0 ? b.meta.order - a.meta.order : Buffer.compare(a.minKey, b.minKey)));
      this.segs = out;
    }
    return this.segs;
  }

  /** True when the table's memtable holds no entries (checked once per view). */
  memtableEmpty(): boolean {
    if (this.memEmpty === undefined) {
      const it = this.kv.range('memtable', { start: this.memPrefix, end: prefixEnd(this.memPrefix)!, limit: 1 })[Symbol.iterator]();
      try {
        this.memEmpty = it.next().done === true;
      } finally {
        // An LMDB cursor left open pins its read transaction (a reader slot) until garbage collection.
        it.return?.();
      }
    }
    return this.memEmpty;
  }

  /**
   * True only when an earlier memtableEmpty() of this view found no entries:
   * a single point read asks the memtable directly (one get), cheaper than
   * probing it with a cursor first.
   */
  memtableKnownEmpty(): boolean {
    return this.memEmpty === true;
  }

  /** Records that the transaction wrote to the memtable (so it is no longer empty). */
  memtableWritten(): void {
    this.memEmpty = false;
  }

  /** The encoded key of a full primary-key tuple, checked against the key types. */
  encodeFullKey(values: readonly Scalar[]): Uint8Array {
    if (values.length !== this.keyTypes.length) {
      throw storageError('MISSING_KEY', `table ${this.rec.name} has a ${this.keyTypes.length}-column key, got ${values.length} values`);
    }
    if (values.length === 1) {
      // Fast path for the common single int64/timestamp key (same bytes as encodeKey: tag, then big-endian with the sign bit flipped).
      const v = values[0];
      const t = this.keyTypes[0];
      if (typeof v === 'bigint' && (t === 'int64' || t === 'timestamp') && v >= INT64_MIN && v <= INT64_MAX) {
        int64Scratch[0] = v;
        const b = int64Bytes;
        const out = new Uint8Array(9);
        out[0] = 0x02;
        if (LITTLE_ENDIAN) {
          out[1] = b[7]! ^ 0x80;
          out[2] = b[6]!;
          out[3] = b[5]!;
          out[4] = b[4]!;
          out[5] = b[3]!;
          out[6] = b[2]!;
          out[7] = b[1]!;
          out[8] = b[0]!;
        } else {
          out.set(b, 1);
          out[1] = b[0]! ^ 0x80;
        }
        return out;
      }
    }
    return this.encodePrefix(values);
  }

  /** The encoded key of a prefix of the primary key. */
  encodePrefix(values: readonly Scalar[]): Uint8Array {
    if (values.length > this.keyTypes.length) throw storageError('INVALID_KEY', `too many key values for table ${this.rec.name}`);
    const checked: Scalar[] = new Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const c = this.keyDefs[i]!;
      const x = checkValue(c.name, c.type, values[i]);
      if (x === null) throw storageError('MISSING_KEY', `key column ${c.name} cannot be NULL`);
      checked[i] = x;
    }
    return encodeKey(this.keyTypes, checked);
  }

  /** The memtable key of an encoded key, freshly allocated (safe to retain, e.g. for writes). */
  memKey(encodedKey: Uint8Array): Uint8Array {
    return concatBytes([this.memPrefix, encodedKey]);
  }

  /**
   * The memtable key of an encoded key built in a scratch Buffer reused by the
   * next call (of any view: one per process, views live for one snapshot):
   * only for immediate point reads (the backend copies the key). A Buffer, so
   * the LMDB backend passes it on without wrapping.
   */
  memLookupKey(encodedKey: Uint8Array): Uint8Array {
    const p = this.memPrefix.length;
    const n = p + encodedKey.length;
    if (lookupScratch.length < n) lookupScratch = Buffer.allocUnsafe(Math.max(64, n * 2));
    lookupScratch.set(this.memPrefix, 0);
    lookupScratch.set(encodedKey, p);
    return lookupScratch.subarray(0, n);
  }
}
