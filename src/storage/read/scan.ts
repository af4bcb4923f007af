/**
 * A table scan inside one transaction: picks the memtable range and the
 * segments a key range and zone maps cannot rule out, merges them newest-wins
 * (read/merge-runs.ts), and yields Arrow RecordBatches of the requested
 * columns. The memtable and each level-0 segment are separate merge runs; the
 * segments of a deeper level form one run per chain of non-overlapping key
 * ranges (runRanks). A batch that lies inside one segment run is a zero-copy
 * slice; otherwise rows are gathered column by column (read/gather-batch.ts).
 */
import { makeData, RecordBatch, Struct, type Data, type Schema as ArrowSchema } from 'apache-arrow';
import type { ScanOptions } from '../api.js';
import { arrowSchemaOf } from '../arrow/arrow-types.js';
import { gatherRuns, type Column, type Run } from '../arrow/column-ops.js';
import { afterPrefix } from '../codec/key-codec.js';
import { compareBytes } from '../kv/bytes.js';
import { storageError } from '../errors.js';
import { ROWID_NAME, type ColumnDef } from '../catalog/table-record.js';
import { gatherBatch, runList } from './gather-batch.js';
import { mergeRuns, type MergeSource } from './merge-runs.js';
import { readMemtable } from './memtable-rows.js';
import { LazyKeysColumnsSource } from './lazy-keys-source.js';
import type { SegmentEntry, TableView } from './table-view.js';
import { zoneIn, zoneMayMatch } from './zone-prune.js';

export interface ScanCounters {
  /** Segments whose rows were read (not skipped by key range or zone maps). */
  segmentsRead: number;
  segmentsSkipped: number;
}

/** The current columns a scan produces. */
export function resolveColumns(view: TableView, names: readonly string[] | undefined): ColumnDef[] {
  if (names === undefined) return view.physical.filter((c) => !(view.rec.hiddenRowId && c.name === ROWID_NAME));
  return names.map((n) => {
    const c = view.physical.find((x) => x.name === n);
    if (c === undefined) throw storageError('UNKNOWN_COLUMN', `table ${view.rec.name} has no column ${n}`);
    return c;
  });
}

/** Encoded [lo, hi) of the scan's key bounds. */
export function keyRange(view: TableView, options: ScanOptions): { lo?: Uint8Array; hi?: Uint8Array } {
  const out: { lo?: Uint8Array; hi?: Uint8Array } = {};
  if (options.lower && options.lower.values.length > 0) {
    const k = view.encodePrefix(options.lower.values);
    out.lo = options.lower.inclusive ? k : afterPrefix(k);
  }
  if (options.upper && options.upper.values.length > 0) {
    const k = view.encodePrefix(options.upper.values);
    out.hi = options.upper.inclusive ? afterPrefix(k) : k;
  }
  return out;
}

function overlaps(seg: SegmentEntry, lo: Uint8Array | undefined, hi: Uint8Array | undefined): boolean {
  if (lo && compareBytes(seg.maxKey, lo) < 0) return false;
  if (hi && compareBytes(seg.minKey, hi) >= 0) return false;
  return true;
}

function rangesOverlap(a: SegmentEntry, b: SegmentEntry): boolean {
  return compareBytes(a.maxKey, b.minKey) >= 0 && compareBytes(b.maxKey, a.minKey) >= 0;
}

/**
 * Merge ranks of segments given in recency order (level 0 newest first, then
 * each deeper level by first key), numbered from `first`: every level-0
 * segment is its own run; the segments of a level >= 1 share one rank per
 * chain of non-overlapping key ranges (one chain when the level is a single
 * sorted run, as compaction keeps it).
 */
export function runRanks(segs: readonly SegmentEntry[], first: number): number[] {
  const ranks: number[] = new Array(segs.length);
  let next = first;
  let level = -1;
  let chains: { rank: number; high: Uint8Array }[] = [];
  for (let k = 0; k < segs.length; k++) {
    const seg = segs[k]!;
    if (seg.meta.level === 0) {
      ranks[k] = next++;
      continue;
    }
    if (seg.meta.level !== level) {
      level = seg.meta.level;
      chains = [];
    }
    const chain = chains.find((c) => compareBytes(c.high, seg.minKey) < 0);
    if (chain === undefined) {
      chains.push({ rank: next, high: seg.maxKey });
      ranks[k] = next++;
    } else {
      chain.high = seg.maxKey;
      ranks[k] = chain.rank;
    }
  }
  return ranks;
}

