/**
 * Compaction, level by level, inside the caller's write transaction: all
 * segments of level L merge (newest wins) with the segments of level L+1
 * they overlap, into new level-(L+1) segments cut at `segmentRows` and at the
 * edges of the untouched level-(L+1) segments, so every level >= 1 stays one
 * sorted run. A segment that overlaps nothing just moves down. Tombstones are
 * dropped when nothing lies below. The inputs are deleted in the same
 * transaction that publishes the outputs; readers keep their snapshot.
 */
import { gatherRuns, type Column, type Run } from '../arrow/column-ops.js';
import { currentVersion } from '../catalog/table-record.js';
import { compareByteRanges, compareBytes } from '../kv/bytes.js';
import { mergeRuns, type MergeSource } from '../read/merge-runs.js';
import type { SegmentEntry, TableView } from '../read/table-view.js';
import { encodeMeta, segmentKey } from '../segment/segment-meta.js';
import { writeSegment } from '../segment/segment-writer.js';
import { dropSegment, type LsmContext } from './lsm-context.js';

function overlap(a: SegmentEntry, b: SegmentEntry): boolean {
  return compareBytes(a.maxKey, b.minKey) >= 0 && compareBytes(b.maxKey, a.minKey) >= 0;
}

/** Rows allowed in level L (>= 1) before it is merged into L+1. */
export function levelCapacity(level1Rows: number, level: number): number {
  return level1Rows * 10 ** (level - 1);
}

