/**
 * Rule: common subexpression reuse in a projection. A computed, deterministic
 * subexpression that occurs more than once among the projection's items is
 * computed once by a projection below, and the items read its column:
 * π f(g(x)), h(g(x)) (R) = π f(c), h(c) (π x, g(x) as c (R)). The largest
 * repeated subexpression is taken first; bare columns and literals never are.
 */
import type { Expr, NamedExpr } from '../ir/expr.js';
import { forEachExpr, mapExpr, readsColumns, referencedColumns, remapColumns, isDeterministic } from '../ir/expr-utils.js';
import { Project } from '../ir/nodes/project.js';
import type { Rel } from '../ir/rel.js';
import type { Rule } from './rule.js';

const MAX_SHARED = 8;

/** A structural key of an expression, ignoring column display names and spans. */
function keyOf(e: Expr): string {
  return JSON.stringify(e, (k, v: unknown) => (k === 'name' || k === 'span' ? undefined : typeof v === 'bigint' ? `${v}n` : v));
}

function size(e: Expr): number {
  let n = 0;
  forEachExpr(e, () => n++);
  return n;
}

const computed = (e: Expr): boolean => e.kind === 'call' || e.kind === 'case' || e.kind === 'cast' || e.kind === 'in_list';

/** The largest computed subexpression occurring at least twice in `exprs`, if any. */
function largestRepeated(exprs: readonly Expr[]): Expr | undefined {
  const seen = new Map<string, { expr: Expr; count: number }>();
  for (const root of exprs) {
    forEachExpr(root, (x) => {
      if (!computed(x) || !readsColumns(x) || x.kind === 'column') return;
      const k = keyOf(x);
      const entry = seen.get(k);
      if (entry === undefined) seen.set(k, { expr: x, count: 1 });
      else entry.count++;
    });
  }
  let best: Expr | undefined;
  for (const { expr, count } of seen.values()) {
    if (count >= 2 && isDeterministic(expr) && (best === undefined || size(expr) > size(best))) best = expr;
  }
  return best;
}

export const commonSubexpressions: Rule = {
  name: 'common-subexpressions',
  order: 'top_down',
  apply(rel: Rel): Rel | null {
    if (rel.kind !== 'project') return null;
    const n = rel.input.schema.fields.length;
    // Shared expressions get placeholder columns n, n+1, … while rewriting.
    const shared: Expr[] = [];
    let items: NamedExpr[] = [...rel.exprs];
    for (let i = 0; i < MAX_SHARED; i++) {
      const target = largestRepeated(items.map((x) => x.expr));
      if (target === undefined) break;
      const key = keyOf(target);
      const placeholder: Expr = { kind: 'column', index: n + shared.length, name: `_cse${shared.length}` };
      shared.push(target);
      items = items.map((x) => ({ ...x, expr: mapExpr(x.expr, (e) => (computed(e) && keyOf(e) === key ? placeholder : e)) }));
    }
    if (shared.length === 0) return null;
    const inputCols = [...new Set(items.flatMap((x) => referencedColumns(x.expr)).filter((c) => c < n))].sort((a, b) => a - b);
    const below = Project.create(rel.input, [
      ...inputCols.map((c) => {
        const name = rel.input.schema.fields[c]?.name ?? `#${c}`;
        return { name, expr: { kind: 'column', index: c, name } as Expr };
      }),
      ...shared.map((expr, j) => ({ name: `_cse${j}`, expr })),
    ]);
    const position = (c: number): number => (c < n ? inputCols.indexOf(c) : inputCols.length + (c - n));
    return Project.create(below, items.map((x) => ({ ...x, expr: remapColumns(x.expr, position) })), rel.span);
  },
};
