/**
 * Rule: projection pruning. Under a projection or an aggregate, walk down the row-preserving
 * nodes (filter, sort, limit) to the first node that makes columns, and stop
 * it from making the ones nobody reads: a scan gets a narrower `projection`,
 * a values node drops columns, a join narrows its inputs with projections,
 * an aggregate or window drops unused calls, a projection drops unused
 * expressions. The nodes in between are rebuilt with renumbered expressions;
 * the projection or aggregate on top keeps its output. A
 * projection of bare, same-named columns right over a scan folds into it.
 */
import type { Expr } from '../ir/expr.js';
import { referencedColumns, remapColumns } from '../ir/expr-utils.js';
import { Aggregate } from '../ir/nodes/aggregate.js';
import { Filter } from '../ir/nodes/filter.js';
import { Join } from '../ir/nodes/join.js';
import { Limit } from '../ir/nodes/limit.js';
import { Project } from '../ir/nodes/project.js';
import { Scan } from '../ir/nodes/scan.js';
import { Sort } from '../ir/nodes/sort.js';
import { Values } from '../ir/nodes/values.js';
import { Window } from '../ir/nodes/window.js';
import type { FilterRel, LimitRel, ProjectRel, Rel, ScanRel, SortRel } from '../ir/rel.js';
import type { Rule } from './rule.js';

type PassThrough = FilterRel | SortRel | LimitRel;
/** A narrowed node and where each of its old output columns went (-1: dropped). */
type Pruned = { readonly rel: Rel; readonly map: (oldIndex: number) => number };

const exprsOf = (n: PassThrough): readonly Expr[] =>
  n.kind === 'filter' ? [n.predicate] : n.kind === 'sort' ? n.keys.map((k) => k.expr) : [];

function scanWith(scan: ScanRel, projection: readonly number[]): ScanRel {
  return Scan.create(scan.table, scan.tableSchema, {
    alias: scan.alias,
    projection,
    hints: scan.hints,
    ...(scan.span !== undefined ? { span: scan.span } : {}),
  });
}

/**
 * `keep`, or the first column when it is empty: rows without columns (a scan
 * or values of zero columns) would lose their count in Arrow batches.
 */
const atLeastOne = (keep: readonly number[]): readonly number[] => (keep.length === 0 ? [0] : keep);

/** Keep only input columns `keep` (ascending) of `rel`, or null when it cannot be narrowed. */
function narrow(rel: Rel, wanted: readonly number[]): Pruned | null {
  const keep = rel.kind === 'scan' || rel.kind === 'values' ? atLeastOne(wanted) : wanted;
  const arity = rel.schema.fields.length;
  const position = (i: number): number => keep.indexOf(i);
  switch (rel.kind) {
    case 'scan':
      if (keep.length === arity) return null;
      return { rel: scanWith(rel, keep.map((i) => rel.projection?.[i] ?? i)), map: position };
    case 'values':
      if (keep.length === arity) return null;
      return {
        rel: Values.create({ fields: keep.map((i) => rel.schema.fields[i]!) }, rel.rows.map((row) => keep.map((i) => row[i] ?? null)), rel.span),
        map: position,
      };
    case 'aggregate': {
      const g = rel.groupBy.length;
      const used = rel.aggregates.filter((_, j) => keep.includes(g + j));
      // An aggregate without group keys keeps one call: a zero-column row is not worth the risk.
      const aggs = g === 0 && used.length === 0 ? rel.aggregates.slice(0, 1) : used;
      if (aggs.length === rel.aggregates.length) return null;
      const cols = [...rel.groupBy.map((_, i) => i), ...rel.aggregates.map((a, j) => (aggs.includes(a) ? g + j : -1)).filter((i) => i >= 0)];
      return { rel: Aggregate.create(rel.input, rel.groupBy, aggs, rel.span), map: (i) => cols.indexOf(i) };
    }
    case 'window': {
      const n = rel.input.schema.fields.length;
      const calls = rel.calls.filter((_, j) => keep.includes(n + j));
      if (calls.length === rel.calls.length) return null;
      const cols = [...rel.input.schema.fields.map((_, i) => i), ...keep.filter((i) => i >= n)];
      return { rel: calls.length === 0 ? rel.input : Window.create(rel.input, calls, rel.span), map: (i) => cols.indexOf(i) };
    }
    case 'project': {
      if (keep.length === arity || keep.length === 0) return null;
      return { rel: Project.create(rel.input, keep.map((i) => rel.exprs[i]!), rel.span), map: position };
    }
    case 'join': {
      const n = rel.left.schema.fields.length;
      const condCols = rel.condition === null ? [] : referencedColumns(rel.condition);
      const all = [...new Set([...keep, ...condCols])].sort((a, b) => a - b);
      const leftKeep = atLeastOne(all.filter((i) => i < n));
      const rightKeep = atLeastOne(all.filter((i) => i >= n).map((i) => i - n));
      const pruneLeft = leftKeep.length < n;
      const pruneRight = rightKeep.length < rel.right.schema.fields.length;
      if (!pruneLeft && !pruneRight) return null;
      const left = pruneLeft ? Project.columns(rel.left, leftKeep) : rel.left;
      const right = pruneRight ? Project.columns(rel.right, rightKeep) : rel.right;
      const nl = left.schema.fields.length;
      const map = (i: number): number => {
        if (i < n) return pruneLeft ? leftKeep.indexOf(i) : i;
        const j = pruneRight ? rightKeep.indexOf(i - n) : i - n;
        return j < 0 ? -1 : nl + j;
      };
      const condition = rel.condition === null ? null : remapColumns(rel.condition, map);
      return { rel: Join.create(left, right, rel.joinKind, condition, rel.span), map };
    }
    default:
      return null;
  }
}