/** First row in [start, end) of a source whose key is >= bound. */
function cut(keys: Column, start: number, end: number, bound: Uint8Array): number {
  const off = keys.valueOffsets as Int32Array;
  const data = keys.values as Uint8Array;
  let lo = start;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareByteRanges(data, off[mid]!, off[mid + 1]!, bound, 0, bound.length) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Merges level `level` into level+1. Returns the number of segments rewritten or moved. */
export function compactLevel(ctx: LsmContext, view: TableView, level: number): number {
  const all = view.segments();
  const inputs = all.filter((s) => s.meta.level === level);
  if (inputs.length === 0) return 0;
  const below = all.filter((s) => s.meta.level === level + 1);
  const deeper = all.some((s) => s.meta.level > level + 1);
  const keepTombstones = deeper;

  // Trivial moves: an input that overlaps no other input and nothing below.
  const merging: SegmentEntry[] = [];
  const movedDown: SegmentEntry[] = [];
  for (const s of inputs) {
    const alone = !inputs.some((o) => o !== s && overlap(o, s)) && !below.some((b) => overlap(b, s));
    if (alone && (keepTombstones || s.meta.tombstones === 0)) {
      ctx.w.put('segments', segmentKey(s.meta.tableId, s.meta.segId), encodeMeta({ ...s.meta, level: level + 1 }));
      movedDown.push(s);
    } else merging.push(s);
  }
  const moved = movedDown.length;
  if (merging.length === 0) return moved;
  const targets = below.filter((b) => merging.some((s) => overlap(b, s)));
  // Outputs are cut at the first key of every level-(L+1) segment they must not
  // span: the untouched ones below and the ones just moved down. No merged key
  // falls inside such a segment's range (it overlaps no merging input), so
  // cutting at its first key keeps level L+1 one sorted run.
  const boundaries = [...below.filter((b) => !targets.includes(b)), ...movedDown].map((b) => b.minKey).sort(compareBytes);

  const entries = [...merging, ...targets]; // newest first: inputs (recency order), then the level below
  const sources: MergeSource[] = entries.map((s) => ({
    keys: view.reader.keys(s.meta),
    start: 0,
    end: s.meta.rows,
    deleted: s.meta.tombstones > 0 ? (i: number) => view.reader.isDeleted(s.meta, i) : null,
    emit: true,
  }));
  const columns = entries.map((s) => view.physical.map((c) => view.reader.column(view.rec, s.meta, c)));
  const seqMin = Math.min(...entries.map((s) => s.meta.seqMin));
  const seqMax = Math.max(...entries.map((s) => s.meta.seqMax));
  const version = currentVersion(view.rec).version;

  let pending: (Run & { tombstone: boolean })[] = [];
  let pendingRows = 0;
  const emit = (): void => {
    if (pendingRows === 0) return;
    const srcIdx = [...new Set(pending.map((r) => r.source))];
    const local = pending.map((r) => ({ source: srcIdx.indexOf(r.source), start: r.start, length: r.length }));
    const deleted = pending.some((r) => r.tombstone) ? new Uint8Array(pendingRows) : null;
    if (deleted) {
      let at = 0;
      for (const r of pending) {
        if (r.tombstone) deleted.fill(1, at, at + r.length);
        at += r.length;
      }
    }
    const segId = ctx.nextSegId();
    writeSegment(ctx.w, { tableId: view.rec.id, segId, level: level + 1, order: segId, version }, view.physical, {
      keys: gatherRuns('binary', srcIdx.map((s) => sources[s]!.keys), local),
      columns: view.physical.map((c, j) => gatherRuns(c.type, srcIdx.map((s) => columns[s]![j]!), local)),
      deleted,
      seqMin,
      seqMax,
    });
    pending = [];
    pendingRows = 0;
  };

  let b = 0;
  for (const run of mergeRuns(sources, keepTombstones)) {
    let start = run.start;
    const end = run.start + run.length;
    const keys = sources[run.source]!.keys;
    while (start < end) {
      // Cut at the next boundary (the first key of an untouched segment below).
      while (b < boundaries.length && cut(keys, start, start + 1, boundaries[b]!) === start) {
        emit();
        b++;
      }
      let stop = end;
      if (b < boundaries.length) stop = cut(keys, start, end, boundaries[b]!);
      stop = Math.min(stop, start + (ctx.segmentRows - pendingRows));
      pending.push({ source: run.source, start, length: stop - start, tombstone: run.tombstone });
      pendingRows += stop - start;
      start = stop;
      if (pendingRows >= ctx.segmentRows) emit();
    }
  }
  emit();
  for (const s of entries) dropSegment(ctx.w, s.meta);
  return moved + entries.length;
}

/** Compacts whatever the size rules ask for; returns true when something changed. */
export function maybeCompact(ctx: LsmContext, fresh: () => TableView): boolean {
  let view = fresh();
  let changed = false;
  if (view.segments().filter((s) => s.meta.level === 0).length >= ctx.level0Trigger) {
    compactLevel(ctx, view, 0);
    changed = true;
    view = fresh();
  }
  for (let level = 1; ; level++) {
    const rows = view.segments().filter((s) => s.meta.level === level).reduce((n, s) => n + s.meta.rows, 0);
    if (rows === 0 && !view.segments().some((s) => s.meta.level > level)) break;
    if (rows > levelCapacity(ctx.level1Rows, level)) {
      compactLevel(ctx, view, level);
      changed = true;
      view = fresh();
    }
  }
  return changed;
}

/** Merges every level down into the deepest one (at least level 1), dropping tombstones. */
export function compactAll(ctx: LsmContext, fresh: () => TableView): void {
  let view = fresh();
  const deepest = Math.max(1, ...view.segments().map((s) => s.meta.level));
  for (let level = 0; level < deepest; level++) {
    if (view.segments().some((s) => s.meta.level === level)) {
      compactLevel(ctx, view, level);
      view = fresh();
    }
  }
  // Tombstones that survived trivial moves at the bottom are dropped by one more merge pass.
  const bottom = view.segments().filter((s) => s.meta.level === deepest && s.meta.tombstones > 0);
  if (bottom.length > 0) rewriteBottom(ctx, view, deepest);
}

/** Rewrites the bottom level's segments that carry tombstones, without them. */
function rewriteBottom(ctx: LsmContext, view: TableView, level: number): void {
  const version = currentVersion(view.rec).version;
  for (const s of view.segments().filter((x) => x.meta.level === level && x.meta.tombstones > 0)) {
    const runs: Run[] = [];
    for (let i = 0; i < s.meta.rows; ) {
      let j = i;
      while (j < s.meta.rows && !view.reader.isDeleted(s.meta, j)) j++;
      if (j > i) runs.push({ source: 0, start: i, length: j - i });
      i = j + 1;
    }
    if (runs.length > 0) {
      const segId = ctx.nextSegId();
      writeSegment(ctx.w, { tableId: view.rec.id, segId, level, order: segId, version }, view.physical, {
        keys: gatherRuns('binary', [view.reader.keys(s.meta)], runs),
        columns: view.physical.map((c) => gatherRuns(c.type, [view.reader.column(view.rec, s.meta, c)], runs)),
        deleted: null,
        seqMin: s.meta.seqMin,
        seqMax: s.meta.seqMax,
      });
    }
    dropSegment(ctx.w, s.meta);
  }
}
