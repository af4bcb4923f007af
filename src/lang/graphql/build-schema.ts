/**
 * The GraphQL schema of a catalog model, following Hasura's conventions
 * (docs/graphql.md): per table T an object type T with its columns and
 * relationships, `T_aggregate`, `T_bool_exp`, `T_order_by`,
 * `T_select_column`, the mutation inputs and `T_mutation_response`; root
 * fields `T`, `T_by_pk`, `T_aggregate` on Query and Subscription, and
 * insert/update/delete fields on Mutation. The schema only describes; the
 * lowering (lower-*.ts) gives the fields their meaning, so no resolvers here.
 */
import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLFloat,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  type GraphQLFieldConfigArgumentMap,
  type GraphQLFieldConfigMap,
  type GraphQLInputFieldConfigMap,
  type GraphQLInputType,
  type GraphQLNullableType,
  type GraphQLScalarType,
} from 'graphql';
import type { DataType } from '../../types/data-type.js';
import type { GqlModel, GqlTable } from './catalog-model.js';
import { scalarOf } from './scalars.js';

const nn = <T extends GraphQLNullableType>(t: T): GraphQLNonNull<T> => new GraphQLNonNull(t);
const listOf = <T extends GraphQLInputType | GraphQLObjectType>(t: T): GraphQLList<GraphQLNonNull<T>> => new GraphQLList(new GraphQLNonNull(t));

export const ORDER_BY = new GraphQLEnumType({
  name: 'order_by',
  description: 'column ordering options (asc = nulls last, desc = nulls first)',
  values: {
    asc: { description: 'in ascending order, nulls last' },
    asc_nulls_first: {},
    asc_nulls_last: {},
    desc: { description: 'in descending order, nulls first' },
    desc_nulls_first: {},
    desc_nulls_last: {},
  },
});

const isNumeric = (t: DataType): boolean => t === 'int64' || t === 'float64';
const isOrdered = (t: DataType): boolean => t !== 'bool' && t !== 'binary';

/** Comparison input types, one per scalar (`bigint_comparison_exp`, `String_comparison_exp`, …). */
function comparisonTypes(): Map<string, GraphQLInputObjectType> {
  const out = new Map<string, GraphQLInputObjectType>();
  for (const t of ['int64', 'float64', 'utf8', 'bool', 'timestamp', 'date', 'binary'] as const) {
    const scalar = scalarOf(t) as GraphQLScalarType;
    const fields: GraphQLInputFieldConfigMap = {
      _eq: { type: scalar },
      _neq: { type: scalar },
      _gt: { type: scalar },
      _gte: { type: scalar },
      _lt: { type: scalar },
      _lte: { type: scalar },
      _in: { type: listOf(scalar) },
      _nin: { type: listOf(scalar) },
      _is_null: { type: GraphQLBoolean },
    };
    if (t === 'utf8') {
      for (const op of ['_like', '_nlike', '_ilike', '_nilike']) fields[op] = { type: scalar };
    }
    out.set(t, new GraphQLInputObjectType({ name: `${scalar.name}_comparison_exp`, fields }));
  }
  return out;
}

interface TableTypes {
  object: GraphQLObjectType;
  aggregate: GraphQLObjectType;
  boolExp: GraphQLInputObjectType;
  orderBy: GraphQLInputObjectType;
  aggregateOrderBy: GraphQLInputObjectType;
  selectColumn: GraphQLEnumType | null;
}

