/**
 * Creates the chain's relational tables as system tables, atomically: every
 * name is checked for a clash with a user table first (SYSTEM_TABLE, and
 * nothing is created), then all missing tables are created in one write
 * transaction. A store initialised before tables carried the system flag
 * (it already holds a chain: its meta names the network) has its chain
 * tables marked as system tables instead. The chain's foreign keys
 * (chain-foreign-keys.ts) are declared with the tables (referenced tables
 * first), and a store from before them gets the missing ones when the chain
 * opens.
 */
import { PyralogError } from '../../errors/pyralog-error.js';
import type { TableDef, TableInfo } from '../../storage/api.js';
import { withSnapshot, type ChainStore } from './chain-store.js';
import { CHAIN_FOREIGN_KEYS, chainForeignKeysOf } from './chain-foreign-keys.js';
import { CHAIN_TABLES, KV } from './chain-tables.js';
import { PARAMS_KEY } from './chain-writes.js';

export function ensureChainTables(store: ChainStore): void {
  const { tables, initialised } = withSnapshot(store, (s) => ({
    tables: new Map<string, TableInfo>(s.tables().map((t) => [t.name, t])),
    initialised: s.kv(KV.meta).get(PARAMS_KEY) !== undefined,
  }));
  const unflagged = CHAIN_TABLES.filter((def) => tables.has(def.name) && tables.get(def.name)!.system !== true);
  if (unflagged.length > 0 && !initialised) {
    const names = unflagged.map((d) => d.name).join(', ');
    throw new PyralogError('SYSTEM_TABLE', `the chain needs the table name${unflagged.length > 1 ? 's' : ''} ${names}, which the database already uses for its own table${unflagged.length > 1 ? 's' : ''}`, {
      phase: 'chain',
      details: { tables: unflagged.map((d) => d.name) },
      hints: ['initialise the chain in another database directory, or rename or drop those tables first'],
    });
  }
  for (const def of unflagged) store.alterTable?.(def.name, { kind: 'mark_system' });
  const missing = referencedFirst(CHAIN_TABLES.filter((def) => !tables.has(def.name)));
  if (missing.length > 0) {
    store.write((tx) => missing.forEach((def) => tx.createTable({ ...def, system: true, foreignKeys: chainForeignKeysOf(def.name) })));
  }
  for (const { table, spec } of CHAIN_FOREIGN_KEYS) {
    const info = tables.get(table);
    if (info === undefined || (info.foreignKeys ?? []).some((k) => k.name === spec.name)) continue;
    store.alterTable?.(table, { kind: 'add_foreign_key', ...spec });
  }
}

/** `defs` ordered so that every table comes after the tables its foreign keys reference. */
function referencedFirst(defs: readonly TableDef[]): TableDef[] {
  const out: TableDef[] = [];
  const pending = [...defs];
  while (pending.length > 0) {
    const i = pending.findIndex((d) => chainForeignKeysOf(d.name).every((k) => k.references.table === d.name || !pending.some((p) => p.name === k.references.table)));
    out.push(...pending.splice(i < 0 ? 0 : i, 1));
  }
  return out;
}
