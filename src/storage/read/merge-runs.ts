/**
 * The LSM merge: given sorted sources (memtable, segments) ranked by recency,
 * produce the rows of the merged view in key order as runs of consecutive
 * rows of one source; for a key present in several sources only the newest
 * counts. Sources that share a rank form one sorted run (e.g. the segments of
 * one level >= 1) and are read one after the other by a single cursor, so the
 * merge costs O(rows x log(runs)): a binary heap of cursors ordered by
 * (current key, rank). Mask-only sources (segments skipped by zone maps)
 * still hide older versions of their keys but emit nothing.
 *
 * A cursor standing at the start of a source with known bounds uses the low
 * bound as its key without reading the keys; a whole source that lies below
 * every other cursor goes out as one run unread, so disjoint sources are a
 * plain concatenation. Otherwise the leading cursor gallops: it emits rows up
 * to the runner-up's key in one run. Keys compare by a float64 of the 6 bytes
 * after the prefix all keys share, falling back to bytes on ties.
 */
import { compareByteRanges, compareBytes } from '../kv/bytes.js';
import type { Column, Run } from '../arrow/column-ops.js';

export interface MergeSource {
  /** Binary column of sorted unique encoded keys (may be a lazy getter: read only when the source overlaps another). */
  readonly keys: Column;
  /** Inclusive bounds of the keys in [start, end), when known without reading the keys. */
  readonly bounds?: { readonly low: Uint8Array; readonly high: Uint8Array };
  /** Row range [start, end) to consider. */
  readonly start: number;
  readonly end: number;
  /** Tombstone test for a row, or null when the source has none. */
  readonly deleted: ((row: number) => boolean) | null;
  /** False: the source only hides older rows (its rows are never emitted). */
  readonly emit: boolean;
  /**
   * Recency rank (lower is newer); the source's index when absent. Sources
   * with the same rank form one sorted run: they must be listed in key order
   * and their key ranges must not overlap.
   */
  readonly rank?: number;
}

export interface MergedRun extends Run {
  /** True when the run's rows are tombstones (only produced with keepTombstones). */
  readonly tombstone: boolean;
}

const WIDTH = 6;

/** The bytes [from, from + 6) of a key (0 past its end) as an exact float64. */
function pack(data: Uint8Array, from: number, end: number): number {
  let v = 0;
  for (let i = 0; i < WIDTH; i++) {
    const at = from + i;
    v = v * 256 + (at < end ? data[at]! : 0);
  }
  return v;
}

/** One sorted run: its sources in key order, a position, and the current key (exact, or a lower bound). */
interface Cursor {
  readonly rank: number;
  readonly parts: readonly number[];
  part: number;
  /** The current source (parts[part]), its end row, and its keys once read. */
  src: number;
  end: number;
  off: Int32Array | undefined;
  data: Uint8Array | undefined;
  pos: number;
  /** True: (kd, ks, ke) is the key of row pos; false: it is the low bound of the current source. */
  exact: boolean;
  kd: Uint8Array;
  ks: number;
  ke: number;
  head: number;
}

function cursorCompare(a: Cursor, b: Cursor): number {
  if (a.head !== b.head) return a.head < b.head ? -1 : 1;
  const c = compareByteRanges(a.kd, a.ks, a.ke, b.kd, b.ks, b.ke);
  return c !== 0 ? c : a.rank - b.rank;
}

/** Length of the prefix every key of the sources shares (from the smallest low and largest high). */
function sharedPrefix(sources: readonly MergeSource[]): number {
  let low: Uint8Array | undefined;
  let high: Uint8Array | undefined;
  for (const s of sources) {
    if (s.end <= s.start) continue;
    let lo: Uint8Array;
    let hi: Uint8Array;
    if (s.bounds !== undefined) {
      lo = s.bounds.low;
      hi = s.bounds.high;
    } else {
      const off = s.keys.valueOffsets as Int32Array;
      const data = s.keys.values as Uint8Array;
      lo = data.subarray(off[s.start]!, off[s.start + 1]!);
      hi = data.subarray(off[s.end - 1]!, off[s.end]!);
    }
    if (low === undefined || compareBytes(lo, low) < 0) low = lo;
    if (high === undefined || compareBytes(hi, high) > 0) high = hi;
  }
  if (low === undefined || high === undefined) return 0;
  const n = Math.min(low.length, high.length);
  let p = 0;
  while (p < n && low[p] === high[p]) p++;
  return p;
}

