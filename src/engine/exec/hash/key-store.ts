/**
 * Per-column key storage for the executor's hash tables: appends the key value
 * of each new group, hashes a whole column of probe rows at once, and tests a
 * probe row against a stored key. Specialised per physical layout (int64 as
 * two int32 halves, numbers, strings/bytes/intervals); NULL keys equal each
 * other (grouping semantics; joins drop NULL keys before probing).
 */
import type { DataType, Interval } from '../../../types/data-type.js';
import { makeColumn, type Column } from '../column.js';
import type { Chunk } from '../chunk.js';
import { bytesEqual } from '../../../util/bytes.js';
import { fmix32, fnv1aBytes, fnv1aString } from '../../../util/hash32.js';
import { hashInt64, NULL_KEY_HASH } from '../../kernels/hash-kernels.js';

const NULL_HASH = NULL_KEY_HASH;

const hashString = fnv1aString;
const hashBytes = fnv1aBytes;

/** Combines the running row hash with one column's hash. */
export function combine(h: number, x: number): number {
  return fmix32(Math.imul(h, 31) + x);
}

export interface KeyStore {
  readonly type: DataType;
  /** Mixes this column's hash of every selected row into `h` (indexed by logical row). */
  hashInto(col: Column, c: Chunk, h: Int32Array): void;
  /** Whether physical row `i` of `col` equals stored key `g`. */
  equals(g: number, col: Column, i: number): boolean;
  /** Appends physical row `i` of `col` as a new stored key. */
  push(col: Column, i: number): void;
  /** The stored keys as a column of `size` rows. */
  toColumn(size: number): Column;
}

abstract class BaseStore {
  protected valid = new Uint8Array(16);
  protected anyNull = false;
  protected count = 0;
  protected growValid(): void {
    if (this.count >= this.valid.length) {
      const v = new Uint8Array(this.valid.length * 2);
      v.set(this.valid);
      this.valid = v;
    }
  }
  protected pushValid(col: Column, i: number): boolean {
    this.growValid();
    const ok = col.valid === null || col.valid[i] === 1;
    this.valid[this.count] = ok ? 1 : 0;
    if (!ok) this.anyNull = true;
    return ok;
  }
  protected validColumn(size: number): Uint8Array | null {
    return this.anyNull ? this.valid.slice(0, size) : null;
  }
}

class Int64Store extends BaseStore implements KeyStore {
  private data = new Int32Array(32);
  private lastCol: Column | null = null;
  private lastView: Int32Array = new Int32Array(0);
  constructor(readonly type: DataType) {
    super();
  }
  /** Int32 (lo, hi) view of a probe column, cached across calls on the same column. */
  private view(col: Column): Int32Array {
    if (col !== this.lastCol) {
      const v = col.values as BigInt64Array;
      this.lastCol = col;
      this.lastView = new Int32Array(v.buffer, v.byteOffset, v.length * 2);
    }
    return this.lastView;
  }
  hashInto(col: Column, c: Chunk, h: Int32Array): void {
    // engine/kernels: the same hash, four keys at a time with SIMD when the column is heap-resident
    const sel = c.sel;
    hashInt64(col.values as BigInt64Array, col.valid, sel, sel === null ? c.length : sel.length, h, true);
  }
  equals(g: number, col: Column, i: number): boolean {
    const cv = col.valid === null || col.valid[i] === 1;
    if (!cv || this.valid[g] === 0) return !cv && this.valid[g] === 0;
    const d = this.view(col);
    return this.data[2 * g] === d[2 * i] && this.data[2 * g + 1] === d[2 * i + 1];
  }
  push(col: Column, i: number): void {
    if (2 * this.count + 2 > this.data.length) {
      const nd = new Int32Array(this.data.length * 2);
      nd.set(this.data);
      this.data = nd;
    }
    if (this.pushValid(col, i)) {
      const d = this.view(col);
      this.data[2 * this.count] = d[2 * i] as number;
      this.data[2 * this.count + 1] = d[2 * i + 1] as number;
    }
    this.count++;
  }
  toColumn(size: number): Column {
    const out = new BigInt64Array(size);
    new Int32Array(out.buffer).set(this.data.subarray(0, size * 2));
    return makeColumn(this.type, out, this.validColumn(size), size);
  }
}

type NumArray = Float64Array | Int32Array | Uint8Array;

