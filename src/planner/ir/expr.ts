/**
 * Scalar expressions of the IR. Column references are positional (an index into
 * the input schema of the arrow that owns the expression); `name` is only for
 * printing. For a join's condition the input is the left schema followed by the
 * right schema. Functions (arithmetic, comparison, logic, string, math, date)
 * are one `call` node naming a function of the registry (planner/ir/functions).
 */
import type { SourceSpan } from '../../errors/pyralog-error.js';
import type { DataType, Scalar } from '../../types/data-type.js';

export type ExprKind = 'literal' | 'column' | 'param' | 'call' | 'case' | 'cast' | 'in_list';

interface ExprBase {
  readonly kind: ExprKind;
  /** Where in the query text this expression came from, when a front end knows. */
  readonly span?: SourceSpan;
}

export interface LiteralExpr extends ExprBase {
  readonly kind: 'literal';
  readonly value: Scalar;
  readonly type: DataType;
}

export interface ColumnExpr extends ExprBase {
  readonly kind: 'column';
  readonly index: number;
  readonly name?: string;
}

/** A query parameter, bound at execution (`$1`, `$name`). */
export interface ParamExpr extends ExprBase {
  readonly kind: 'param';
  readonly name: string;
  readonly type: DataType;
}

export interface CallExpr extends ExprBase {
  readonly kind: 'call';
  readonly fn: string;
  readonly args: readonly Expr[];
}

export interface CaseExpr extends ExprBase {
  readonly kind: 'case';
  readonly whens: readonly { readonly when: Expr; readonly then: Expr }[];
  readonly otherwise: Expr | null;
}

export interface CastExpr extends ExprBase {
  readonly kind: 'cast';
  readonly expr: Expr;
  readonly to: DataType;
}

export interface InListExpr extends ExprBase {
  readonly kind: 'in_list';
  readonly expr: Expr;
  readonly list: readonly Expr[];
  readonly negated: boolean;
}

export type Expr = LiteralExpr | ColumnExpr | ParamExpr | CallExpr | CaseExpr | CastExpr | InListExpr;

/** An expression with an output name (a projection item, a group key). */
export interface NamedExpr {
  readonly expr: Expr;
  readonly name: string;
}

export interface SortKey {
  readonly expr: Expr;
  readonly descending: boolean;
  /** SQL default when not given by the front end: nulls last for asc, first for desc (as PostgreSQL); front ends set it explicitly. */
  readonly nullsFirst: boolean;
}

export type AggregateFn =
  | 'count' // count(x): non-null x; count() with no args: rows
  | 'count_distinct'
  | 'sum'
  | 'avg'
  | 'min'
  | 'max'
  | 'first'
  | 'last'
  | 'string_agg' // args: value, separator literal
  | 'stddev' // sample
  | 'stddev_pop'
  | 'variance' // sample
  | 'var_pop'
  | 'any' // bool_or
  | 'every' // bool_and
  | 'json_agg'; // args: JSON text, optional int64 ordinal: a JSON array of the texts ordered by ordinal (functions-json.ts)

export interface AggregateCall {
  readonly fn: AggregateFn;
  readonly args: readonly Expr[];
  readonly distinct: boolean;
  /** Optional FILTER (WHERE …) predicate over the aggregate's input. */
  readonly filter: Expr | null;
  readonly name: string;
  readonly span?: SourceSpan;
}

export type WindowFn =
  | AggregateFn
  | 'row_number'
  | 'rank'
  | 'dense_rank'
  | 'percent_rank'
  | 'cume_dist'
  | 'ntile'
  | 'lag'
  | 'lead'
  | 'first_value'
  | 'last_value'
  | 'nth_value';

/** Frame bound: `null` offset means unbounded; 0 with 'current' means current row. */
export interface FrameBound {
  readonly kind: 'unbounded_preceding' | 'preceding' | 'current_row' | 'following' | 'unbounded_following';
  /** For 'preceding'/'following': rows (ROWS) or a value distance on the single order key (RANGE). */
  readonly offset?: Scalar;
}

export interface WindowFrame {
  readonly unit: 'rows' | 'range';
  readonly start: FrameBound;
  readonly end: FrameBound;
}

export interface WindowCall {
  readonly fn: WindowFn;
  readonly args: readonly Expr[];
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly SortKey[];
  /** null: the SQL default (RANGE UNBOUNDED PRECEDING..CURRENT ROW with ORDER BY, whole partition without). */
  readonly frame: WindowFrame | null;
  readonly name: string;
  readonly span?: SourceSpan;
}
