/**
 * The build side of a hash join, indexed once: `buildJoinTable` picks the
 * fastest index for the key columns (a direct array for dense int64 keys, an
 * open-addressing table on the int64 value, one on utf8 strings, or the
 * generic key table for everything else), and every index probes a whole
 * batch in one loop that appends (probe row, build row) pairs. Build rows of
 * one key are chained in ascending order; NULL keys never match (the build
 * side is given only its rows without NULL keys, and a NULL probe key finds
 * nothing).
 */
import type { Column } from '../column.js';
import { buildDirectIndex } from '../operators/direct-index.js';
import { Int64JoinTable } from './int64-join-table.js';
import { makeKeyTable, type KeyLookup } from './key-table.js';
import type { PairBuffer } from './pair-buffer.js';
import { Utf8JoinTable } from './utf8-join-table.js';

export interface JoinTable {
  /** Which index this is (for EXPLAIN-like introspection and tests). */
  readonly kind: 'direct' | 'int64' | 'utf8' | 'generic';
  /**
   * Appends to `pairs`, for each selected probe row in order (physical row
   * `sel[k]`, or `k` when `sel` is null, for k < n), one pair per build row
   * with an equal key, build rows ascending; only the first build row when
   * `firstOnly`. `keys` are the probe key columns, typed as the build keys.
   */
  probe(keys: readonly Column[], sel: Int32Array | null, n: number, pairs: PairBuffer, firstOnly: boolean): void;
}

/**
 * Indexes build rows `rows` (ascending, none with a NULL key) of the key
 * columns `keys` (`buildRows` rows long).
 */
export function buildJoinTable(keys: readonly Column[], rows: Int32Array, buildRows: number): JoinTable {
  const [k] = keys;
  if (keys.length === 1 && k !== undefined) {
    if (k.type === 'int64' || k.type === 'timestamp') return buildDirectIndex(k, rows, buildRows) ?? Int64JoinTable.build(k, rows, buildRows);
    if (k.type === 'utf8') return Utf8JoinTable.build(k, rows, buildRows);
  }
  return GenericJoinTable.build(keys, rows, buildRows);
}

/** Chains of build rows per key id of a generic KeyLookup (any key types, several keys). */
export class GenericJoinTable implements JoinTable {
  readonly kind = 'generic';
  private ids = new Int32Array(0);

  private constructor(
    private readonly table: KeyLookup,
    /** First build row of each key id. */
    private readonly head: Int32Array,
    /** Next build row with the same key, or -1. */
    private readonly next: Int32Array,
  ) {}

  static build(keys: readonly Column[], rows: Int32Array, buildRows: number): GenericJoinTable {
    const table = makeKeyTable(keys.map((c) => c.type));
    const ids = new Int32Array(rows.length);
    table.findOrInsert(keys, { columns: keys, length: buildRows, sel: rows }, ids);
    const head = new Int32Array(table.size).fill(-1);
    const next = new Int32Array(buildRows).fill(-1);
    chainByIds(rows, ids, head, next);
    return new GenericJoinTable(table, head, next);
  }

  probe(keys: readonly Column[], sel: Int32Array | null, n: number, pairs: PairBuffer, firstOnly: boolean): void {
    if (this.ids.length < n) this.ids = new Int32Array(Math.max(n, 1024));
    const ids = this.ids;
    // the build side holds no NULL key, so a probe key with a NULL finds no id
    this.table.find(keys, { columns: keys, length: sel === null ? n : (keys[0]?.length ?? 0), sel }, ids);
    chainPairsById(ids, this.head, this.next, sel, n, pairs, firstOnly);
  }
}

/** head[id] = first row of id, next[row] = following row of the same id (rows ascending). */
function chainByIds(rows: Int32Array, ids: Int32Array, head: Int32Array, next: Int32Array): void {
  for (let k = rows.length - 1; k >= 0; k--) {
    const row = rows[k] as number;
    const g = ids[k] as number;
    next[row] = head[g] as number;
    head[g] = row;
  }
}

/** Appends the pairs of every probe row whose key id (ids[k], -1 = absent) heads a chain of build rows. */
export function chainPairsById(
  ids: Int32Array,
  head: Int32Array,
  next: Int32Array,
  sel: Int32Array | null,
  n: number,
  pairs: PairBuffer,
  firstOnly: boolean,
): void {
  pairs.reserve(n);
  let p = pairs.p;
  let b = pairs.b;
  let m = pairs.n;
  for (let k = 0; k < n; k++) {
    const g = ids[k] as number;
    if (g < 0) continue;
    const r0 = head[g] as number;
    const i = sel === null ? k : (sel[k] as number);
    if (firstOnly || (next[r0] as number) < 0) {
      p[m] = i;
      b[m] = r0;
      m++;
      continue;
    }
    pairs.n = m;
    for (let r = r0; r >= 0; r = next[r] as number) {
      pairs.reserve(n - k);
      pairs.p[pairs.n] = i;
      pairs.b[pairs.n] = r;
      pairs.n++;
    }
    p = pairs.p;
    b = pairs.b;
    m = pairs.n;
  }
  pairs.n = m;
}
