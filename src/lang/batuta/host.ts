/**
 * What Batuta needs of the outside world, given by whoever runs it: the
 * catalog, running a plan, writes, key-value access, transactions, and
 * loading Batuta source for `require`. The language itself touches no
 * storage, files or process: a session (program mode) gives a full host, the
 * query-language plug-in (compile mode) a host that refuses to run or write.
 */
import type { CatalogView } from '../registry.js';
import type { Rel } from '../../planner/ir/rel.js';
import type { Scalar } from '../../types/data-type.js';
import type { Schema } from '../../types/schema.js';
import type { DataType } from '../../types/data-type.js';
import type { ForeignKeyInfo, ForeignKeySpec } from '../../types/foreign-key.js';

export type HostRow = Readonly<Record<string, Scalar>>;

export interface BatutaHost {
  catalog(): CatalogView;
  /** Runs a plan (with these parameter values) and returns its rows in schema order. */
  run(rel: Rel, params: Readonly<Record<string, Scalar>>): { readonly schema: Schema; readonly rows: readonly (readonly Scalar[])[] };
  createTable(name: string, columns: readonly { name: string; type: DataType }[], key: readonly string[]): void;
  dropTable(name: string): void;
  /** Declares a foreign key on `table` and returns it as stored (add-foreign-key!). */
  addForeignKey(table: string, spec: ForeignKeySpec): ForeignKeyInfo;
  dropForeignKey(table: string, name: string): void;
  insert(table: string, rows: readonly HostRow[]): number;
  upsert(table: string, rows: readonly HostRow[]): number;
  delete(table: string, keys: readonly (readonly Scalar[])[]): number;
  kvGet(namespace: string, key: string): string | null;
  kvPut(namespace: string, key: string, value: string): void;
  /** Runs `fn` with every write in one atomic transaction. */
  transaction<T>(fn: () => T): T;
  /** Source text of the Batuta file for namespace `name` (`a.b` → `<root>/a/b.bt`), or a BATUTA_REQUIRE_ERROR. */
  loadSource(name: string): { readonly text: string; readonly path: string };
}
