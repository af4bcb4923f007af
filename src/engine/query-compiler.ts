/**
 * Turns query text into runnable plans and remembers them. A compiled query
 * (front end + rewrite rules) is cached by language, text and parameter
 * types, together with the id and schema version of every table it reads:
 * it is reused only while those are unchanged in the snapshot at hand, so a
 * plan compiled under an older catalog is never run. Its physical plan (join
 * order and join sides from statistics, access paths) is kept beside it and
 * redone when the data generation moves (any write through this database).
 */
import { PyralogError } from '../errors/pyralog-error.js';
import { getLanguage } from '../lang/registry.js';
import { childrenOf } from '../planner/ir/children.js';
import type { Rel } from '../planner/ir/rel.js';
import { optimize, type TraceEntry } from '../planner/optimizer.js';
import { toPhysical, type PlannedPhysical } from '../planner/physical/index.js';
import type { Scalar } from '../types/data-type.js';
import type { SnapshotCatalog } from './catalog-view.js';
import { paramSignature } from './params.js';
import { LruCache } from '../util/lru-cache.js';

/** The tables a plan reads, with the id and schema version it was compiled against. */
export type TableDeps = ReadonlyMap<string, { readonly id: number; readonly version: number }>;

export interface CompiledQuery {
  readonly lang: string;
  readonly text: string;
  readonly logical: Rel;
  readonly optimized: Rel;
  readonly deps: TableDeps;
  /** The last physical plan and the data generation it was planned under. */
  physical: { readonly generation: number; readonly plan: PlannedPhysical } | undefined;
}

/** Counters for tests and benchmarks: how often each stage ran. */
export interface CompilerStats {
  compiles: number;
  physicalPlans: number;
  /** Cache hits found stale (a table they read was altered, dropped or re-created). */
  stale: number;
}

function tablesRead(rel: Rel, out: Set<string> = new Set()): Set<string> {
  if (rel.kind === 'scan') out.add(rel.table);
  for (const child of childrenOf(rel)) tablesRead(child, out);
  return out;
}

function withSource(e: unknown, text: string): unknown {
  return e instanceof PyralogError && e.sourceText === undefined && e.spans.length > 0 ? e.withSource(text) : e;
}

export class QueryCompiler {
  private readonly cache: LruCache<string, CompiledQuery>;
  readonly stats: CompilerStats = { compiles: 0, physicalPlans: 0, stale: 0 };

  /** Memo of cache keys: "lang NUL signature" -> text -> key (see keyOf). */
  private readonly keys = new Map<string, Map<string, string>>();
  private keyCount = 0;

  constructor(private readonly capacity: number) {
    this.cache = new LruCache(capacity);
  }

  /** Whether every table `q` reads still has the id and schema version it was compiled against. */
  static isCurrent(q: CompiledQuery, catalog: SnapshotCatalog): boolean {
    for (const [name, dep] of q.deps) {
      const info = catalog.table(name);
      if (info === undefined || info.id !== dep.id || info.version !== dep.version) return false;
    }
    return true;
  }

  /** The compiled form of `text` for parameters of these types, valid in `catalog`'s snapshot. */
  compile(lang: string, text: string, params: Readonly<Record<string, Scalar>>, catalog: SnapshotCatalog): CompiledQuery {
    const language = getLanguage(lang);
    const key = this.keyOf(language.name.toLowerCase(), paramSignature(params), text);
    const hit = this.cache.get(key);
    if (hit !== undefined) {
      if (QueryCompiler.isCurrent(hit, catalog)) return hit;
      this.stats.stale++;
    }
    this.stats.compiles++;
    let logical: Rel;
    let optimized: Rel;
    try {
      logical = language.compile(text, catalog, { params: { ...params } });
      optimized = optimize(logical, { trace: false }).rel;
    } catch (e) {
      throw withSource(e, text);
    }
    const deps = new Map<string, { id: number; version: number }>();
    for (const name of tablesRead(logical)) {
      const info = catalog.table(name);
      if (info !== undefined) deps.set(name, { id: info.id, version: info.version });
    }
    const compiled: CompiledQuery = { lang: language.name, text, logical, optimized, deps, physical: undefined };
    this.cache.set(key, compiled);
    return compiled;
  }

  /**
   * The cache key of (language, parameter types, text). The key string made
   * once per text is reused, so a warm lookup hashes no query text (V8 keeps
   * a string's hash): a text seen again is found by identity in a Map first.
   */
  private keyOf(lang: string, sig: string, text: string): string {
    const inner = `${lang}\u0000${sig}`;
    let byText = this.keys.get(inner);
    if (byText === undefined) {
      byText = new Map();
      this.keys.set(inner, byText);
    }
    let key = byText.get(text);
    if (key === undefined) {
      if (this.keyCount >= this.capacity * 4) {
        this.keys.clear(); // bounded: a stream of one-off texts must not grow this without end
        this.keyCount = 0;
        byText = new Map();
        this.keys.set(inner, byText);
      }
      key = `${inner}\u0000${text}`;
      byText.set(text, key);
      this.keyCount++;
    }
    return key;
  }

  /** The physical plan of `q`, re-planned when the data generation changed since the last one. */
  physical(q: CompiledQuery, catalog: SnapshotCatalog, generation: number): PlannedPhysical {
    const known = q.physical;
    if (known !== undefined && known.generation === generation) return known.plan;
    this.stats.physicalPlans++;
    const plan = toPhysical(q.optimized, catalog.physical());
    q.physical = { generation, plan };
    return plan;
  }

  /** The rewrite trace of `q` (the optimizer run again with tracing on; explain only). */
  static trace(q: CompiledQuery): readonly TraceEntry[] {
    return optimize(q.logical, { trace: true }).trace;
  }

  get size(): number {
    return this.cache.size;
  }

  clear(): void {
    this.cache.clear();
    this.keys.clear();
    this.keyCount = 0;
  }
}
