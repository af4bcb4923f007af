/**
 * The LSM merge: given sorted sources (memtable, segments) ranked by recency,
 * produce the rows of the merged view in key order as runs of consecutive
 * rows of one source; for a key present in several sources only the newest
 * counts. Mask-only sources (segments skipped by zone maps) still hide older
 * versions of their keys but emit nothing. When source ranges do not overlap
 * the merge is a concatenation without per-row comparisons.
 */
import { compareByteRanges, compareBytes } from '../kv/bytes.js';
import type { Column, Run } from '../arrow/column-ops.js';

export interface MergeSource {
  /** Binary column of sorted unique encoded keys (may be a lazy getter: the fast path never reads it). */
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
}

export interface MergedRun extends Run {
  /** True when the run's rows are tombstones (only produced with keepTombstones). */
  readonly tombstone: boolean;
}

function keyCompare(a: MergeSource, i: number, b: MergeSource, j: number): number {
  const ao = a.keys.valueOffsets as Int32Array;
  const bo = b.keys.valueOffsets as Int32Array;
  return compareByteRanges(a.keys.values as Uint8Array, ao[i]!, ao[i + 1]!, b.keys.values as Uint8Array, bo[j]!, bo[j + 1]!);
}

/** Splits rows [start, end) of one source into runs of live rows and tombstone runs. */
function* splitByTombstones(s: MergeSource, source: number, start: number, end: number, keepTombstones: boolean): Generator<MergedRun> {
  if (s.deleted === null) {
    if (end > start) yield { source, start, length: end - start, tombstone: false };
    return;
  }
  let i = start;
  while (i < end) {
    const dead = s.deleted(i);
    let j = i + 1;
    while (j < end && s.deleted(j) === dead) j++;
    if (!dead || keepTombstones) yield { source, start: i, length: j - i, tombstone: dead };
    i = j;
  }
}

/** Sources are given newest first (index = recency rank). */
export function* mergeRuns(sources: readonly MergeSource[], keepTombstones = false): Generator<MergedRun> {
  const live = sources.map((s, i) => ({ s, i })).filter(({ s }) => s.end > s.start);
  // Fast path: pairwise disjoint key ranges -> concatenate in key order.
  let byFirst: typeof live;
  let disjoint = true;
  if (live.every(({ s }) => s.bounds !== undefined)) {
    byFirst = [...live].sort((x, y) => compareBytes(x.s.bounds!.low, y.s.bounds!.low));
    for (let k = 1; k < byFirst.length && disjoint; k++) {
      if (compareBytes(byFirst[k - 1]!.s.bounds!.high, byFirst[k]!.s.bounds!.low) >= 0) disjoint = false;
    }
  } else {
    byFirst = [...live].sort((x, y) => keyCompare(x.s, x.s.start, y.s, y.s.start));
    for (let k = 1; k < byFirst.length && disjoint; k++) {
      const prev = byFirst[k - 1]!.s;
      const next = byFirst[k]!.s;
      if (keyCompare(prev, prev.end - 1, next, next.start) >= 0) disjoint = false;
    }
  }
  if (disjoint) {
    for (const { s, i } of byFirst) if (s.emit) yield* splitByTombstones(s, i, s.start, s.end, keepTombstones);
    return;
  }
  // General path: repeatedly take the smallest key; the lowest rank holding it wins.
  const pos = sources.map((s) => s.start);
  let current: MergedRun | undefined;
  for (;;) {
    let best = -1;
    for (let k = 0; k < sources.length; k++) {
      if (pos[k]! >= sources[k]!.end) continue;
      if (best < 0 || keyCompare(sources[k]!, pos[k]!, sources[best]!, pos[best]!) < 0) best = k;
    }
    if (best < 0) break;
    const winner = sources[best]!;
    const row = pos[best]!;
    for (let k = best + 1; k < sources.length; k++) {
      if (pos[k]! < sources[k]!.end && keyCompare(sources[k]!, pos[k]!, winner, row) === 0) pos[k]!++;
    }
    pos[best]!++;
    if (!winner.emit) continue;
    const dead = winner.deleted !== null && winner.deleted(row);
    if (dead && !keepTombstones) continue;
    if (current && current.source === best && current.start + current.length === row && current.tombstone === dead) {
      (current as { length: number }).length++;
    } else {
      if (current) yield current;
      current = { source: best, start: row, length: 1, tombstone: dead };
    }
  }
  if (current) yield current;
}
