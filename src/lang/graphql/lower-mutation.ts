/**
 * Mutation root fields as write specs for the engine (graphql-mutations.ts):
 * `insert_T(objects, on_conflict)`, `insert_T_one`, `update_T(where, _set,
 * _inc)`, `update_T_by_pk`, `delete_T(where)`, `delete_T_by_pk`. Rows to
 * update or delete are found by a plan (`match`); what the field returns
 * (`affected_rows`, `returning`, or the row itself) is planned over the
 * written rows, handed in later as a `values` relation of the table's schema.
 */
import type { FieldNode } from 'graphql';
import { Filter, Project, and, col, eq, lit, type Expr, type Rel } from '../../planner/ir/index.js';
import type { Row } from '../../storage/api.js';
import type { Scalar } from '../../types/data-type.js';
import type { GqlTable } from './catalog-model.js';
import { subFields, type CollectedField } from './collect-fields.js';
import { GraphqlLoweringError } from './graphql-errors.js';
import { Level, type LowerContext } from './level.js';
import { lowerWhere } from './lower-filter.js';
import { returningPlan, type ReadPlan } from './read-plan.js';
import { inputScalar } from './scalars.js';

/** What a mutation field answers: a `T_mutation_response` or the row (by pk / _one). */
export type MutationResult =
  | {
      readonly kind: 'response';
      readonly fields: readonly (
        | { readonly key: string; readonly kind: 'affected_rows' }
        | { readonly key: string; readonly kind: 'typename'; readonly value: string }
        | { readonly key: string; readonly kind: 'returning'; readonly plan: (rows: Rel) => ReadPlan }
      )[];
    }
  | { readonly kind: 'object'; readonly plan: (rows: Rel) => ReadPlan };

export type MutationSpec =
  | {
      readonly op: 'insert';
      readonly table: GqlTable;
      readonly rows: readonly Row[];
      /** null: a conflicting key is DUPLICATE_KEY. */
      readonly onConflict: { readonly updateColumns: readonly string[]; readonly where: ((rows: Rel) => Rel) | null } | null;
      readonly result: MutationResult;
    }
  | { readonly op: 'update'; readonly table: GqlTable; readonly match: Rel; readonly set: Row; readonly inc: Row; readonly result: MutationResult }
  | { readonly op: 'delete'; readonly table: GqlTable; readonly match: Rel; readonly result: MutationResult };

type Args = Readonly<Record<string, unknown>>;

function tableRow(table: GqlTable, input: Args | null | undefined): Record<string, Scalar> {
  const row: Record<string, Scalar> = {};
  for (const [name, v] of Object.entries(input ?? {})) {
    const c = table.columnByName.get(name);
    if (c !== undefined && v !== undefined) row[name] = inputScalar(v, c.type);
  }
  return row;
}

function resultOf(ctx: LowerContext, table: GqlTable, field: CollectedField, asObject: boolean): MutationResult {
  const fields = subFields(field, ctx);
  if (asObject) return { kind: 'object', plan: (rows) => returningPlan(ctx, table, rows, fields) };
  return {
    kind: 'response',
    fields: fields.map((f) =>
      f.name === 'affected_rows'
        ? { key: f.key, kind: 'affected_rows' as const }
        : f.name === '__typename'
          ? { key: f.key, kind: 'typename' as const, value: `${table.name}_mutation_response` }
          : { key: f.key, kind: 'returning' as const, plan: (rows: Rel) => returningPlan(ctx, table, rows, subFields(f, ctx)) },
    ),
  };
}

/** The rows of `table` that `where` (and/or a key) selects, with exactly the table's columns. */
function matchRows(ctx: LowerContext, table: GqlTable, where: Args | null | undefined, key: Args | null, node: FieldNode): Rel {
  const level = Level.scan(ctx, table);
  const conds: Expr[] = [];
  const pred = lowerWhere(ctx, level, where, node);
  if (pred !== null) conds.push(pred);
  if (key !== null) {
    for (const k of table.key) {
      const c = table.columns.find((x) => x.index === k)!;
      conds.push(eq(level.column(c), lit(inputScalar(key[c.name], c.type), c.type)));
    }
  }
  if (conds.length > 0) level.update((r) => Filter.create(r, and(...conds)));
  return Project.create(
    level.rel,
    table.schema.fields.map((f, i) => ({ expr: col(i, f.name), name: f.name })),
  );
}

function tableNamed(ctx: LowerContext, name: string, field: CollectedField): GqlTable {
  const t = ctx.model.tables.get(name);
  if (t === undefined) throw new GraphqlLoweringError('GRAPHQL_VALIDATION_FAILED', `no table ${name}`, field.nodes);
  return t;
}

export function lowerMutation(ctx: LowerContext, field: CollectedField, args: Args): MutationSpec {
  const node = field.nodes[0] as FieldNode;
  const name = field.name;
  const m = /^(insert|update|delete)_(.+?)(_one|_by_pk)?$/.exec(name);
  if (m === null) throw new GraphqlLoweringError('GRAPHQL_VALIDATION_FAILED', `unknown mutation ${name}`, field.nodes);
  const [, op, tableName = '', suffix] = m;
  // a table whose name ends in _one/_by_pk: prefer the exact table name
  const exact = ctx.model.tables.get(`${tableName}${suffix ?? ''}`);
  const table = exact !== undefined && (op !== 'insert' || args['objects'] !== undefined) ? exact : tableNamed(ctx, tableName, field);
  const single = exact === undefined && suffix !== undefined;
  if (table.key.length === 0 && op !== 'insert') {
    throw new GraphqlLoweringError('GRAPHQL_UNSUPPORTED', `${table.name} has no primary key: rows cannot be updated or deleted through GraphQL`, field.nodes);
  }
  const result = resultOf(ctx, table, field, single);
  if (op === 'insert') {
    const objects = single ? [args['object'] as Args] : ((args['objects'] as readonly Args[] | undefined) ?? []);
    const conflict = args['on_conflict'] as Args | null | undefined;
    const where = conflict?.['where'] as Args | null | undefined;
    return {
      op: 'insert',
      table,
      rows: objects.map((o) => tableRow(table, o)),
      onConflict:
        conflict === null || conflict === undefined
          ? null
          : {
              updateColumns: (conflict['update_columns'] as readonly string[] | undefined) ?? [],
              where:
                where === null || where === undefined
                  ? null
                  : (rows: Rel) => {
                      const level = new Level(table, rows);
                      const pred = lowerWhere(ctx, level, where, node);
                      const width = table.schema.fields.length;
                      const kept = pred === null ? level.rel : Filter.create(level.rel, pred);
                      return Project.create(kept, table.schema.fields.slice(0, width).map((f, i) => ({ expr: col(i, f.name), name: f.name })));
                    },
            },
      result,
    };
  }
  const key = single ? (op === 'update' ? ((args['pk_columns'] as Args | undefined) ?? {}) : args) : null;
  const match = matchRows(ctx, table, single ? null : (args['where'] as Args | undefined), key, node);
  if (op === 'delete') return { op: 'delete', table, match, result };
  return { op: 'update', table, match, set: tableRow(table, args['_set'] as Args | undefined), inc: tableRow(table, args['_inc'] as Args | undefined), result };
}
