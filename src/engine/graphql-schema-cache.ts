/**
 * The GraphQL model and schema of a Database's current catalog, kept per
 * Database (a WeakMap keyed by the object, so nothing is shared between
 * databases) and rebuilt when the catalog changes: a table created, altered
 * or dropped, or a foreign key declared or dropped. So a new table or column
 * appears in the schema without a restart.
 */
import type { GraphQLSchema } from 'graphql';
import { buildModel, type GqlModel, type GraphqlTableSource } from '../lang/graphql/catalog-model.js';
import { buildSchema } from '../lang/graphql/build-schema.js';
import type { TableInfo } from '../storage/api.js';
import type { ForeignKeyInfo } from '../types/foreign-key.js';
import { catalogFingerprint } from './catalog-view.js';
import type { Database } from './database.js';

export interface GraphqlCatalog {
  readonly model: GqlModel;
  readonly schema: GraphQLSchema;
}

const cache = new WeakMap<object, { readonly key: string; readonly catalog: GraphqlCatalog }>();

function foreignKeysOf(info: TableInfo): readonly ForeignKeyInfo[] {
  return info.foreignKeys ?? [];
}

/** The model of these tables (system tables included: the chain's are served too). */
export function sourcesOf(tables: readonly TableInfo[]): GraphqlTableSource[] {
  return tables.map((t) => ({ name: t.name, schema: t.schema, primaryKey: t.primaryKey, foreignKeys: foreignKeysOf(t) }));
}

export function graphqlCatalog(db: Database): GraphqlCatalog {
  const tables = db.tables();
  // a foreign key change is a new schema version, so the fingerprint follows it too
  const key = String(catalogFingerprint(tables));
  const hit = cache.get(db);
  if (hit !== undefined && hit.key === key) return hit.catalog;
  const model = buildModel(sourcesOf(tables));
  const catalog = { model, schema: buildSchema(model) };
  cache.set(db, { key, catalog });
  return catalog;
}
