/**
 * Test helpers for the storage suite: temporary store directories, both
 * backends side by side, and reading a whole scan back as plain rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import { openStore, type Store, type StoreOptions } from '../index.js';
import type { Scalar } from '../../types/data-type.js';

const dirs: string[] = [];

export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'pyralog-storage-'));
  dirs.push(d);
  return d;
}

export function cleanup(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export type BackendKind = 'lmdb' | 'memory';
export const BACKENDS: readonly BackendKind[] = ['lmdb', 'memory'];

export function open(kind: BackendKind, options: StoreOptions = {}): Store {
  return openStore(kind === 'memory' ? ':memory:' : tempDir(), options);
}

/** Every row of batches as plain objects (Arrow values converted to the JS scalar types). */
export function rowsOf(batches: Iterable<RecordBatch>): Record<string, Scalar>[] {
  const out: Record<string, Scalar>[] = [];
  for (const b of batches) {
    const names = b.schema.fields.map((f) => f.name);
    for (let i = 0; i < b.numRows; i++) {
      const row: Record<string, Scalar> = {};
      names.forEach((n, j) => {
        const v = b.getChildAt(j)!.get(i) as unknown;
        row[n] = v === undefined ? null : (v as Scalar);
      });
      out.push(row);
    }
  }
  return out;
}

export function scanAll(store: Store, table: string, options = {}): Record<string, Scalar>[] {
  const snap = store.snapshot();
  try {
    return rowsOf(snap.scan(table, options));
  } finally {
    snap.close();
  }
}

/** A write or maintenance step of the LSM model tests (table 't' with k int64 key, v utf8). */
export type ModelOp =
  | { kind: 'upsert'; rows: [number, string | null][] }
  | { kind: 'delete'; keys: number[] }
  | { kind: 'flush' }
  | { kind: 'compact' };

/** Applies `op` to the store and to the Map model that the test compares scans with. */
export function applyModelOp(store: Store, model: Map<number, string | null>, op: ModelOp): void {
  switch (op.kind) {
    case 'upsert':
      store.write((tx) => tx.table('t').upsert(op.rows.map(([k, v]) => ({ k: BigInt(k), v }))));
      for (const [k, v] of op.rows) model.set(k, v);
      return;
    case 'delete':
      store.write((tx) => tx.table('t').delete(op.keys.map((k) => [BigInt(k)])));
      for (const k of op.keys) model.delete(k);
      return;
    case 'flush':
      store.flush('t');
      return;
    case 'compact':
      store.compact('t');
      return;
  }
}
