/**
 * Arrows of the IR's category: relational operators. Every node records its
 * output schema (codomain); its inputs' schemas are their domains. Nodes are
 * readonly and built only through the companion constructors in
 * `planner/ir/nodes/` (re-exported by `planner/ir/index.ts`), which derive and
 * check `schema`, so an ill-typed plan cannot be built.
 */
import type { SourceSpan } from '../../errors/pyralog-error.js';
import type { Scalar } from '../../types/data-type.js';
import type { AggregateCall, Expr, NamedExpr, SortKey, WindowCall } from './expr.js';
import type { Schema } from '../../types/schema.js';

export type RelKind =
  | 'scan'
  | 'values'
  | 'filter'
  | 'project'
  | 'aggregate'
  | 'join'
  | 'sort'
  | 'limit'
  | 'window'
  | 'distinct'
  | 'set_op'
  | 'recursive'
  | 'recursive_ref';

interface RelBase {
  readonly kind: RelKind;
  /** The output schema (codomain) of this arrow. */
  readonly schema: Schema;
  readonly span?: SourceSpan;
}

/**
 * Read a stored table. `tableSchema` is the table's full schema at plan time;
 * `projection` lists the table columns produced, in order (null = all).
 * `hints` are conjunctive predicates over the *table* schema that storage may
 * use to skip data (key ranges, zone maps); they never replace the filter
 * above the scan, so they may be inexact.
 */
export interface ScanRel extends RelBase {
  readonly kind: 'scan';
  readonly table: string;
  readonly alias: string;
  readonly tableSchema: Schema;
  readonly projection: readonly number[] | null;
  readonly hints: readonly Expr[];
}

export interface ValuesRel extends RelBase {
  readonly kind: 'values';
  readonly rows: readonly (readonly Scalar[])[];
}

export interface FilterRel extends RelBase {
  readonly kind: 'filter';
  readonly input: Rel;
  readonly predicate: Expr;
}

/** Output = exactly `exprs` (derive = project that repeats every input column first). */
export interface ProjectRel extends RelBase {
  readonly kind: 'project';
  readonly input: Rel;
  readonly exprs: readonly NamedExpr[];
}

/** Output = group keys, then aggregates. No group keys: exactly one row, even on empty input. */
export interface AggregateRel extends RelBase {
  readonly kind: 'aggregate';
  readonly input: Rel;
  readonly groupBy: readonly NamedExpr[];
  readonly aggregates: readonly AggregateCall[];
}

export type JoinKind = 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti' | 'cross';

/**
 * Output = left fields then right fields (semi/anti: left only). `condition` is
 * over left ++ right (null = true). `equiKeys` are the equality pairs found in
 * the condition (left expr over left schema, right expr over right schema); the
 * condition still holds them, so they are a derived fact for physical planning.
 */
export interface JoinRel extends RelBase {
  readonly kind: 'join';
  readonly left: Rel;
  readonly right: Rel;
  readonly joinKind: JoinKind;
  readonly condition: Expr | null;
  readonly equiKeys: readonly { readonly left: Expr; readonly right: Expr }[];
}

export interface SortRel extends RelBase {
  readonly kind: 'sort';
  readonly input: Rel;
  readonly keys: readonly SortKey[];
}

export interface LimitRel extends RelBase {
  readonly kind: 'limit';
  readonly input: Rel;
  readonly offset: number;
  /** null = no limit (offset only). */
  readonly limit: number | null;
}

/** Output = input fields, then one field per window call. */
export interface WindowRel extends RelBase {
  readonly kind: 'window';
  readonly input: Rel;
  readonly calls: readonly WindowCall[];
}

export interface DistinctRel extends RelBase {
  readonly kind: 'distinct';
  readonly input: Rel;
}

export type SetOpKind = 'union_all' | 'union' | 'intersect' | 'intersect_all' | 'except' | 'except_all';

export interface SetOpRel extends RelBase {
  readonly kind: 'set_op';
  readonly op: SetOpKind;
  readonly left: Rel;
  readonly right: Rel;
}

/**
 * A recursive fixpoint (SQL WITH RECURSIVE / PRQL loop): start with `base`, then
 * repeatedly evaluate `step`, in which `recursive_ref` nodes named `name` read the
 * rows produced by the previous iteration, until it yields no rows. Output is the
 * union all of every iteration (`distinct: true` for UNION semantics).
 */
export interface RecursiveRel extends RelBase {
  readonly kind: 'recursive';
  readonly name: string;
  readonly base: Rel;
  readonly step: Rel;
  readonly distinct: boolean;
}

export interface RecursiveRefRel extends RelBase {
  readonly kind: 'recursive_ref';
  readonly name: string;
}

export type Rel =
  | ScanRel
  | ValuesRel
  | FilterRel
  | ProjectRel
  | AggregateRel
  | JoinRel
  | SortRel
  | LimitRel
  | WindowRel
  | DistinctRel
  | SetOpRel
  | RecursiveRel
  | RecursiveRefRel;
