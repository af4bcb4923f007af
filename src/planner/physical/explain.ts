/**
 * EXPLAIN text for a physical plan: the logical tree with each scan's access
 * path and each join's strategy inline, and row estimates when known, e.g.
 *   Join inner: eq(#0 id, #2 id) [hash build=right] rows≈120
 *     Scan: orders [id, total] [key_range [5..] zone: total > 10.0] rows≈1000
 */
import type { Scalar } from '../../types/data-type.js';
import type { KeyBound, ZonePredicate } from '../../storage/api.js';
import { printPlan, printScalar } from '../ir/print.js';
import type { Rel } from '../ir/rel.js';
import type { Estimator } from './estimate.js';
import type { AccessPath, PhysicalPlan } from './plan.js';

const tuple = (values: readonly Scalar[]): string => `(${values.map((v) => printScalar(v)).join(', ')})`;

function printZone(p: ZonePredicate): string {
  if (p.op === 'is_null' || p.op === 'is_not_null') return `${p.column} ${p.op.replace('_', ' ').replace('_', ' ')}`;
  if (p.op === 'in') return `${p.column} in ${tuple(p.values ?? [])}`;
  return `${p.column} ${p.op} ${printScalar(p.value ?? null)}`;
}

function printBound(b: KeyBound | undefined, side: 'lower' | 'upper'): string {
  if (b === undefined) return '';
  const op = side === 'lower' ? (b.inclusive ? '>=' : '>') : b.inclusive ? '<=' : '<';
  return `${op}${tuple(b.values)}`;
}

export function printAccessPath(a: AccessPath): string {
  switch (a.kind) {
    case 'point_get':
      return `point_get ${a.keys.map(tuple).join(' ')}`;
    case 'key_range': {
      const zone = a.predicates.length === 0 ? '' : ` zone: ${a.predicates.map(printZone).join(' and ')}`;
      return `key_range ${[printBound(a.lower, 'lower'), printBound(a.upper, 'upper')].filter((s) => s !== '').join(' ')}${zone}`;
    }
    case 'full_scan':
      return a.predicates.length === 0 ? 'full_scan' : `full_scan zone: ${a.predicates.map(printZone).join(' and ')}`;
  }
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
        parts.push(`[${a === undefined ? 'full_scan' : printAccessPath(a)}]`);
      }
      if (r.kind === 'join') {
        const j = plan.joins.get(r);
        if (j !== undefined) parts.push(j.algorithm === 'hash' ? `[hash build=${j.buildSide}]` : '[nested_loop]');
      }
      if (showRows && plan.estimator !== undefined) parts.push(`rows≈${formatRows(plan.estimator.rows(r))}`);
      return parts.length === 0 ? undefined : parts.join(' ');
    },
  });
}

/** Alias of `explainPhysical` (the name the embedded API uses). */
export const printPhysicalPlan = explainPhysical;
