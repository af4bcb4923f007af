/**
 * Planner statistics of a table: the exact live row count (a merge of the
 * key columns only), segment count, and per-column min / max / null count
 * merged from the zone maps and the memtable (an upper envelope: values of
 * overwritten or deleted rows may still widen it).
 */
import type { Scalar } from '../../types/data-type.js';
import type { TableStats } from '../api.js';
import { compareValues } from '../../types/value-order.js';
import { zoneOf, type Column } from '../arrow/column-ops.js';
import { ROWID_NAME } from '../catalog/table-record.js';
import { readMemtable } from './memtable-rows.js';
import { LazyKeysSource } from './lazy-keys-source.js';
import { mergeRuns, type MergeSource } from './merge-runs.js';
import { runRanks } from './scan.js';
import type { TableView } from './table-view.js';
import { zoneIn } from './zone-prune.js';

export function tableStats(view: TableView): TableStats {
  const targets = view.physical.filter((c) => !(view.rec.hiddenRowId && c.name === ROWID_NAME));
  const segs = view.segments();
  const mem = readMemtable(view, targets);
  let memDeletes = 0;
  if (mem.deleted) for (const d of mem.deleted) memDeletes += d;
  const memDeleted = mem.deleted;
  // Ranked and bounded as in scans, so disjoint sources count without reading their keys.
  const sources: MergeSource[] = [];
  if (mem.rows > 0) {
    const off = mem.keys.valueOffsets as Int32Array;
    const bytes = mem.keys.values as Uint8Array;
    sources.push({
      keys: mem.keys,
      start: 0,
      end: mem.rows,
      bounds: { low: bytes.subarray(off[0]!, off[1]!), high: bytes.subarray(off[mem.rows - 1]!, off[mem.rows]!) },
      deleted: memDeleted ? (i) => memDeleted[i] === 1 : null,
      emit: true,
      rank: 0,
    });
  }
  const ranks = runRanks(segs, 1);
  segs.forEach((s, k) => {
    const reader = view.reader;
    sources.push(
      new LazyKeysSource(() => reader.keys(s.meta), {
        start: 0,
        end: s.meta.rows,
        bounds: { low: s.minKey, high: s.maxKey },
        deleted: s.meta.tombstones > 0 ? (i: number) => reader.isDeleted(s.meta, i) : null,
        emit: true,
        rank: ranks[k]!,
      }),
    );
  });
  let rowCount = 0;
  for (const run of mergeRuns(sources)) rowCount += run.length;
  const columns: Record<string, { min: Scalar; max: Scalar; nullCount: number; distinctEstimate?: number }> = {};
  targets.forEach((t, j) => {
    let min: Scalar = null;
    let max: Scalar = null;
    let nullCount = 0;
    const fold = (zmin: Scalar, zmax: Scalar, nulls: number): void => {
      nullCount += nulls;
      if (zmin !== null && (min === null || compareValues(zmin, min) < 0)) min = zmin;
      if (zmax !== null && (max === null || compareValues(zmax, max) > 0)) max = zmax;
    };
    for (const s of segs) {
      const z = zoneIn(view.rec, s.meta, t);
      if (z) fold(z.min, z.max, Math.max(0, z.nullCount - s.meta.tombstones));
    }
    if (mem.rows > 0) {
      const z = zoneOf(t.type, mem.columns[j]!);
      fold(z.min, z.max, Math.max(0, z.nullCount - memDeletes));
    }
    const isKey = view.rec.keyColIds.length === 1 && view.rec.keyColIds[0] === t.colId;
    columns[t.name] = isKey ? { min, max, nullCount, distinctEstimate: rowCount } : { min, max, nullCount };
  });
  return { rowCount, segmentCount: segs.length, memtableRows: mem.rows, columns };
}
