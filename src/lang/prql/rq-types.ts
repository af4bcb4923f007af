/**
 * The shape of PRQL's Relational Query (RQ) as `prql-js` 0.12 serializes it
 * with `pl_to_rq`: declared tables, one main relation, pipelines of transforms
 * over numeric column ids (CIds), and expressions whose functions are `std.*`
 * operators. Only the parts Pyralog reads are typed; the rest stays `unknown`.
 */

/** A span as RQ prints it: `"<source id>:<start>-<end>"` (char offsets; source 1 is the query). */
export type RqSpan = string | null;

export type RqLiteral =
  | 'Null'
  /** A number, or decimal text for integers beyond 2^53 (see keepBigIntegers). */
  | { readonly Integer: number | string }
  | { readonly Float: number }
  | { readonly Boolean: boolean }
  | { readonly String: string }
  | { readonly RawString: string }
  | { readonly Date: string }
  | { readonly Time: string }
  | { readonly Timestamp: string }
  | { readonly ValueAndUnit: { readonly n: number; readonly unit: string } };

export type RqInterpolateItem =
  | { readonly String: string }
  | { readonly Expr: { readonly expr: RqExpr; readonly format: string | null } };

export type RqExprKind =
  | { readonly ColumnRef: number }
  | { readonly Literal: RqLiteral }
  | { readonly Param: string }
  | { readonly Operator: { readonly name: string; readonly args: readonly RqExpr[] } }
  | { readonly Case: readonly { readonly condition: RqExpr; readonly value: RqExpr }[] }
  | { readonly SString: readonly RqInterpolateItem[] }
  | { readonly Array: readonly RqExpr[] };

export interface RqExpr {
  readonly kind: RqExprKind;
  readonly span?: RqSpan;
}

/** A column of a relation: a named one, or `*` (every column the compiler did not name). */
export type RqRelationColumn = { readonly Single: string | null } | 'Wildcard';

export interface RqTableRef {
  readonly source: number;
  readonly columns: readonly (readonly [RqRelationColumn, number])[];
  readonly name: string | null;
}

export interface RqRangeBound {
  readonly start: RqExpr | null;
  readonly end: RqExpr | null;
}

export interface RqColumnSort {
  readonly direction: 'Asc' | 'Desc';
  readonly column: number;
}

export interface RqWindow {
  readonly frame: { readonly kind: 'Rows' | 'Range'; readonly range: RqRangeBound };
  readonly partition: readonly number[];
  readonly sort: readonly RqColumnSort[];
}

export interface RqCompute {
  readonly id: number;
  readonly expr: RqExpr;
  readonly window?: RqWindow | null;
  readonly is_aggregation?: boolean;
}

export type RqJoinSide = 'Inner' | 'Left' | 'Right' | 'Full';

export type RqTransform =
  | { readonly From: RqTableRef }
  | { readonly Compute: RqCompute }
  | { readonly Select: readonly number[] }
  | { readonly Filter: RqExpr }
  | { readonly Aggregate: { readonly partition: readonly number[]; readonly compute: readonly number[] } }
  | { readonly Sort: readonly RqColumnSort[] }
  | {
      readonly Take: {
        readonly range: RqRangeBound;
        readonly partition: readonly number[];
        readonly sort: readonly RqColumnSort[];
      };
    }
  | { readonly Join: { readonly side: RqJoinSide; readonly with: RqTableRef; readonly filter: RqExpr } }
  | { readonly Append: RqTableRef }
  | { readonly Loop: readonly RqTransform[] };

export interface RqRelationLiteral {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly RqLiteral[])[];
}

export type RqRelationKind =
  | { readonly ExternRef: { readonly LocalTable: readonly string[] } | Readonly<Record<string, unknown>> }
  | { readonly Pipeline: readonly RqTransform[] }
  | { readonly Literal: RqRelationLiteral }
  | { readonly SString: readonly RqInterpolateItem[] }
  | { readonly BuiltInFunction: { readonly name: string; readonly args: readonly RqExpr[] } };

export interface RqRelation {
  readonly kind: RqRelationKind;
  readonly columns: readonly RqRelationColumn[];
}

export interface RqTableDecl {
  readonly id: number;
  readonly name: string | null;
  readonly relation: RqRelation;
}

export interface RqQuery {
  readonly def: unknown;
  readonly tables: readonly RqTableDecl[];
  readonly relation: RqRelation;
}

/** Discriminates an RQ union by its single key (`{ From: … }` → 'From'). */
export function tagOf(value: object): string {
  const keys = Object.keys(value);
  return keys[0] ?? '';
}
