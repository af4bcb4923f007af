/**
 * The PRQL front end: PRQL text → (prql-js) RQ → Pyralog logical IR. The RQ
 * of a query text does not depend on the catalog, so it is cached by text;
 * lowered plans are cached by (text, catalog version, parameter types), both
 * in bounded LRUs (prql-js takes 15-20 ms per query; a cached plan is free).
 */
import type { Scalar } from '../../types/data-type.js';
import type { Rel } from '../../planner/ir/rel.js';
import type { CatalogView, CompileOptions, Language } from '../registry.js';
import { registerLanguage } from '../registry.js';
import { PyralogError } from '../../errors/pyralog-error.js';
import { LruCache } from '../../util/lru-cache.js';
import { lowerQuery } from './lower-query.js';
import { scalarType } from './lower-expr.js';
import { prqlToRq } from './prql-to-rq.js';
import type { RqQuery } from './rq-types.js';

const RQ_CACHE_SIZE = 512;
const PLAN_CACHE_SIZE = 512;

const rqCache = new LruCache<string, RqQuery>(RQ_CACHE_SIZE);
const planCache = new LruCache<string, Rel>(PLAN_CACHE_SIZE);

function paramSignature(params: Readonly<Record<string, Scalar>> | undefined): string {
  if (params === undefined) return '';
  return Object.keys(params)
    .sort()
    .map((k) => `${k}:${scalarType(params[k] as Scalar)}`)
    .join(',');
}

/** The RQ of a PRQL text (cached by text). */
export function compilePrqlToRq(text: string): RqQuery {
  return rqCache.getOrCompute(text, () => prqlToRq(text));
}

/** The logical plan of a PRQL query against `catalog`; throws PyralogError (phase 'parse' or 'lower') with spans and source text. */
export function compilePrql(text: string, catalog: CatalogView, options: CompileOptions = {}): Rel {
  const key = `${catalog.version}\u0000${paramSignature(options.params)}\u0000${text}`;
  return planCache.getOrCompute(key, () => {
    const rq = compilePrqlToRq(text);
    try {
      return lowerQuery(rq, catalog, text, options.params);
    } catch (e) {
      if (e instanceof PyralogError && e.sourceText === undefined) throw e.withSource(text);
      throw e;
    }
  });
}

/** Hit/miss counts and sizes of the two caches (for tests and benchmarks). */
export function prqlCacheStats(): { rq: { hits: number; misses: number; size: number }; plans: { hits: number; misses: number; size: number } } {
  return {
    rq: { hits: rqCache.hits, misses: rqCache.misses, size: rqCache.size },
    plans: { hits: planCache.hits, misses: planCache.misses, size: planCache.size },
  };
}

/** Empties both caches (benchmarks measure cold compiles with it). */
export function clearPrqlCaches(): void {
  rqCache.clear();
  planCache.clear();
}

export const prqlLanguage: Language = {
  name: 'prql',
  compile: compilePrql,
};

registerLanguage(prqlLanguage);

export { prqlToRq } from './prql-to-rq.js';
export type { RqQuery } from './rq-types.js';