export function buildSchema(model: GqlModel): GraphQLSchema {
  const comparisons = comparisonTypes();
  const types = new Map<string, TableTypes>();
  const get = (name: string): TableTypes => types.get(name) as TableTypes;

  const listArgs = (t: GqlTable): GraphQLFieldConfigArgumentMap => {
    const own = get(t.name);
    const args: GraphQLFieldConfigArgumentMap = {
      where: { type: own.boolExp, description: 'filter the rows returned' },
      order_by: { type: listOf(own.orderBy), description: 'sort the rows by one or more columns' },
      limit: { type: GraphQLInt, description: 'limit the number of rows returned' },
      offset: { type: GraphQLInt, description: 'skip the first n rows' },
    };
    if (own.selectColumn !== null) args['distinct_on'] = { type: listOf(own.selectColumn), description: 'distinct select on columns' };
    return args;
  };

  for (const t of model.tables.values()) {
    const name = t.name;
    const selectColumn =
      t.columns.length === 0 ? null : new GraphQLEnumType({ name: `${name}_select_column`, values: Object.fromEntries(t.columns.map((c) => [c.name, {}])) });
    const boolExp: GraphQLInputObjectType = new GraphQLInputObjectType({
      name: `${name}_bool_exp`,
      description: `Boolean expression to filter rows from the table "${name}". All fields are combined with a logical 'AND'.`,
      fields: () => {
        const f: GraphQLInputFieldConfigMap = {
          _and: { type: listOf(boolExp) },
          _or: { type: listOf(boolExp) },
          _not: { type: boolExp },
        };
        for (const c of t.columns) f[c.name] = { type: comparisons.get(c.type) as GraphQLInputObjectType };
        for (const r of t.relationships.values()) f[r.name] = { type: get(r.target).boolExp };
        return f;
      },
    });
    const aggFieldTypes = (kind: 'sum' | 'avg' | 'min' | 'max'): GraphQLObjectType | null => {
      const cols = t.columns.filter((c) => (kind === 'sum' || kind === 'avg' ? isNumeric(c.type) : isOrdered(c.type)));
      if (cols.length === 0) return null;
      return new GraphQLObjectType({
        name: `${name}_${kind}_fields`,
        fields: Object.fromEntries(cols.map((c) => [c.name, { type: kind === 'avg' ? GraphQLFloat : (scalarOf(c.type) as GraphQLScalarType) }])),
      });
    };
    const aggOrderFields = (kind: 'sum' | 'avg' | 'min' | 'max'): GraphQLInputObjectType | null => {
      const cols = t.columns.filter((c) => (kind === 'sum' || kind === 'avg' ? isNumeric(c.type) : isOrdered(c.type)));
      if (cols.length === 0) return null;
      return new GraphQLInputObjectType({ name: `${name}_${kind}_order_by`, fields: Object.fromEntries(cols.map((c) => [c.name, { type: ORDER_BY }])) });
    };
    const aggFields: GraphQLFieldConfigMap<unknown, unknown> = {
      count: {
        type: nn(GraphQLInt),
        args: {
          ...(selectColumn !== null ? { columns: { type: listOf(selectColumn) } } : {}),
          distinct: { type: GraphQLBoolean },
        },
      },
    };
    const aggOrder: GraphQLInputFieldConfigMap = { count: { type: ORDER_BY } };
    for (const kind of ['sum', 'avg', 'min', 'max'] as const) {
      const ft = aggFieldTypes(kind);
      if (ft !== null) aggFields[kind] = { type: ft };
      const ot = aggOrderFields(kind);
      if (ot !== null) aggOrder[kind] = { type: ot };
    }
    const aggregateFields = new GraphQLObjectType({ name: `${name}_aggregate_fields`, fields: aggFields });
    const object: GraphQLObjectType = new GraphQLObjectType({
      name,
      description: `columns and relationships of "${name}"`,
      fields: () => {
        const f: GraphQLFieldConfigMap<unknown, unknown> = {};
        for (const c of t.columns) {
          const scalar = scalarOf(c.type) as GraphQLScalarType;
          f[c.name] = { type: c.nullable ? scalar : nn(scalar) };
        }
        for (const r of t.relationships.values()) {
          const target = model.tables.get(r.target) as GqlTable;
          if (r.kind === 'object') {
            f[r.name] = { type: get(r.target).object, description: `an object relationship to "${r.target}"` };
          } else {
            f[r.name] = { type: nn(new GraphQLList(nn(get(r.target).object))), args: listArgs(target), description: `an array relationship to "${r.target}"` };
            f[`${r.name}_aggregate`] = { type: nn(get(r.target).aggregate), args: listArgs(target), description: `an aggregate relationship to "${r.target}"` };
          }
        }
        return f;
      },
    });
    const aggregate = new GraphQLObjectType({
      name: `${name}_aggregate`,
      fields: () => ({ aggregate: { type: aggregateFields }, nodes: { type: nn(new GraphQLList(nn(object))) } }),
    });
    const aggregateOrderBy = new GraphQLInputObjectType({ name: `${name}_aggregate_order_by`, fields: aggOrder });
    const orderBy: GraphQLInputObjectType = new GraphQLInputObjectType({
      name: `${name}_order_by`,
      description: `Ordering options when selecting data from "${name}".`,
      fields: () => {
        const f: GraphQLInputFieldConfigMap = {};
        for (const c of t.columns) f[c.name] = { type: ORDER_BY };
        for (const r of t.relationships.values()) {
          if (r.kind === 'object') f[r.name] = { type: get(r.target).orderBy };
          else f[`${r.name}_aggregate`] = { type: get(r.target).aggregateOrderBy };
        }
        return f;
      },
    });
    types.set(name, { object, aggregate, boolExp, orderBy, aggregateOrderBy, selectColumn });
  }

  const query: GraphQLFieldConfigMap<unknown, unknown> = {};
  const mutation: GraphQLFieldConfigMap<unknown, unknown> = {};
  for (const t of model.tables.values()) {
    const own = get(t.name);
    query[t.name] = { type: nn(new GraphQLList(nn(own.object))), args: listArgs(t), description: `fetch data from the table: "${t.name}"` };
    query[`${t.name}_aggregate`] = { type: nn(own.aggregate), args: listArgs(t), description: `fetch aggregated fields from the table: "${t.name}"` };
    const keyCols = t.key.map((k) => t.columns.find((c) => c.index === k));
    const hasKey = t.key.length > 0 && keyCols.every((c) => c !== undefined);
    if (hasKey) {
      const pkArgs: GraphQLFieldConfigArgumentMap = Object.fromEntries(keyCols.map((c) => [c!.name, { type: nn(scalarOf(c!.type) as GraphQLScalarType) }]));
      query[`${t.name}_by_pk`] = { type: own.object, args: pkArgs, description: `fetch data from the table: "${t.name}" using primary key columns` };
    }
    Object.assign(mutation, mutationFields(t, own, hasKey ? keyCols.map((c) => c!) : null));
  }
  const Query = new GraphQLObjectType({ name: 'query_root', fields: query });
  const Subscription = new GraphQLObjectType({ name: 'subscription_root', fields: query });
  const Mutation = Object.keys(mutation).length > 0 ? new GraphQLObjectType({ name: 'mutation_root', fields: mutation }) : undefined;
  const placeholder = { _no_tables: { type: GraphQLString, description: 'the database has no tables yet' } };
  return new GraphQLSchema({
    query: Object.keys(query).length > 0 ? Query : new GraphQLObjectType({ name: 'query_root', fields: placeholder }),
    ...(Mutation !== undefined ? { mutation: Mutation } : {}),
    ...(Object.keys(query).length > 0 ? { subscription: Subscription } : {}),
  });
}

