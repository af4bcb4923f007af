/**
 * A hash join index on one utf8 key: open addressing on a 32-bit string hash,
 * each slot holding the hash and the first build row side by side, so most
 * probe misses never touch a string; on a hash hit the strings are compared
 * (the build strings stay in the build column, nothing is copied). Further
 * build rows of the same key follow a `next` chain. Load factor at most 1/2.
 */
import { fmix32, fnv1aString } from '../../../util/hash32.js';
import type { Column } from '../column.js';
import type { JoinTable } from './join-table.js';
import type { PairBuffer } from './pair-buffer.js';

/** FNV-1a over UTF-16 code units, then a murmur finaliser for the low bits used as slot index. */
export function hashUtf8(s: string): number {
  return fmix32(fnv1aString(s));
}

export class Utf8JoinTable implements JoinTable {
  readonly kind = 'utf8';
  /** Scratch: the probe rows' hashes (hashing in a separate pass keeps both loops tight). */
  private hashes = new Int32Array(0);

  private constructor(
    /** Per slot: hash, first build row + 1 (0 = empty). */
    private readonly slots: Int32Array,
    private readonly mask: number,
    /** The build key strings, by build row. */
    private readonly strings: readonly string[],
    /** Next build row with the same key, or -1. */
    private readonly next: Int32Array,
    private readonly unique: boolean,
  ) {}

  /** Indexes build rows `rows` (ascending, non-NULL keys) of `key`. */
  static build(key: Column, rows: Int32Array, buildRows: number): Utf8JoinTable {
    let cap = 16;
    while (cap < 2 * rows.length) cap *= 2;
    const mask = cap - 1;
    const slots = new Int32Array(2 * cap);
    const next = new Int32Array(buildRows).fill(-1);
    const strings = key.values as string[];
    const unique = insertAll(slots, mask, next, strings, rows);
    return new Utf8JoinTable(slots, mask, strings, next, unique);
  }

  probe(keys: readonly Column[], sel: Int32Array | null, n: number, pairs: PairBuffer, firstOnly: boolean): void {
    const key = keys[0];
    if (key === undefined || key.type !== 'utf8') return;
    const strings = key.values as string[];
    if (this.hashes.length < n) this.hashes = new Int32Array(Math.max(n, 1024));
    hashRows(strings, sel, n, this.hashes);
    if (firstOnly || this.unique) probeFirst(this.slots, this.mask, this.strings, strings, this.hashes, key.valid, sel, n, pairs);
    else probeChains(this.slots, this.mask, this.strings, this.next, strings, this.hashes, key.valid, sel, n, pairs);
  }
}

/** Inserts rows in reverse so each chain lists its rows ascending; returns whether all keys were distinct. */
function insertAll(slots: Int32Array, mask: number, next: Int32Array, strings: readonly string[], rows: Int32Array): boolean {
  let unique = true;
  for (let k = rows.length - 1; k >= 0; k--) {
    const i = rows[k] as number;
    const v = strings[i] as string;
    const h = hashUtf8(v);
    let s = h & mask;
    for (;;) {
      const r = slots[2 * s + 1] as number;
      if (r === 0) {
        slots[2 * s] = h;
        slots[2 * s + 1] = i + 1;
        break;
      }
      if (slots[2 * s] === h && strings[r - 1] === v) {
        next[i] = r - 1;
        slots[2 * s + 1] = i + 1;
        unique = false;
        break;
      }
      s = (s + 1) & mask;
    }
  }
  return unique;
}

/** hashes[k] = hash of selected row k's string (NULL rows hash their placeholder; they are skipped later). */
function hashRows(strings: readonly string[], sel: Int32Array | null, n: number, hashes: Int32Array): void {
  for (let k = 0; k < n; k++) {
    const v = strings[sel === null ? k : (sel[k] as number)];
    hashes[k] = v === undefined ? 0 : hashUtf8(v);
  }
}

/** The slot's first build row + 1 holding `v` (hash `h`), or 0. */
function find(slots: Int32Array, mask: number, built: readonly string[], v: string, h: number): number {
  let s = h & mask;
  for (;;) {
    const r = slots[2 * s + 1] as number;
    if (r === 0 || (slots[2 * s] === h && built[r - 1] === v)) return r;
    s = (s + 1) & mask;
  }
}

function probeFirst(
  slots: Int32Array,
  mask: number,
  built: readonly string[],
  strings: readonly string[],
  hashes: Int32Array,
  valid: Uint8Array | null,
  sel: Int32Array | null,
  n: number,
  pairs: PairBuffer,
): void {
  pairs.reserve(n);
  const p = pairs.p;
  const b = pairs.b;
  let m = pairs.n;
  for (let k = 0; k < n; k++) {
    const i = sel === null ? k : (sel[k] as number);
    if (valid !== null && valid[i] === 0) continue;
    const r = find(slots, mask, built, strings[i] as string, hashes[k] as number);
    if (r !== 0) {
      p[m] = i;
      b[m] = r - 1;
      m++;
    }
  }
  pairs.n = m;
}

function probeChains(
  slots: Int32Array,
  mask: number,
  built: readonly string[],
  next: Int32Array,
  strings: readonly string[],
  hashes: Int32Array,
  valid: Uint8Array | null,
  sel: Int32Array | null,
  n: number,
  pairs: PairBuffer,
): void {
  for (let k = 0; k < n; k++) {
    const i = sel === null ? k : (sel[k] as number);
    if (valid !== null && valid[i] === 0) continue;
    const r = find(slots, mask, built, strings[i] as string, hashes[k] as number);
    for (let row = r - 1; row >= 0; row = next[row] as number) pairs.push(i, row);
  }
}
