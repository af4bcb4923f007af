/**
 * Group commit, the part that touches the database: a list of write
 * operations from different callers (table insert/upsert/delete, key-value
 * put/delete) applied in ONE atomic, durable transaction, so one LMDB commit
 * (one fsync) serves them all. If the group fails (one operation's
 * DUPLICATE_KEY, TYPE_MISMATCH, …) nothing of it was written, and each
 * operation is then run again in its own transaction, so every caller gets
 * exactly the outcome it would have had alone, in the same order. Runs
 * wherever the writes run: in the writer thread, or in the server's thread
 * for a database in memory. Errors travel as plain data (see wire-error.ts).
 */
import type { Database } from '../index.js';
import type { Row, Scalar, WriteTxn } from '../index.js';
import { toWireError, type WireError } from './wire-error.js';

export type WriteOp =
  | { readonly kind: 'insert' | 'upsert'; readonly table: string; readonly rows: readonly Row[] }
  | { readonly kind: 'delete'; readonly table: string; readonly keys: readonly (readonly Scalar[])[] }
  | { readonly kind: 'kv.put'; readonly ns: string; readonly key: Uint8Array | string; readonly value: Uint8Array | string }
  | { readonly kind: 'kv.delete'; readonly ns: string; readonly key: Uint8Array | string };

export type WriteOutcome = { readonly ok: true; readonly count: number } | { readonly ok: false; readonly error: WireError };

export interface GroupResult {
  readonly outcomes: readonly WriteOutcome[];
  /** Tables written by the operations that succeeded (for subscriptions). */
  readonly tables: readonly string[];
  /** Transactions committed (1 for a group that went through whole). */
  readonly commits: number;
}

function apply(tx: WriteTxn, op: WriteOp): number {
  switch (op.kind) {
    case 'insert':
      tx.table(op.table).insert(op.rows);
      return op.rows.length;
    case 'upsert':
      tx.table(op.table).upsert(op.rows);
      return op.rows.length;
    case 'delete':
      return tx.table(op.table).delete(op.keys);
    case 'kv.put':
      tx.kv(op.ns).put(op.key, op.value);
      return 1;
    case 'kv.delete':
      tx.kv(op.ns).delete(op.key);
      return 1;
  }
}

function tablesOf(ops: readonly WriteOp[], outcomes: readonly WriteOutcome[]): string[] {
  const names = new Set<string>();
  ops.forEach((op, i) => {
    if (outcomes[i]?.ok === true && op.kind !== 'kv.put' && op.kind !== 'kv.delete') names.add(op.table);
  });
  return [...names];
}

/** Applies `ops` in one transaction, or one by one if the group as a whole fails. */
export function applyGroup(db: Database, ops: readonly WriteOp[]): GroupResult {
  if (ops.length > 1) {
    try {
      const counts = db.transaction((tx) => ops.map((op) => apply(tx, op)));
      const outcomes = counts.map((count): WriteOutcome => ({ ok: true, count }));
      return { outcomes, tables: tablesOf(ops, outcomes), commits: 1 };
    } catch {
      // Some operation failed and the whole group rolled back: give each its own transaction below.
    }
  }
  let commits = 0;
  const outcomes = ops.map((op): WriteOutcome => {
    try {
      const count = db.transaction((tx) => apply(tx, op));
      commits++;
      return { ok: true, count };
    } catch (e) {
      return { ok: false, error: toWireError(e) };
    }
  });
  return { outcomes, tables: tablesOf(ops, outcomes), commits };
}