function rebuildPassThrough(n: PassThrough, input: Rel, map: (i: number) => number): Rel {
  switch (n.kind) {
    case 'filter':
      return Filter.create(input, remapColumns(n.predicate, map), n.span);
    case 'sort':
      return Sort.create(input, n.keys.map((k) => ({ ...k, expr: remapColumns(k.expr, map) })), n.span);
    case 'limit':
      return Limit.create(input, n.offset, n.limit, n.span);
  }
}

/** A projection of bare columns keeping the scan's names, folded into the scan's own projection. */
function foldIntoScan(project: ProjectRel): Rel | null {
  const scan = project.input;
  if (scan.kind !== 'scan' || project.exprs.length === 0) return null;
  const indices: number[] = [];
  for (const { expr, name } of project.exprs) {
    if (expr.kind !== 'column' || scan.schema.fields[expr.index]?.name !== name) return null;
    indices.push(expr.index);
  }
  return scanWith(scan, indices.map((i) => scan.projection?.[i] ?? i));
}

/**
 * Below a consumer that reads only the columns `needed` of `input`: walks the
 * row-preserving chain, narrows the first node that makes columns, and gives
 * the rebuilt input with the old-to-new column map (null: nothing to prune).
 */
function pruneBelow(input: Rel, needed: Set<number>): Pruned | null {
  const chain: PassThrough[] = [];
  let base = input;
  while (base.kind === 'filter' || base.kind === 'sort' || base.kind === 'limit') {
    chain.push(base);
    for (const e of exprsOf(base)) for (const c of referencedColumns(e)) needed.add(c);
    base = base.input;
  }
  const keep = [...needed].sort((a, b) => a - b);
  const pruned = narrow(base, keep);
  if (pruned === null) return null;
  return { rel: chain.reduceRight((below, n) => rebuildPassThrough(n, below, pruned.map), pruned.rel), map: pruned.map };
}

export const pruneColumns: Rule = {
  name: 'prune-columns',
  order: 'top_down',
  apply(rel: Rel): Rel | null {
    if (rel.kind === 'project') {
      const folded = foldIntoScan(rel);
      if (folded !== null) return folded;
      const pruned = pruneBelow(rel.input, new Set(rel.exprs.flatMap((e) => referencedColumns(e.expr))));
      if (pruned === null) return null;
      return Project.create(pruned.rel, rel.exprs.map((e) => ({ ...e, expr: remapColumns(e.expr, pruned.map) })), rel.span);
    }
    if (rel.kind === 'aggregate') {
      // An aggregate reads only its group keys, arguments and FILTER clauses.
      const needed = new Set([
        ...rel.groupBy.flatMap((g) => referencedColumns(g.expr)),
        ...rel.aggregates.flatMap((a) => [...a.args.flatMap(referencedColumns), ...(a.filter === null ? [] : referencedColumns(a.filter))]),
      ]);
      const pruned = pruneBelow(rel.input, needed);
      if (pruned === null) return null;
      const re = (e: Expr): Expr => remapColumns(e, pruned.map);
      return Aggregate.create(
        pruned.rel,
        rel.groupBy.map((g) => ({ ...g, expr: re(g.expr) })),
        rel.aggregates.map((a) => ({ ...a, args: a.args.map(re), filter: a.filter === null ? null : re(a.filter) })),
        rel.span,
      );
    }
    return null;
  },
};
