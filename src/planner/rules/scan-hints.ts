/**
 * Rule: conjuncts of a filter right above a scan that compare a column with
 * a literal or parameter (=, <>, <, <=, >, >=, IS [NOT] NULL, IN list of
 * literals and parameters) are copied into the scan's hints, renumbered to the table schema,
 * so storage can pick a key range or skip segments by zone maps. The filter
 * stays: hints may be applied inexactly.
 */
import type { Expr } from '../ir/expr.js';
import { exprEquals, remapColumns } from '../ir/expr-utils.js';
import { Filter } from '../ir/nodes/filter.js';
import { Scan } from '../ir/nodes/scan.js';
import type { Rel } from '../ir/rel.js';
import { conjuncts } from '../ir/expr-utils.js';
import type { Rule } from './rule.js';

const COMPARISONS = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);
const isConstant = (e: Expr | undefined): boolean => e?.kind === 'literal' || e?.kind === 'param';

/** Whether `e` has a shape storage understands (column vs constant). */
export function isHintShape(e: Expr): boolean {
  if (e.kind === 'call') {
    const [a, b] = e.args;
    if (COMPARISONS.has(e.fn)) {
      return (a?.kind === 'column' && isConstant(b)) || (b?.kind === 'column' && isConstant(a));
    }
    if (e.fn === 'is_null' || e.fn === 'is_not_null') return a?.kind === 'column';
    return false;
  }
  if (e.kind === 'in_list') return !e.negated && e.expr.kind === 'column' && e.list.every((x) => (x.kind === 'literal' && x.value !== null) || x.kind === 'param');
  return false;
}

export const scanHints: Rule = {
  name: 'scan-hints',
  order: 'top_down',
  apply(rel: Rel): Rel | null {
    if (rel.kind !== 'filter' || rel.input.kind !== 'scan') return null;
    const scan = rel.input;
    const toTable = (i: number): number => scan.projection?.[i] ?? i;
    const fresh = conjuncts(rel.predicate)
      .filter(isHintShape)
      .map((c) => remapColumns(c, toTable))
      .filter((h) => !scan.hints.some((old) => exprEquals(old, h)));
    const unique = fresh.filter((h, i) => fresh.findIndex((x) => exprEquals(x, h)) === i);
    if (unique.length === 0) return null;
    const newScan = Scan.create(scan.table, scan.tableSchema, {
      alias: scan.alias,
      projection: scan.projection,
      hints: [...scan.hints, ...unique],
      ...(scan.span !== undefined ? { span: scan.span } : {}),
    });
    return Filter.create(newScan, rel.predicate, rel.span);
  },
};
