/**
 * Reading a key range of a table's memtable into columns: every entry is
 * decoded under the schema version it was written with and migrated to the
 * requested columns of the current version. The result is a sorted source
 * for the LSM merge (and the input of a flush).
 */
import type { Scalar } from '../../types/data-type.js';
import { columnFromValues, type Column } from '../arrow/column-ops.js';
import { castScalar, migrationFrom, type ColumnSource } from '../catalog/migration.js';
import { physicalColumns, versionOf, type ColumnDef } from '../catalog/table-record.js';
import { decodeEntry, OP_DELETE } from '../codec/row-codec.js';
import type { StoredType } from '../arrow/arrow-types.js';
import { concatBytes, prefixEnd } from '../kv/bytes.js';
import type { TableView } from './table-view.js';

export interface ColumnarRows {
  readonly rows: number;
  readonly keys: Column;
  /** Per row 1 = tombstone; null when none. */
  readonly deleted: Uint8Array | null;
  readonly columns: readonly Column[];
  readonly seqMin: number;
  readonly seqMax: number;
}

interface VersionPlan {
  readonly types: readonly StoredType[];
  readonly picks: readonly { readonly index: number; readonly source: ColumnSource }[];
}

/** Memtable rows with encoded keys in [lo, hi) (whole table when absent). */
export function readMemtable(view: TableView, targets: readonly ColumnDef[], lo?: Uint8Array, hi?: Uint8Array): ColumnarRows {
  const prefix = view.memPrefix;
  const start = lo ? concatBytes([prefix, lo]) : prefix;
  const end = hi ? concatBytes([prefix, hi]) : prefixEnd(prefix)!;
  const plans = new Map<number, VersionPlan>();
  const planFor = (version: number): VersionPlan => {
    let p = plans.get(version);
    if (p === undefined) {
      const v = versionOf(view.rec, version);
      const cols = physicalColumns(view.rec, v);
      const sources = migrationFrom(view.rec, v, targets);
      p = {
        types: cols.map((c) => c.type),
        picks: sources.map((source) => ({ source, index: source.kind === 'copy' ? cols.findIndex((c) => c.colId === source.colId) : -1 })),
      };
      plans.set(version, p);
    }
    return p;
  };
  const keys: Uint8Array[] = [];
  const cols: Scalar[][] = targets.map(() => []);
  const deleted: number[] = [];
  let anyDeleted = false;
  let seqMin = Infinity;
  let seqMax = -Infinity;
  for (const { key, value } of view.kv.range('memtable', { start, end })) {
    const entry = decodeEntry(value, (v) => planFor(v).types);
    keys.push(key.subarray(prefix.length));
    if (entry.seq < seqMin) seqMin = entry.seq;
    if (entry.seq > seqMax) seqMax = entry.seq;
    if (entry.op === OP_DELETE) {
      anyDeleted = true;
      deleted.push(1);
      for (const c of cols) c.push(null);
      continue;
    }
    deleted.push(0);
    const plan = planFor(entry.version);
    for (let j = 0; j < plan.picks.length; j++) {
      const { index, source } = plan.picks[j]!;
      cols[j]!.push(source.kind === 'default' ? source.value : castScalar(entry.values[index]!, source.from, source.to));
    }
  }
  return {
    rows: keys.length,
    keys: columnFromValues('binary', keys),
    deleted: anyDeleted ? Uint8Array.from(deleted) : null,
    columns: targets.map((t, j) => columnFromValues(t.type, cols[j]!)),
    seqMin: keys.length ? seqMin : 0,
    seqMax: keys.length ? seqMax : 0,
  };
}
