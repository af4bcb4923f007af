/**
 * EXPLAIN text for a physical plan: the logical tree with each scan's access
 * path and each join's strategy inline, and row estimates when known, e.g.
 *   Join inner: eq(#0 id, #2 id) [hash build=right] rows≈120
 *     Scan: orders [id, total] [key_range [5..] zone: total > 10.0] rows≈1000
 */
import { assertNever } from '../../errors/pyralog-error.js';
import type { DataType } from '../../types/data-type.js';
import type { Schema } from '../../types/schema.js';
import { printScalar, printPlan } from '../ir/print.js';
import type { Rel } from '../ir/rel.js';
import type { Estimator } from './estimate.js';
import type { AccessPath, AccessPathOf, KeyBoundOf, PhysicalPlan, PlanValue, PredicateOf } from './plan.js';

/** The type of a table column by name (dates and timestamps then print as such), when known. */
export type ColumnTypeOf = (column: string) => DataType | undefined;

function printer(typeOf: ColumnTypeOf, key: readonly string[]) {
  const value = (v: PlanValue, column: string | undefined): string =>
    v !== null && typeof v === 'object' && !(v instanceof Uint8Array) && 'kind' in v
      ? `$${v.name}`
      : printScalar(v, column === undefined ? undefined : typeOf(column));
  const tuple = (values: readonly PlanValue[], column?: string): string =>
    `(${values.map((v, i) => value(v, column ?? key[i])).join(', ')})`;
  const zone = (p: PredicateOf<PlanValue>): string => {
    if (p.op === 'is_null' || p.op === 'is_not_null') return `${p.column} ${p.op.replaceAll('_', ' ')}`;
    if (p.op === 'in') return `${p.column} in ${tuple(p.values ?? [], p.column)}`;
    return `${p.column} ${p.op} ${value(p.value ?? null, p.column)}`;
  };
  const bound = (b: KeyBoundOf<PlanValue> | undefined, side: 'lower' | 'upper'): string => {
    if (b === undefined) return '';
    const op = side === 'lower' ? (b.inclusive ? '>=' : '>') : b.inclusive ? '<=' : '<';
    return `${op}${tuple(b.values)}`;
  };
  return { tuple, zone, bound };
}

function printPath(a: AccessPathOf<PlanValue>, typeOf: ColumnTypeOf, key: readonly string[]): string {
  const { tuple, zone, bound } = printer(typeOf, key);
  switch (a.kind) {
    case 'point_get':
      return a.keys.length === 0 ? 'point_get none' : `point_get ${a.keys.map((k) => tuple(k)).join(' ')}`;
    case 'key_range': {
      const zones = a.predicates.length === 0 ? '' : ` zone: ${a.predicates.map(zone).join(' and ')}`;
      return `key_range ${[bound(a.lower, 'lower'), bound(a.upper, 'upper')].filter((s) => s !== '').join(' ')}${zones}`;
    }
    case 'full_scan':
      return a.predicates.length === 0 ? 'full_scan' : `full_scan zone: ${a.predicates.map(zone).join(' and ')}`;
    case 'empty':
      return 'empty';
    default:
      return assertNever(a, 'access path');
  }
}

/**
 * An access path as text, e.g. `key_range >=(5) zone: total > 10.0`. A
 * parameterized path prints its template with parameters as `$name`: the
 * path taken when the bound values have the column's type. Given the scan's
 * table schema and primary key, dates and timestamps print as DATE '…' /
 * TIMESTAMP '…' rather than as their numbers.
 */
export function printAccessPath(a: AccessPath, table?: { readonly schema: Schema; readonly primaryKey: readonly string[] }): string {
  const typeOf: ColumnTypeOf = (column) => table?.schema.fields.find((f) => f.name === column)?.type;
  const key = table?.primaryKey ?? [];
  return printPath(a.kind === 'parameterized' ? a.template : a, typeOf, a.kind === 'parameterized' ? a.primaryKey : key);
}

function formatRows(n: number): string {
  return n >= 100 ? String(Math.round(n)) : String(Math.round(n * 10) / 10);
}

/** The physical plan as indented text with access paths, join strategies and (given an estimator) row estimates. */
export function explainPhysical(plan: PhysicalPlan & { readonly estimator?: Estimator }, options: { rows?: boolean } = {}): string {
  const showRows = options.rows ?? plan.estimator !== undefined;
  return printPlan(plan.root, {
    annotate: (r: Rel) => {
      const parts: string[] = [];
      if (r.kind === 'scan') {
        const a = plan.access.get(r);
        const fields = r.tableSchema.fields;
        const primaryKey = (r.tableSchema.key ?? []).map((i) => fields[i]?.name ?? '');
        parts.push(`[${a === undefined ? 'full_scan' : printAccessPath(a, { schema: r.tableSchema, primaryKey })}]`);
      }
      if (r.kind === 'join') {
        const j = plan.joins.get(r);
        if (j !== undefined) parts.push(j.algorithm === 'hash' ? `[hash build=${j.buildSide}]` : '[nested_loop]');
      }
      if (showRows && plan.estimator !== undefined) {
        // A scan reads at most one row per looked-up key, none when its access path is empty.
        const a = r.kind === 'scan' ? plan.access.get(r) : undefined;
        const est = plan.estimator.rows(r);
        const read = a?.kind === 'point_get' ? Math.min(est, a.keys.length) : a?.kind === 'empty' ? 0 : est;
        parts.push(`rows≈${formatRows(read)}`);
      }
      return parts.length === 0 ? undefined : parts.join(' ');
    },
  });
}

/** Alias of `explainPhysical` (the name the embedded API uses). */
export const printPhysicalPlan = explainPhysical;