function mutationFields(
  t: GqlTable,
  own: TableTypes,
  key: readonly { name: string; type: DataType }[] | null,
): GraphQLFieldConfigMap<unknown, unknown> {
  const name = t.name;
  const input = (suffix: string, cols: readonly { name: string; type: DataType }[]): GraphQLInputObjectType =>
    new GraphQLInputObjectType({
      name: `${name}_${suffix}`,
      fields: Object.fromEntries(cols.map((c) => [c.name, { type: scalarOf(c.type) as GraphQLScalarType }])),
    });
  if (t.columns.length === 0) return {};
  const insertInput = input('insert_input', t.columns);
  const setInput = input('set_input', t.columns);
  const numeric = t.columns.filter((c) => isNumeric(c.type));
  const incInput = numeric.length > 0 ? input('inc_input', numeric) : null;
  const response = new GraphQLObjectType({
    name: `${name}_mutation_response`,
    description: `response of any mutation on the table "${name}"`,
    fields: { affected_rows: { type: nn(GraphQLInt) }, returning: { type: nn(new GraphQLList(nn(own.object))) } },
  });
  const fields: GraphQLFieldConfigMap<unknown, unknown> = {};
  const updateArgs: GraphQLFieldConfigArgumentMap = { _set: { type: setInput }, ...(incInput !== null ? { _inc: { type: incInput } } : {}) };
  if (key !== null) {
    const constraint = new GraphQLEnumType({ name: `${name}_constraint`, values: { [`${name}_pkey`]: { description: 'the primary key' } } });
    const updateColumn = new GraphQLEnumType({ name: `${name}_update_column`, values: Object.fromEntries(t.columns.map((c) => [c.name, {}])) });
    const onConflict = new GraphQLInputObjectType({
      name: `${name}_on_conflict`,
      fields: { constraint: { type: nn(constraint) }, update_columns: { type: nn(listOf(updateColumn)), defaultValue: [] }, where: { type: own.boolExp } },
    });
    fields[`insert_${name}`] = { type: response, args: { objects: { type: nn(listOf(insertInput)) }, on_conflict: { type: onConflict } } };
    fields[`insert_${name}_one`] = { type: own.object, args: { object: { type: nn(insertInput) }, on_conflict: { type: onConflict } } };
    fields[`update_${name}`] = { type: response, args: { where: { type: nn(own.boolExp) }, ...updateArgs } };
    const pkInput = new GraphQLInputObjectType({
      name: `${name}_pk_columns_input`,
      fields: Object.fromEntries(key.map((c) => [c.name, { type: nn(scalarOf(c.type) as GraphQLScalarType) }])),
    });
    fields[`update_${name}_by_pk`] = { type: own.object, args: { pk_columns: { type: nn(pkInput) }, ...updateArgs } };
    fields[`delete_${name}`] = { type: response, args: { where: { type: nn(own.boolExp) } } };
    fields[`delete_${name}_by_pk`] = {
      type: own.object,
      args: Object.fromEntries(key.map((c) => [c.name, { type: nn(scalarOf(c.type) as GraphQLScalarType) }])),
    };
  } else {
    fields[`insert_${name}`] = { type: response, args: { objects: { type: nn(listOf(insertInput)) } } };
    fields[`insert_${name}_one`] = { type: own.object, args: { object: { type: nn(insertInput) } } };
  }
  return fields;
}
