/**
 * The crash test's child: writes numbered batches to a store (rows, a
 * tombstone, a key-value entry, a progress row; now and then a bulk
 * appendBatch, a flush or a compaction) and prints `ack <id>` after each
 * write() returns. The parent SIGKILLs it at a random moment.
 * Usage: node crash-child.mjs <dir> <first batch id> <file URL of storage/index.js>
 */
import { writeSync } from 'node:fs';
import { makeData, makeVector, RecordBatch, Int64, Utf8 } from 'apache-arrow';
import { batchPlan } from './crash-plan.mjs';

const [dir, firstArg, storageUrl] = process.argv.slice(2);
// The storage module transpiled from the current sources by the parent (never a possibly stale dist/).
const { openStore } = await import(storageUrl);
const store = openStore(dir, { memtableBytes: 4096, segmentRows: 300, level0Trigger: 3, level1Rows: 1500 });
if (!store.hasTable('t')) {
  store.createTable({
    name: 't',
    fields: [
      { name: 'k', type: 'int64', nullable: false },
      { name: 'v', type: 'int64', nullable: false },
      { name: 's', type: 'utf8', nullable: true },
    ],
    primaryKey: ['k'],
  });
}
writeSync(1, 'ready\n');

function appendBatchOf(rows) {
  const enc = new TextEncoder();
  const parts = rows.map((r) => enc.encode(r.s));
  const offsets = new Int32Array(rows.length + 1);
  parts.forEach((p, i) => (offsets[i + 1] = offsets[i] + p.length));
  const bytes = new Uint8Array(offsets[rows.length]);
  parts.forEach((p, i) => bytes.set(p, offsets[i]));
  return new RecordBatch({
    k: makeVector(makeData({ type: new Int64(), length: rows.length, nullCount: 0, data: BigInt64Array.from(rows.map((r) => r.k)) })),
    v: makeVector(makeData({ type: new Int64(), length: rows.length, nullCount: 0, data: BigInt64Array.from(rows.map((r) => r.v)) })),
    s: makeVector(makeData({ type: new Utf8(), length: rows.length, nullCount: 0, data: bytes, valueOffsets: offsets })),
  });
}

for (let b = Number(firstArg); ; b++) {
  const plan = batchPlan(b);
  store.write((tx) => {
    const t = tx.table('t');
    if (plan.append) t.appendBatch(appendBatchOf(plan.rows));
    else t.upsert(plan.rows);
    if (plan.deletes.length > 0) t.delete(plan.deletes.map((k) => [k]));
    t.upsert([{ k: -1n, v: BigInt(b), s: 'progress' }]);
    tx.kv('batches').put(`b${b}`, String(plan.rows.length));
  });
  writeSync(1, `ack ${b}\n`);
  if (plan.flush) store.flush();
  if (plan.compact) store.compact();
}
