/**
 * The state of lowering one RQ pipeline: the IR relation built so far and,
 * for every RQ column id (CId) in scope, what it means over that relation —
 * an IR expression (a column, or a computed expression inlined where it is
 * used), a `*` standing for a table's unnamed columns, or an aggregate whose
 * evaluation waits for the `Aggregate` transform. Also the sort in effect
 * (PRQL keeps a relation's order through later transforms, like SQL's final
 * ORDER BY) and the columns the last `Select` chose.
 */
import type { Expr } from '../../planner/ir/expr.js';
import type { Rel } from '../../planner/ir/rel.js';
import { shiftColumns } from '../../planner/ir/expr-utils.js';
import type { RqColumnSort, RqCompute, RqExpr } from './rq-types.js';

/** One output column of a relation: its expression and the name SQL would give it. */
export interface NamedColumn {
  readonly expr: Expr;
  readonly name: string;
}

export type Binding =
  /** A value: `instance` is set when it is a plain column of a table instance (`from t = tracks`). */
  | {
      readonly kind: 'expr';
      readonly expr: Expr;
      readonly name: string | null;
      readonly instance?: number;
      /** The RQ expression of a computed column (to name it as SQL would when PRQL gives no name). */
      readonly rq?: RqExpr;
    }
  /** `*` of a table instance: all of that table's columns. */
  | { readonly kind: 'wildcard'; readonly columns: readonly NamedColumn[]; readonly instance: number }
  /** An expression containing aggregate functions, evaluated by the next `Aggregate`. */
  | { readonly kind: 'deferred'; readonly compute: RqCompute };

export interface Frame {
  readonly rel: Rel;
  readonly cols: ReadonlyMap<number, Binding>;
  /** CIds of the last Select (the relation's output columns), in order. */
  readonly selected: readonly number[];
  /** The sort in effect, by CId. */
  readonly sort: readonly RqColumnSort[];
  /** Whether `rel` is still in `sort` order (a join or window since the sort may have broken it). */
  readonly sortIntact: boolean;
  /** `rel` is a Window arrow made by the previous window compute (the next one may join it). */
  readonly openWindow?: boolean;
}

/** A binding moved to a relation whose columns are the old ones shifted by `delta` (the right side of a join). */
export function shiftBinding(b: Binding, delta: number): Binding {
  switch (b.kind) {
    case 'expr':
      return { ...b, expr: shiftColumns(b.expr, delta) };
    case 'wildcard':
      return { ...b, columns: b.columns.map((c) => ({ ...c, expr: shiftColumns(c.expr, delta) })) };
    case 'deferred':
      return b;
  }
}

let nextInstance = 1;
/** A fresh id for a table instance (each `from`/`join` of a table is one). */
export function newInstance(): number {
  return nextInstance++;
}
