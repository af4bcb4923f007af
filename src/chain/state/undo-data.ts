/**
 * Undo data of a connected block: the coins its transactions spent, in the
 * order they were spent, so disconnecting the block can restore them. Stored
 * per block hash in the `chain.undo` namespace as a count (u32 LE) followed by
 * [outpoint key (36), coin length (u32 LE), coin bytes] records.
 */
import { PyralogError } from '../../errors/pyralog-error.js';
import type { OutPoint } from '../tx/transaction.js';
import { OUTPOINT_KEY_SIZE, decodeCoin, encodeCoin, outpointFromKey, outpointKey, type Coin } from './coin.js';

export interface SpentCoin {
  readonly outpoint: OutPoint;
  readonly coin: Coin;
}

export function encodeUndo(spent: readonly SpentCoin[]): Uint8Array {
  const parts = spent.map((s) => ({ key: outpointKey(s.outpoint), coin: encodeCoin(s.coin) }));
  const total = 4 + parts.reduce((n, p) => n + OUTPOINT_KEY_SIZE + 4 + p.coin.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, parts.length, true);
  let at = 4;
  for (const p of parts) {
    out.set(p.key, at);
    view.setUint32(at + OUTPOINT_KEY_SIZE, p.coin.length, true);
    out.set(p.coin, at + OUTPOINT_KEY_SIZE + 4);
    at += OUTPOINT_KEY_SIZE + 4 + p.coin.length;
  }
  return out;
}

export function decodeUndo(bytes: Uint8Array): SpentCoin[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const corrupt = (): PyralogError => new PyralogError('CHAIN_CORRUPT', 'truncated undo record', { phase: 'chain' });
  if (bytes.length < 4) throw corrupt();
  const count = view.getUint32(0, true);
  const out: SpentCoin[] = [];
  let at = 4;
  for (let i = 0; i < count; i++) {
    if (at + OUTPOINT_KEY_SIZE + 4 > bytes.length) throw corrupt();
    const outpoint = outpointFromKey(bytes.subarray(at, at + OUTPOINT_KEY_SIZE));
    const len = view.getUint32(at + OUTPOINT_KEY_SIZE, true);
    const start = at + OUTPOINT_KEY_SIZE + 4;
    if (start + len > bytes.length) throw corrupt();
    out.push({ outpoint, coin: decodeCoin(bytes.subarray(start, start + len)) });
    at = start + len;
  }
  return out;
}
