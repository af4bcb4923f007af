/**
 * One column of a segment as an Arrow IPC stream (schema message plus one
 * record batch with a single column), and back. Decoding keeps the Arrow
 * buffers as views over the given bytes (no copy).
 */
import { makeVector, RecordBatch, Table, tableFromIPC, tableToIPC, type Data, type Vector } from 'apache-arrow';
import { invariant } from '../../errors/pyralog-error.js';

export function encodeColumnBlob(data: Data): Uint8Array {
  const vector: Vector = makeVector(data as never);
  const batch = new RecordBatch({ c: vector } as never) as RecordBatch;
  return tableToIPC(new Table([batch]), 'stream');
}

export function decodeColumnBlob(bytes: Uint8Array): Data {
  const table = tableFromIPC(bytes);
  const col = table.getChildAt(0);
  invariant(col !== null && col.data.length <= 1, 'a column blob holds one column in one batch');
  const data = col.data[0];
  invariant(data !== undefined, 'a column blob holds a batch');
  return data;
}
