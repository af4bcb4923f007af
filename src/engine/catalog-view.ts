/**
 * The read-only catalog view handed to query languages and the physical
 * planner, over one storage snapshot. Everything is read lazily: a plan
 * cache hit only looks up the tables the plan reads, and the catalog-wide
 * `version` (a fingerprint of every table's name, id and schema version) is
 * computed only when asked for. Adding or dropping a foreign key makes a new
 * schema version of its table, so the fingerprint changes with foreign keys
 * too (`table(name).foreignKeys` lists them). The fingerprint says nothing of which
 * database it came from nor of column types: two databases can share it, so
 * it must never key a cache that outlives this database (plans are cached
 * per Database, in query-compiler.ts).
 */
import { isPyralogError } from '../errors/pyralog-error.js';
import type { CatalogView } from '../lang/registry.js';
import type { PhysicalCatalog } from '../planner/physical/catalog.js';
import type { Snapshot, TableInfo, TableStats } from '../storage/api.js';

/** FNV-1a over the catalog's (name, id, version) triples. */
export function catalogFingerprint(tables: readonly TableInfo[]): number {
  let h = 0x811c9dc5;
  const text = tables
    .map((t) => `${t.name}\u0000${t.id}\u0000${t.version}`)
    .sort()
    .join('\u0001');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export class SnapshotCatalog implements CatalogView {
  private all: ReadonlyMap<string, TableInfo> | undefined;
  private fingerprint: number | undefined;
  private readonly byName = new Map<string, TableInfo | null>();
  private readonly statsCache = new Map<string, TableStats>();

  constructor(private readonly snapshot: Snapshot) {}

  private allTables(): ReadonlyMap<string, TableInfo> {
    this.all ??= new Map(this.snapshot.tables().map((t) => [t.name, t]));
    return this.all;
  }

  get version(): number {
    this.fingerprint ??= catalogFingerprint([...this.allTables().values()]);
    return this.fingerprint;
  }

  /** The table called `name` in this snapshot, or undefined. */
  table(name: string): TableInfo | undefined {
    if (this.all !== undefined) return this.all.get(name);
    const known = this.byName.get(name);
    if (known !== undefined) return known ?? undefined;
    let info: TableInfo | null;
    try {
      info = this.snapshot.table(name);
    } catch (e) {
      if (!isPyralogError(e) || e.code !== 'UNKNOWN_TABLE') throw e;
      info = null;
    }
    this.byName.set(name, info);
    return info ?? undefined;
  }

  /** The same catalog for physical planning: unknown tables are an error there. */
  physical(): PhysicalCatalog {
    return {
      table: (name) => this.snapshot.table(name),
      stats: (name) => this.stats(name),
    };
  }

  tables(): readonly string[] {
    return [...this.allTables().keys()].sort();
  }

  stats(table: string): TableStats {
    let s = this.statsCache.get(table);
    if (s === undefined) {
      s = this.snapshot.stats(table);
      this.statsCache.set(table, s);
    }
    return s;
  }
}
