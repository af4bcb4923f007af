/**
 * CREATE and DROP of a table as steps inside a write transaction, so that a
 * table's creation (or replacement) and its first rows commit together: a
 * crash or an error in between leaves the catalog as it was. A table other
 * tables reference by foreign key cannot be dropped (nor so replaced).
 */
import type { TableDef, TableInfo } from '../api.js';
import { deleteRecord, findRecord, listRecords, loadRecord, saveRecord } from '../catalog/catalog-store.js';
import { checkNotReferenced } from '../catalog/foreign-key-deps.js';
import { createTableRecord } from '../catalog/create-table.js';
import { systemTableError } from '../catalog/system-table.js';
import { tableInfoOf } from '../catalog/table-record.js';
import { storageError } from '../errors.js';
import { prefixEnd } from '../kv/bytes.js';
import type { KvWrite } from '../kv/kv-backend.js';
import { deleteCounter, memBytesCounter, NEXT_TABLE_ID, readCounter, rowIdCounter, writeCounter } from '../kv/meta-counters.js';
import { dropSegment } from '../lsm/lsm-context.js';
import { TableView } from '../read/table-view.js';
import type { BlobCache } from '../segment/blob-cache.js';

export function createTableIn(w: KvWrite, def: TableDef): TableInfo {
  if (findRecord(w, def.name)) throw storageError('TABLE_EXISTS', `table ${def.name} already exists`);
  const id = readCounter(w, NEXT_TABLE_ID) + 1;
  const rec = createTableRecord(def, id, (n) => findRecord(w, n));
  writeCounter(w, NEXT_TABLE_ID, id);
  saveRecord(w, rec);
  return tableInfoOf(rec);
}

/** Removes the table's record, segments, memtable rows and counters (UNKNOWN_TABLE if there is none). */
export function dropTableIn(w: KvWrite, cache: BlobCache, name: string): void {
  const rec = loadRecord(w, name);
  if (rec.system === true) throw systemTableError(name, 'dropped or replaced');
  checkNotReferenced(listRecords(w), rec, 'dropped or replaced');
  const view = new TableView(w, rec, cache);
  for (const s of view.segments()) dropSegment(w, s.meta);
  const doomed = [...w.range('memtable', { start: view.memPrefix, end: prefixEnd(view.memPrefix)! })].map((e) => e.key);
  for (const k of doomed) w.delete('memtable', k);
  deleteCounter(w, rowIdCounter(rec.id));
  deleteCounter(w, memBytesCounter(rec.id));
  deleteRecord(w, name);
}