/** Struct types by schema: one per scan, not one per batch (building a Struct type maps its fields each time). */
const structOf = new WeakMap<ArrowSchema, Struct>();

/**
 * A RecordBatch of columns that all have `length` rows and the schema's
 * types, without the constructor's checks: `new RecordBatch(schema, data)`
 * re-derives the schema (`ensureSameLengthData` clones it through
 * `schema.assign`, merging metadata maps, and builds a new Struct type) on
 * every batch — a fifth of a warm 4096-row scan's time. The object is the
 * constructor's own shape (schema, data, _metadata on the prototype's class).
 */
function makeBatch(schema: ArrowSchema, columns: readonly Data[], length: number): RecordBatch {
  let type = structOf.get(schema);
  if (type === undefined) {
    type = new Struct(schema.fields);
    structOf.set(schema, type);
  }
  const data = makeData({ type, length, nullCount: 0, children: columns as Data[] });
  if (columns.some((c) => c.length !== length)) return new RecordBatch(schema, data);
  const batch = Object.create(RecordBatch.prototype) as { schema: ArrowSchema; data: Data; _metadata: Map<string, string> };
  batch.schema = schema;
  batch.data = data;
  batch._metadata = new Map();
  return batch as unknown as RecordBatch;
}

export function* scanTable(view: TableView, options: ScanOptions, defaultBatchSize: number, counters?: ScanCounters): Generator<RecordBatch> {
  const targets = resolveColumns(view, options.columns);
  const schema = arrowSchemaOf(targets);
  const batchSize = Math.max(1, options.batchSize ?? defaultBatchSize);
  const { lo, hi } = keyRange(view, options);
  if (lo && hi && compareBytes(lo, hi) >= 0) return;
  const predicates = options.predicates ?? [];
  for (const p of predicates) {
    if (!view.physical.some((c) => c.name === p.column)) throw storageError('UNKNOWN_COLUMN', `table ${view.rec.name} has no column ${p.column}`);
  }

  // Candidate segments in recency order, each either read or (if pruned) mask-only.
  const inRange = view.segments().filter((s) => overlaps(s, lo, hi));
  const keep = inRange.map((s) =>
    predicates.every((p) => {
      const zone = zoneIn(view.rec, s.meta, view.physical.find((c) => c.name === p.column)!);
      return zone === undefined || zoneMayMatch(zone, p);
    }),
  );
  const mem = readMemtable(view, targets, lo, hi);
  type Src = MergeSource & { columns: () => readonly Column[] };
  const sources: Src[] = [];
  if (mem.rows > 0) {
    const del = mem.deleted;
    const keyAt = (i: number): Uint8Array => {
      const off = mem.keys.valueOffsets as Int32Array;
      return (mem.keys.values as Uint8Array).subarray(off[i]!, off[i + 1]!);
    };
    sources.push({
      keys: mem.keys,
      start: 0,
      end: mem.rows,
      bounds: { low: keyAt(0), high: keyAt(mem.rows - 1) },
      deleted: del ? (i) => del[i] === 1 : null,
      emit: true,
      rank: 0,
      columns: () => mem.columns,
    });
  }
  const ranks = runRanks(inRange, 1);
  for (let k = 0; k < inRange.length; k++) {
    const seg = inRange[k]!;
    const emit = keep[k]!;
    if (!emit) {
      // A skipped segment matters only if it hides rows of an older segment that is read.
      const hides = inRange.some((older, j) => j > k && keep[j] && rangesOverlap(seg, older));
      if (counters) counters.segmentsSkipped++;
      if (!hides) continue;
    } else if (counters) counters.segmentsRead++;
    const meta = seg.meta;
    // Keys are read only when a bound cuts into the segment or sources overlap.
    const start = lo && compareBytes(seg.minKey, lo) < 0 ? view.reader.lowerBound(meta, lo) : 0;
    const end = hi && compareBytes(seg.maxKey, hi) >= 0 ? view.reader.lowerBound(meta, hi) : meta.rows;
    const reader = view.reader;
    sources.push(
      new LazyKeysColumnsSource(
        () => reader.keys(meta),
        {
          start,
          end,
          bounds: { low: seg.minKey, high: seg.maxKey },
          deleted: meta.tombstones > 0 ? (i) => reader.isDeleted(meta, i) : null,
          emit,
          rank: ranks[k]!,
        },
        () => targets.map((t) => reader.column(view.rec, meta, t, false)),
      ),
    );
  }

  const runs = mergeRuns(sources);
  const colsOf = new Map<number, readonly Column[]>();
  const columnsOf = (source: number): readonly Column[] => {
    let c = colsOf.get(source);
    if (c === undefined) {
      c = sources[source]!.columns();
      colsOf.set(source, c);
    }
    return c;
  };
  if (options.reverse) {
    const all = [...runs].reverse();
    for (const r of all) {
      for (let end = r.start + r.length; end > r.start; ) {
        const begin = Math.max(r.start, end - batchSize);
        const rows: Run[] = [];
        for (let i = end - 1; i >= begin; i--) rows.push({ source: r.source, start: i, length: 1 });
        const srcCols = columnsOf(r.source);
        yield makeBatch(schema, targets.map((t, j) => gatherRuns(t.type, [srcCols[j]!], rows.map((x) => ({ ...x, source: 0 })))), rows.length);
        end = begin;
      }
    }
    return;
  }

  // Runs of the batch being assembled, in typed arrays (grown on demand: a batch of disjoint
  // sources has one run, so a batch-sized allocation per scan would be mostly wasted zeroing);
  // sources renumbered per batch. 16 runs fit V8's on-heap typed arrays (64 bytes): larger ones
  // get a separately allocated backing store, which cost a small scan more than its merge did.
  const cap = Math.min(batchSize, 16);
  let batchRuns = runList(cap);
  let globalOf = new Int32Array(cap);
  const localOf = new Int32Array(sources.length).fill(-1);
  const batchSources: number[] = [];
  let pendingRows = 0;
  const emitBatch = (): RecordBatch => {
    const n = pendingRows;
    let batch: RecordBatch;
    if (batchRuns.count === 1) {
      const start = batchRuns.start[0]!;
      const cols = columnsOf(globalOf[0]!);
      batch = makeBatch(schema, cols.map((c) => (start === 0 && n === c.length ? c : c.slice(start, n))), n);
    } else {
      const srcCols = batchSources.map((g) => columnsOf(g));
      batch = makeBatch(schema, targets.map((t, j) => gatherBatch(t.type, srcCols.map((c) => c[j]!), batchRuns, n)), n);
    }
    // Drop the columns of sources whose last row has been emitted.
    for (let r = 0; r < batchRuns.count; r++) {
      const g = globalOf[r]!;
      if (batchRuns.start[r]! + batchRuns.length[r]! === sources[g]!.end) colsOf.delete(g);
    }
    for (const g of batchSources) localOf[g] = -1;
    batchSources.length = 0;
    batchRuns.count = 0;
    pendingRows = 0;
    return batch;
  };
  const push = (g: number, start: number, length: number): void => {
    if (batchRuns.count === batchRuns.source.length) {
      const bigger = runList(batchRuns.count * 2);
      bigger.source.set(batchRuns.source);
      bigger.start.set(batchRuns.start);
      bigger.length.set(batchRuns.length);
      bigger.count = batchRuns.count;
      const g2 = new Int32Array(batchRuns.count * 2);
      g2.set(globalOf);
      batchRuns = bigger;
      globalOf = g2;
    }
    let local = localOf[g]!;
    if (local < 0) {
      local = batchSources.length;
      localOf[g] = local;
      batchSources.push(g);
    }
    const r = batchRuns.count++;
    batchRuns.source[r] = local;
    batchRuns.start[r] = start;
    batchRuns.length[r] = length;
    globalOf[r] = g;
    pendingRows += length;
  };
  // A long run starts a batch of its own, so it is a zero-copy slice of its segment (whose column
  // lives in the column heap) instead of being concatenated with the tail of the previous one;
  // short runs (interleaved overlapping sources) are still gathered into full batches.
  const longRun = Math.min(batchSize, 512);
  for (const run of runs) {
    let start = run.start;
    let left = run.length;
    if (pendingRows > 0 && left >= longRun) yield emitBatch();
    while (left > 0) {
      const take = Math.min(left, batchSize - pendingRows);
      push(run.source, start, take);
      start += take;
      left -= take;
      if (pendingRows === batchSize) yield emitBatch();
    }
  }
  if (pendingRows > 0) yield emitBatch();
}
