/**
 * The public API's side of system tables (storage/catalog/system-table.ts):
 * a user statement that would write a system table (insert, upsert, delete)
 * is refused with SYSTEM_TABLE before it runs, and marking a table as a
 * system table is not offered to users. Drops and alters are refused by
 * storage itself.
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
      return;
    default:
      return;
  }
}
