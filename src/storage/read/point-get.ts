/**
 * Point lookup by full primary key: the memtable first, then segments newest
 * first, each ruled out by key range and bloom filter before its keys are
 * searched. A tombstone found first means the row is deleted.
 */
import type { Scalar } from '../../types/data-type.js';
import type { Row } from '../api.js';
import { valueAt } from '../arrow/column-ops.js';
import { castScalar, migrationFrom, type ColumnSource } from '../catalog/migration.js';
import type { StoredType } from '../arrow/arrow-types.js';
import { physicalColumns, ROWID_NAME, versionOf, type ColumnDef, type TableRecord } from '../catalog/table-record.js';
import { decodeValues, entryOp, entryVersion, OP_DELETE } from '../codec/row-codec.js';
import { compareBytes } from '../kv/bytes.js';
import type { TableView } from './table-view.js';
import { setOwn } from '../../util/set-own.js';

export type Located =
  | { readonly kind: 'memtable'; readonly entry: Uint8Array }
  | { readonly kind: 'segment'; readonly segment: number; readonly row: number }
  | { readonly kind: 'deleted' }
  | { readonly kind: 'absent' };

/** Where the newest version of an encoded key lives. */
export function locate(view: TableView, key: Uint8Array): Located {
  const entry = view.memtableKnownEmpty() ? undefined : view.kv.get('memtable', view.memLookupKey(key));
  if (entry !== undefined) return entryOp(entry) === OP_DELETE ? { kind: 'deleted' } : { kind: 'memtable', entry };
  const segs = view.segments();
  for (let s = 0; s < segs.length; s++) {
    const seg = segs[s]!;
    if (compareBytes(key, seg.minKey) < 0 || compareBytes(key, seg.maxKey) > 0) continue;
    if (!view.reader.bloom(seg.meta).mayContain(key)) continue;
    const row = view.reader.find(seg.meta, key);
    if (row < 0) continue;
    return view.reader.isDeleted(seg.meta, row) ? { kind: 'deleted' } : { kind: 'segment', segment: s, row };
  }
  return { kind: 'absent' };
}

/*
 * Everything below that depends only on the table record is memoized by the
 * record (immutable, shared by every snapshot through the layout cache; a DDL
 * change is a new record), not by the view: a view lives for one snapshot, and
 * a point query is often the only read its snapshot makes.
 */
const visibleMemo = new WeakMap<TableRecord, readonly ColumnDef[]>();

interface RowPlan {
  readonly types: readonly StoredType[];
  readonly picks: readonly { readonly name: string; readonly index: number; readonly source: ColumnSource }[];
}

const planMemo = new WeakMap<TableRecord, Map<number, RowPlan>>();

/** How a memtable row written under `version` becomes a row of the view's current columns. */
function planFor(view: TableView, version: number): RowPlan {
  let plans = planMemo.get(view.rec);
  if (plans === undefined) {
    plans = new Map();
    planMemo.set(view.rec, plans);
  }
  let plan = plans.get(version);
  if (plan === undefined) {
    const cols = physicalColumns(view.rec, versionOf(view.rec, version));
    const targets = visibleColumns(view);
    const sources = migrationFrom(view.rec, versionOf(view.rec, version), targets);
    plan = {
      types: cols.map((c) => c.type),
      picks: targets.map((t, j) => {
        const source = sources[j]!;
        return { name: t.name, source, index: source.kind === 'copy' ? cols.findIndex((c) => c.colId === source.colId) : -1 };
      }),
    };
    plans.set(version, plan);
  }
  return plan;
}

function visibleColumns(view: TableView): readonly ColumnDef[] {
  let v = visibleMemo.get(view.rec);
  if (v === undefined) {
    v = view.rec.hiddenRowId ? view.physical.filter((c) => c.name !== ROWID_NAME) : view.physical;
    visibleMemo.set(view.rec, v);
  }
  return v;
}

const keyScratch = new BigInt64Array(1);
const keyBytes = new Uint8Array(keyScratch.buffer);
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** The value of a single int64/timestamp key from its 9-byte encoding (tag, big-endian, sign bit flipped). */
function int64OfKey(key: Uint8Array): bigint {
  for (let i = 0; i < 8; i++) keyBytes[LITTLE_ENDIAN ? 7 - i : i] = key[1 + i]!;
  keyBytes[LITTLE_ENDIAN ? 7 : 0] = keyBytes[LITTLE_ENDIAN ? 7 : 0]! ^ 0x80;
  return keyScratch[0]!;
}

const keyTargetMemo = new WeakMap<TableRecord, number>();

/** Index among the visible columns of a single int64/timestamp key column (read from the key, not the segment), or -1. */
function int64KeyTarget(view: TableView): number {
  let k = keyTargetMemo.get(view.rec);
  if (k === undefined) {
    const key = view.keyDefs.length === 1 ? view.keyDefs[0]! : undefined;
    k = key !== undefined && (key.type === 'int64' || key.type === 'timestamp') ? visibleColumns(view).findIndex((c) => c.colId === key.colId) : -1;
    keyTargetMemo.set(view.rec, k);
  }
  return k;
}

/** The row of an encoded key as an object of the current visible columns. */
export function readRow(view: TableView, key: Uint8Array): Row | undefined {
  const where = locate(view, key);
  const targets = visibleColumns(view);
  switch (where.kind) {
    case 'absent':
    case 'deleted':
      return undefined;
    case 'memtable': {
      const plan = planFor(view, entryVersion(where.entry));
      const values = decodeValues(where.entry, plan.types);
      const row: Record<string, Scalar> = {};
      for (let j = 0; j < plan.picks.length; j++) {
        const { name, index, source } = plan.picks[j]!;
        setOwn(row, name, source.kind === 'default' ? source.value : castScalar(values[index]!, source.from, source.to));
      }
      return row;
    }
    case 'segment': {
      // Only the columns read are fetched (the reader memoizes them for this snapshot's later reads).
      const meta = view.segments()[where.segment]!.meta;
      const fromKey = key.length === 9 ? int64KeyTarget(view) : -1;
      const row: Record<string, Scalar> = {};
      for (let j = 0; j < targets.length; j++) {
        const t = targets[j]!;
        setOwn(row, t.name, j === fromKey ? int64OfKey(key) : valueAt(t.type, view.reader.column(view.rec, meta, t), where.row));
      }
      return row;
    }
  }
}