/** Sources are given newest first (index = recency rank unless `rank` says otherwise). */
export function* mergeRuns(sources: readonly MergeSource[], keepTombstones = false): Generator<MergedRun> {
  const prefix = sharedPrefix(sources);
  const byRank = new Map<number, number[]>();
  sources.forEach((s, i) => {
    if (s.end <= s.start) return;
    const rank = s.rank ?? i;
    const parts = byRank.get(rank);
    if (parts === undefined) byRank.set(rank, [i]);
    else parts.push(i);
  });

  const setExact = (c: Cursor): void => {
    if (c.off === undefined) {
      const keys = sources[c.src]!.keys;
      c.off = keys.valueOffsets as Int32Array;
      c.data = keys.values as Uint8Array;
    }
    c.kd = c.data!;
    c.ks = c.off[c.pos]!;
    c.ke = c.off[c.pos + 1]!;
    c.exact = true;
    c.head = pack(c.kd, c.ks + prefix, c.ke);
  };
  /** Positions the cursor at the start of its current source. */
  const enterPart = (c: Cursor): void => {
    const s = sources[c.parts[c.part]!]!;
    c.src = c.parts[c.part]!;
    c.end = s.end;
    c.off = undefined;
    c.data = undefined;
    c.pos = s.start;
    if (s.bounds !== undefined) {
      const low = s.bounds.low;
      c.kd = low;
      c.ks = 0;
      c.ke = low.length;
      c.exact = false;
      c.head = pack(low, prefix, low.length);
    } else setExact(c);
  };
  /** Moves to row `row` of the current source, or on to the next source; false when the cursor is done. */
  const moveTo = (c: Cursor, row: number): boolean => {
    if (row < c.end) {
      c.pos = row;
      setExact(c);
      return true;
    }
    if (++c.part >= c.parts.length) return false;
    enterPart(c);
    return true;
  };

  const heap: Cursor[] = [];
  for (const [rank, parts] of byRank) {
    const c: Cursor = { rank, parts, part: 0, src: 0, end: 0, off: undefined, data: undefined, pos: 0, exact: false, kd: new Uint8Array(0), ks: 0, ke: 0, head: 0 };
    enterPart(c);
    heap.push(c);
  }
  const siftDown = (i: number): void => {
    const n = heap.length;
    const c = heap[i]!;
    for (;;) {
      let k = 2 * i + 1;
      if (k >= n) break;
      if (k + 1 < n && cursorCompare(heap[k + 1]!, heap[k]!) < 0) k++;
      if (cursorCompare(heap[k]!, c) >= 0) break;
      heap[i] = heap[k]!;
      i = k;
    }
    heap[i] = c;
  };
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i);
  /** Advances the top cursor to `row` (or its next source) and restores the heap. */
  const advanceTop = (row: number): void => {
    const c = heap[0]!;
    if (!moveTo(c, row)) {
      const last = heap.pop()!;
      if (heap.length === 0) return;
      heap[0] = last;
    }
    siftDown(0);
  };

  // The last key consumed (emitted or hidden): an older source's row with this key is skipped.
  let lastData: Uint8Array | undefined;
  let lastStart = 0;
  let lastEnd = 0;
  let lastHead = -1;
  let current: MergedRun | undefined;
  const done: MergedRun[] = [];
  /** Adds rows [start, end) of source `source` to the output, split at tombstone edges. */
  const take = (source: number, start: number, end: number): void => {
    const s = sources[source]!;
    if (!s.emit) return;
    let i = start;
    while (i < end) {
      const dead = s.deleted !== null && s.deleted(i);
      let j = i + 1;
      if (s.deleted !== null) while (j < end && s.deleted(j) === dead) j++;
      else j = end;
      if (!dead || keepTombstones) {
        if (current !== undefined && current.source === source && current.start + current.length === i && current.tombstone === dead) {
          (current as { length: number }).length += j - i;
        } else {
          if (current !== undefined) done.push(current);
          current = { source, start: i, length: j - i, tombstone: dead };
        }
      }
      i = j;
    }
  };

  while (heap.length > 0) {
    const top = heap[0]!;
    const source = top.src;
    // The runner-up: its key is at most every other cursor's key.
    const r = heap.length > 2 ? (cursorCompare(heap[2]!, heap[1]!) < 0 ? heap[2]! : heap[1]!) : heap[1];
    if (!top.exact) {
      // A source entirely above the last key and below the runner-up goes out whole, unread.
      const high = sources[source]!.bounds!.high;
      const aboveLast = lastData === undefined || compareByteRanges(top.kd, top.ks, top.ke, lastData, lastStart, lastEnd) > 0;
      if (aboveLast && (r === undefined || compareByteRanges(high, 0, high.length, r.kd, r.ks, r.ke) < 0)) {
        take(source, top.pos, top.end);
        lastData = high;
        lastStart = 0;
        lastEnd = high.length;
        lastHead = pack(high, prefix, high.length);
        advanceTop(top.end);
        if (done.length > 0) {
          yield* done;
          done.length = 0;
        }
      } else {
        setExact(top);
        siftDown(0);
      }
      continue;
    }
    if (top.head === lastHead && compareByteRanges(top.kd, top.ks, top.ke, lastData!, lastStart, lastEnd) === 0) {
      advanceTop(top.pos + 1); // an older version of a key already decided
      continue;
    }
    // Every other cursor's key (or lower bound) is >= top's, and on a tie it is older: top's row wins.
    // Its rows below the runner-up's key are in no other source: gallop to the first row >= it.
    const off = top.off!;
    const data = top.data!;
    const end = top.end;
    let stop = end;
    if (r !== undefined) {
      const rHead = r.head;
      const rd = r.kd;
      const rs = r.ks;
      const re = r.ke;
      /** Is row's key below the runner-up's key? */
      const below = (row: number): boolean => {
        const h = pack(data, off[row]! + prefix, off[row + 1]!);
        if (h !== rHead) return h < rHead;
        return compareByteRanges(data, off[row]!, off[row + 1]!, rd, rs, re) < 0;
      };
      if (!below(end - 1)) {
        let lo = top.pos + 1; // rows < lo are below
        let step = 1;
        let hi = lo; // first candidate not yet known to be below
        while (hi < end && below(hi)) {
          lo = hi + 1;
          hi = top.pos + (step *= 2);
        }
        if (hi > end) hi = end;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (below(mid)) lo = mid + 1;
          else hi = mid;
        }
        stop = lo;
      }
    }
    take(source, top.pos, stop);
    lastData = data;
    lastStart = off[stop - 1]!;
    lastEnd = off[stop]!;
    lastHead = stop === top.pos + 1 ? top.head : pack(data, lastStart + prefix, lastEnd);
    advanceTop(stop);
    if (done.length > 0) {
      yield* done;
      done.length = 0;
    }
  }
  if (current) yield current;
}
