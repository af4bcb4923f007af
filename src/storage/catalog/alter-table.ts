/**
 * An ALTER as one step inside a write transaction: applies the change to the
 * table's record (other tables' records are at hand for a new foreign key),
 * saves it, and when a primary-key column was renamed brings the foreign keys
 * that reference the table (its own included) up to date.
 */
import type { KvWrite } from '../kv/kv-backend.js';
import { applyAlter, type AlterChange } from './alter-change.js';
import { findRecord, listRecords, loadRecord, saveRecord } from './catalog-store.js';
import { refreshReferences } from './foreign-keys.js';
import type { TableRecord } from './table-record.js';

export function alterTableIn(w: KvWrite, name: string, change: AlterChange): TableRecord {
  const rec = loadRecord(w, name);
  let next = applyAlter(rec, change, (n) => findRecord(w, n));
  if (change.kind === 'rename_column' && !rec.hiddenRowId) {
    next = refreshReferences(next, next);
    saveRecord(w, next);
    for (const other of listRecords(w)) {
      if (other.id === next.id) continue;
      const fresh = refreshReferences(other, next);
      if (fresh !== other) saveRecord(w, fresh);
    }
    return next;
  }
  saveRecord(w, next);
  return next;
}
