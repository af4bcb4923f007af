/**
 * The PRQL front end caches only what does not depend on a catalog: the RQ of
 * a text. Plans are lowered against the catalog at hand on every call (each
 * Database caches its own compiled plans), so two catalogs that agree on
 * table names, ids and versions but not on column types get different plans.
 */
import { describe, expect, it } from 'vitest';
import { clearPrqlCaches, compilePrql, prqlCacheStats } from '../index.js';
import { chinookCatalog } from '../../../../test/prql/chinook-schema.js';
import type { CatalogView } from '../../registry.js';
import type { Schema } from '../../../types/schema.js';

function oneTable(type: 'int64' | 'utf8'): CatalogView {
  const schema: Schema = { fields: [{ name: 'id', type: 'int64', nullable: false }, { name: 'a', type, nullable: true }] };
  return { version: 1, tables: () => ['t'], table: (name) => (name === 't' ? { name: 't', schema, primaryKey: ['id'] } : undefined) };
}

describe('PRQL RQ cache', () => {
  const q = 'from tracks | filter milliseconds > 1000 | group {album_id} (aggregate {n = count this}) | sort album_id';

  it('reuses the RQ of a text across catalogs and lowers against each catalog', () => {
    clearPrqlCaches();
    const a = compilePrql(q, chinookCatalog(1));
    const b = compilePrql(q, chinookCatalog(2));
    expect(b.schema).toEqual(a.schema);
    expect(prqlCacheStats().rq).toMatchObject({ hits: 1, misses: 1, size: 1 });
  });

  it('catalogs with the same version but different column types get their own plans', () => {
    clearPrqlCaches();
    const text = 'from t | select {a}';
    const ints = compilePrql(text, oneTable('int64'));
    const texts = compilePrql(text, oneTable('utf8'));
    expect(ints.schema.fields.map((f) => f.type)).toEqual(['int64']);
    expect(texts.schema.fields.map((f) => f.type)).toEqual(['utf8']);
    expect(prqlCacheStats().rq).toMatchObject({ hits: 1, misses: 1 });
  });

  it('parameter types shape the plan', () => {
    clearPrqlCaches();
    const text = 'from tracks | filter album_id == $1 | select {track_id}';
    const catalog = chinookCatalog();
    const p1 = compilePrql(text, catalog, { params: { '1': 3n } });
    const p3 = compilePrql(text, catalog, { params: { '1': 4.5 } });
    expect(p1).not.toEqual(p3);
    expect(prqlCacheStats().rq).toMatchObject({ hits: 1, misses: 1 });
  });
});
