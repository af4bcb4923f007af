/**
 * A planned read: a relation whose rows are read back into response values
 * through a `Shape` (result-values.ts). `finish` projects a selection's value
 * tree into output columns; `returningPlan` plans a selection over rows a
 * mutation wrote (a `values` relation of the table's schema), ordered by key.
 */
import type { FieldNode } from 'graphql';
import { Project, Sort, type NamedExpr, type Rel } from '../../planner/ir/index.js';
import type { GqlTable } from './catalog-model.js';
import type { CollectedField } from './collect-fields.js';
import { Level, type LowerContext } from './level.js';
import { lowerOrderBy } from './lower-order.js';
import { selectRow } from './lower-selection.js';
import { flatten, type ResultValue, type Shape } from './result-values.js';

export interface ReadPlan {
  readonly rel: Rel;
  readonly shape: Shape;
}

/** Project the value tree of a selection into output columns. */
export function finish(rel: Rel, value: ResultValue): ReadPlan {
  const out: NamedExpr[] = [];
  const shape = flatten(value, out, 'row');
  return { rel: Project.create(rel, out), shape };
}

/** The rows `returning` (or a by-pk mutation) selects, planned over the written rows in `rows`. */
export function returningPlan(ctx: LowerContext, table: GqlTable, rows: Rel, fields: readonly CollectedField[]): ReadPlan {
  const level = new Level(table, rows);
  const keys = lowerOrderBy(ctx, level, undefined, fields[0]?.nodes[0] as FieldNode);
  const row = selectRow(ctx, level, fields);
  return finish(keys.length > 0 ? Sort.create(level.rel, keys) : level.rel, row);
}
