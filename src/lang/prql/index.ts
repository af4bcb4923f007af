/**
 * The PRQL front end: PRQL text → (prql-js) RQ → Pyralog logical IR. The RQ
 * of a query text does not depend on the catalog, so it is cached by text in
 * one bounded, process-wide LRU (prql-js takes 15-20 ms per query). Lowered
 * plans depend on the catalog of one database and are NOT cached here: each
 * Database caches its own compiled plans (engine/query-compiler.ts), checked
 * against the tables they read, so no plan can cross from one database to
 * another.
 */
import type { Rel } from '../../planner/ir/rel.js';
import type { CatalogView, CompileOptions, Language } from '../registry.js';
import { registerLanguage } from '../registry.js';
import { PyralogError } from '../../errors/pyralog-error.js';
import { LruCache } from '../../util/lru-cache.js';
import { lowerQuery } from './lower-query.js';
import { prqlToRq } from './prql-to-rq.js';
import type { RqQuery } from './rq-types.js';

const RQ_CACHE_SIZE = 512;

/** Process-wide on purpose: text → RQ is a pure function of the text (no catalog, no parameters). */
const rqCache = new LruCache<string, RqQuery>(RQ_CACHE_SIZE);

/** The RQ of a PRQL text (cached by text). */
export function compilePrqlToRq(text: string): RqQuery {
  return rqCache.getOrCompute(text, () => prqlToRq(text));
}

/**
 * The logical plan of a PRQL query against `catalog` (lowered afresh on each
 * call; the RQ of the text is cached); throws PyralogError (phase 'parse' or
 * 'lower') with spans and source text.
 */
export function compilePrql(text: string, catalog: CatalogView, options: CompileOptions = {}): Rel {
  const rq = compilePrqlToRq(text);
  try {
    return lowerQuery(rq, catalog, text, options.params);
  } catch (e) {
    if (e instanceof PyralogError && e.sourceText === undefined) throw e.withSource(text);
    throw e;
  }
}

/** Hit/miss counts and size of the RQ cache (for tests and benchmarks). */
export function prqlCacheStats(): { rq: { hits: number; misses: number; size: number } } {
  return { rq: { hits: rqCache.hits, misses: rqCache.misses, size: rqCache.size } };
}

/** Empties the RQ cache (benchmarks measure cold compiles with it). */
export function clearPrqlCaches(): void {
  rqCache.clear();
}

export const prqlLanguage: Language = {
  name: 'prql',
  compile: compilePrql,
};

registerLanguage(prqlLanguage);

export { prqlToRq } from './prql-to-rq.js';
export type { RqQuery } from './rq-types.js';
