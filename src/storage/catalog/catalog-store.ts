/**
 * Reading and writing table records in the 'catalog' sub-database inside a
 * transaction.
 */
import { storageError } from '../errors.js';
import { prefixEnd, utf8 } from '../kv/bytes.js';
import type { KvRead, KvWrite } from '../kv/kv-backend.js';
import { catalogKey, decodeRecord, encodeRecord, type TableRecord } from './table-record.js';

export function findRecord(kv: KvRead, name: string): TableRecord | undefined {
  const bytes = kv.get('catalog', catalogKey(name));
  return bytes === undefined ? undefined : decodeRecord(bytes);
}

export function loadRecord(kv: KvRead, name: string): TableRecord {
  const rec = findRecord(kv, name);
  if (rec === undefined) throw storageError('UNKNOWN_TABLE', `no table named ${name}`);
  return rec;
}

export function listRecords(kv: KvRead): TableRecord[] {
  const prefix = utf8('table/');
  const out: TableRecord[] = [];
  for (const { value } of kv.range('catalog', { start: prefix, end: prefixEnd(prefix)! })) out.push(decodeRecord(value));
  return out.sort((a, b) => a.id - b.id);
}

export function saveRecord(w: KvWrite, rec: TableRecord): void {
  w.put('catalog', catalogKey(rec.name), encodeRecord(rec));
}

export function deleteRecord(w: KvWrite, name: string): void {
  w.delete('catalog', catalogKey(name));
}
