/**
 * The GraphQL model and schema of a Database's current catalog, kept per
 * Database (a WeakMap keyed by the object, so nothing is shared between
 * databases) and rebuilt when the catalog changes: a table created, altered
 * or dropped, or a foreign key declared or dropped. So a new table or column
 * appears in the schema without a restart. The tables are looked at again
 * after any commit through this Database, and at least once a second (a
 * change made by another process).
 */
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { CompiledRequest, DocumentCache } from '../lang/graphql/compile-request.js';
import { LruCache } from '../util/lru-cache.js';
import { buildModel, type GqlModel, type GraphqlTableSource } from '../lang/graphql/catalog-model.js';
import { buildSchema } from '../lang/graphql/build-schema.js';
import type { TableInfo } from '../storage/api.js';
import type { ForeignKeyInfo } from '../types/foreign-key.js';
import { catalogFingerprint } from './catalog-view.js';
import type { Database } from './database.js';

export interface GraphqlCatalog {
  readonly model: GqlModel;
  readonly schema: GraphQLSchema;
  /** Request texts validated against `schema` (parse + validate skipped on a hit). */
  readonly documents: DocumentCache;
  /** Whole compiled requests by text, variables, operation and limits (their plans keep their optimized form). */
  readonly requests: LruCache<string, CompiledRequest>;
}

const cache = new WeakMap<object, { key: string; commit: number; checkedAt: number; readonly catalog: GraphqlCatalog }>();

/** How long a catalog is reused without a look at the tables while this Database committed nothing (another process may change it). */
const RECHECK_MS = 1000;

function foreignKeysOf(info: TableInfo): readonly ForeignKeyInfo[] {
  return info.foreignKeys ?? [];
}

/** The model of these tables (system tables included: the chain's are served too). */
export function sourcesOf(tables: readonly TableInfo[]): GraphqlTableSource[] {
  return tables.map((t) => ({ name: t.name, schema: t.schema, primaryKey: t.primaryKey, foreignKeys: foreignKeysOf(t) }));
}

export function graphqlCatalog(db: Database): GraphqlCatalog {
  const hit = cache.get(db);
  // no commit through this Database (DDL included) since a recent look: the catalog is the same
  const now = Date.now();
  if (hit !== undefined && hit.commit === db.commitSequence && now - hit.checkedAt < RECHECK_MS && !db.isClosed) return hit.catalog;
  const commit = db.commitSequence;
  const tables = db.tables();
  // a foreign key change is a new schema version, so the fingerprint follows it too
  const key = String(catalogFingerprint(tables));
  if (hit !== undefined && hit.key === key) {
    hit.commit = commit;
    hit.checkedAt = now;
    return hit.catalog;
  }
  const model = buildModel(sourcesOf(tables));
  const catalog = { model, schema: buildSchema(model), documents: new LruCache<string, DocumentNode>(256), requests: new LruCache<string, CompiledRequest>(256) };
  cache.set(db, { key, commit, checkedAt: now, catalog });
  return catalog;
}