class NumberStore extends BaseStore implements KeyStore {
  private data: NumArray;
  private readonly scratch = new Float64Array(1);
  private readonly scratch32 = new Int32Array(this.scratch.buffer);
  constructor(readonly type: DataType) {
    super();
    this.data = type === 'float64' ? new Float64Array(16) : type === 'date' ? new Int32Array(16) : new Uint8Array(16);
  }
  hashInto(col: Column, c: Chunk, h: Int32Array): void {
    const v = col.values as NumArray;
    const valid = col.valid;
    const sel = c.sel;
    const n = sel === null ? c.length : sel.length;
    const isFloat = this.type === 'float64';
    for (let k = 0; k < n; k++) {
      const i = sel === null ? k : (sel[k] as number);
      let x: number;
      if (valid !== null && valid[i] === 0) x = NULL_HASH;
      else if (isFloat) {
        const f = v[i] as number;
        this.scratch[0] = f === 0 ? 0 : Number.isNaN(f) ? NaN : f;
        x = fmix32((this.scratch32[0] as number) ^ Math.imul(this.scratch32[1] as number, 0x9e3779b1));
      } else x = fmix32(v[i] as number);
      h[k] = combine(h[k] as number, x);
    }
  }
  equals(g: number, col: Column, i: number): boolean {
    const cv = col.valid === null || col.valid[i] === 1;
    if (!cv || this.valid[g] === 0) return !cv && this.valid[g] === 0;
    const a = this.data[g] as number;
    const b = (col.values as NumArray)[i] as number;
    return a === b || (a !== a && b !== b);
  }
  push(col: Column, i: number): void {
    if (this.count >= this.data.length) {
      const nd = new (this.data.constructor as new (n: number) => NumArray)(this.data.length * 2);
      nd.set(this.data);
      this.data = nd;
    }
    if (this.pushValid(col, i)) this.data[this.count] = (col.values as NumArray)[i] as number;
    this.count++;
  }
  toColumn(size: number): Column {
    return makeColumn(this.type, this.data.slice(0, size), this.validColumn(size), size);
  }
}

type Obj = string | Uint8Array | Interval;

class ObjectStore extends BaseStore implements KeyStore {
  private readonly data: Obj[] = [];
  constructor(readonly type: DataType) {
    super();
  }
  private hashOf(v: Obj): number {
    if (typeof v === 'string') return hashString(v);
    if (v instanceof Uint8Array) return hashBytes(v);
    return hashString(`${v.months}:${v.nanos}`);
  }
  private eq(a: Obj, b: Obj): boolean {
    if (typeof a === 'string') return a === b;
    if (a instanceof Uint8Array) return bytesEqual(a, b as Uint8Array);
    const y = b as Interval;
    return a.months === y.months && a.nanos === y.nanos;
  }
  hashInto(col: Column, c: Chunk, h: Int32Array): void {
    const v = col.values as Obj[];
    const valid = col.valid;
    const sel = c.sel;
    const n = sel === null ? c.length : sel.length;
    for (let k = 0; k < n; k++) {
      const i = sel === null ? k : (sel[k] as number);
      const x = valid !== null && valid[i] === 0 ? NULL_HASH : this.hashOf(v[i] as Obj);
      h[k] = combine(h[k] as number, x);
    }
  }
  equals(g: number, col: Column, i: number): boolean {
    const cv = col.valid === null || col.valid[i] === 1;
    if (!cv || this.valid[g] === 0) return !cv && this.valid[g] === 0;
    return this.eq(this.data[g] as Obj, (col.values as Obj[])[i] as Obj);
  }
  push(col: Column, i: number): void {
    const ok = this.pushValid(col, i);
    this.data.push(ok ? ((col.values as Obj[])[i] as Obj) : this.type === 'utf8' ? '' : this.type === 'binary' ? new Uint8Array(0) : { months: 0, nanos: 0n });
    this.count++;
  }
  toColumn(size: number): Column {
    return makeColumn(this.type, this.data.slice(0, size) as string[], this.validColumn(size), size);
  }
}

class NullStore implements KeyStore {
  readonly type: DataType = 'null';
  hashInto(_col: Column, c: Chunk, h: Int32Array): void {
    const n = c.sel === null ? c.length : c.sel.length;
    for (let k = 0; k < n; k++) h[k] = combine(h[k] as number, NULL_HASH);
  }
  equals(): boolean {
    return true;
  }
  push(): void {}
  toColumn(size: number): Column {
    return makeColumn('null', new Uint8Array(size), new Uint8Array(size), size);
  }
}

export function makeKeyStore(type: DataType): KeyStore {
  switch (type) {
    case 'int64':
    case 'timestamp':
      return new Int64Store(type);
    case 'float64':
    case 'date':
    case 'bool':
      return new NumberStore(type);
    case 'null':
      return new NullStore();
    default:
      return new ObjectStore(type);
  }
}
