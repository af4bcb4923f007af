/**
 * The public API's side of system tables (storage/catalog/system-table.ts):
 * a user statement that would write a system table (insert, upsert, delete)
 * is refused with SYSTEM_TABLE before it runs, and marking a table as a
 * system table is not offered to users, nor are foreign-key changes on a
 * system table (storage allows them for the chain, which declares its own).
 * Other drops and alters are refused by storage itself.
 */
import { PyralogError } from '../errors/pyralog-error.js';
import { systemTableError, type Store } from '../storage/index.js';
import type { Statement } from './statement.js';

export function guardSystemTables(store: Store, statement: Statement): void {
  switch (statement.kind) {
    case 'insert':
    case 'upsert':
    case 'delete':
      if (store.tableInfo(statement.table).system === true) throw systemTableError(statement.table, 'written through the public API');
      return;
    case 'alter_table':
      if (statement.change.kind === 'mark_system') {
        throw new PyralogError('INVALID_ARGUMENT', 'alterTable: mark_system is for the system itself (the chain marks its own tables)', { phase: 'execute' });
      }
      // Storage lets a system table's owner declare its foreign keys; users may not.
      if ((statement.change.kind === 'add_foreign_key' || statement.change.kind === 'drop_foreign_key') && store.tableInfo(statement.name).system === true) {
        throw systemTableError(statement.name, 'altered');
      }
      return;
    case 'add_foreign_key':
    case 'drop_foreign_key':
      if (store.tableInfo(statement.table).system === true) throw systemTableError(statement.table, 'altered');
      return;
    default:
      return;
  }
}
