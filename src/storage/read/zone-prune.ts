/**
 * Segment skipping: can a segment hold a row satisfying a conjunctive list of
 * ZonePredicates, judging only by its zone maps (min, max, null count of each
 * column, seen through the schema migration)? False means skip it.
 */
import type { Scalar } from '../../types/data-type.js';
import { assertNever } from '../../errors/pyralog-error.js';
import type { ZonePredicate } from '../api.js';
import { compareValues } from '../../types/value-order.js';
import { castScalar, migrationFrom } from '../catalog/migration.js';
import { versionOf, type ColumnDef, type TableRecord } from '../catalog/table-record.js';
import { scalarFromJson } from '../codec/scalar-json.js';
import type { SegmentMeta } from '../segment/segment-meta.js';
import type { StoredType } from '../arrow/arrow-types.js';

export interface Zone {
  readonly min: Scalar;
  readonly max: Scalar;
  readonly nullCount: number;
  readonly rows: number;
}

/** Casts that keep order, so a zone's min/max can be cast too. */
function monotone(from: StoredType, to: StoredType): boolean {
  return from === to || (from === 'int64' && to === 'float64') || (from === 'date' && to === 'timestamp') || (from === 'bool' && to === 'int64');
}

/** The zone of a current column in a segment, or undefined when unknown. */
export function zoneIn(rec: TableRecord, meta: SegmentMeta, target: ColumnDef): Zone | undefined {
  const [source] = migrationFrom(rec, versionOf(rec, meta.version), [target]);
  if (source!.kind === 'default') {
    const v = source!.value;
    return { min: v, max: v, nullCount: v === null ? meta.rows : 0, rows: meta.rows };
  }
  const cm = meta.columns.find((c) => c.colId === source!.colId);
  if (cm === undefined || !monotone(source!.from, source!.to)) return undefined;
  if (source!.from === 'float64' && cm.order !== 1) return undefined; // written before NaN counted in zones
  const cast = (j: Parameters<typeof scalarFromJson>[0]): Scalar => castScalar(scalarFromJson(j), source!.from, (source as { to: StoredType }).to);
  return { min: cast(cm.min), max: cast(cm.max), nullCount: cm.nullCount, rows: meta.rows };
}

/** The one value order (NaN above every number, int64 vs float64 exact), as filters use it. */
const cmp = compareValues;

/** May a row in this zone satisfy the predicate? */
export function zoneMayMatch(zone: Zone, p: ZonePredicate): boolean {
  const hasValues = zone.nullCount < zone.rows && zone.min !== null && zone.max !== null;
  switch (p.op) {
    case 'is_null':
      return zone.nullCount > 0;
    case 'is_not_null':
      return zone.nullCount < zone.rows;
    case 'in':
      return (p.values ?? []).some((v) => zoneMayMatch(zone, { column: p.column, op: '=', value: v }));
    default:
      break;
  }
  const v = p.value;
  if (v === null || v === undefined) return false; // comparisons with NULL are never true
  if (!hasValues) return false;
  switch (p.op) {
    case '=':
      return cmp(zone.min, v) <= 0 && cmp(zone.max, v) >= 0;
    case '!=':
      return !(cmp(zone.min, v) === 0 && cmp(zone.max, v) === 0);
    case '<':
      return cmp(zone.min, v) < 0;
    case '<=':
      return cmp(zone.min, v) <= 0;
    case '>':
      return cmp(zone.max, v) > 0;
    case '>=':
      return cmp(zone.max, v) >= 0;
    default:
      return assertNever(p.op, 'predicate op');
  }
}
