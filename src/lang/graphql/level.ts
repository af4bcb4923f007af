/**
 * One table's rows while a selection is lowered: a relation that starts as
 * the table (a scan, or the rows a mutation returned) and grows to the right
 * as relationships are left-joined in. The table's columns keep their schema
 * positions, so expressions built earlier stay valid after every join.
 * Also the lowering context shared by the lower-*.ts files.
 */
import type { GraphQLSchema } from 'graphql';
import { Join, Scan, and, col, eq, type Expr, type Rel } from '../../planner/ir/index.js';
import type { GqlColumn, GqlModel, GqlRelationship, GqlTable } from './catalog-model.js';
import type { CollectContext } from './collect-fields.js';

export interface LowerContext extends CollectContext {
  readonly model: GqlModel;
  readonly schema: GraphQLSchema;
  /** Tables the plans read (for capability checks and subscription triggers). */
  readonly tablesRead: Set<string>;
}

/** Columns known to equal a literal in every row of a level (a by-pk lookup's key), by schema position. */
export type Pinned = ReadonlyMap<number, Expr>;

export class Level {
  private current: Rel;
  /** Table columns every row of this level has the same literal value in (pushed down into related tables' filters). */
  readonly pinned = new Map<number, Expr>();
  /**
   * When this level holds only some of its table's rows (filtered, cut, or
   * itself restricted): those rows before any selection join, so array
   * relationships read only the related rows of these (a semi join).
   */
  restrictTo: Rel | null = null;

  constructor(
    readonly table: GqlTable,
    base: Rel,
  ) {
    this.current = base;
  }

  /** A level over a scan of `table` (all columns: pruning narrows it). */
  static scan(ctx: LowerContext, table: GqlTable): Level {
    ctx.tablesRead.add(table.name);
    return new Level(table, Scan.create(table.name, table.schema));
  }

  get rel(): Rel {
    return this.current;
  }

  /** Replaces the relation by one with the same leading columns (filter, sort, window, limit). */
  update(f: (rel: Rel) => Rel): void {
    this.current = f(this.current);
  }

  column(c: GqlColumn): Expr {
    return col(c.index, c.name);
  }

  /**
   * Left-joins `right` (at most one row per key!) on this table's `pairs`
   * local columns = `right`'s columns at `rightCols`; returns where right's
   * columns start.
   */
  leftJoin(right: Rel, pairs: readonly { readonly local: number }[], rightCols: readonly number[]): number {
    const offset = this.current.schema.fields.length;
    const conds = pairs.map((p, i) => eq(col(p.local, this.table.schema.fields[p.local]?.name), col(offset + (rightCols[i] as number))));
    this.current = Join.create(this.current, right, 'left', and(...conds));
    return offset;
  }
}

/** `rel` (rows of `table`) reduced to the rows related to `parent`'s rows through `pairs` (remote = parent's local). */
export function semiJoinParent(rel: Rel, parent: Rel, pairs: readonly { readonly local: number; readonly remote: number }[]): Rel {
  const width = rel.schema.fields.length;
  return Join.create(rel, parent, 'semi', and(...pairs.map((p) => eq(col(p.remote), col(width + p.local)))));
}

export function relatedTable(ctx: LowerContext, rel: GqlRelationship): GqlTable {
  return ctx.model.tables.get(rel.target) as GqlTable;
}
