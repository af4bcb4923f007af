/**
 * A coin (an unspent output) and its byte encodings in the key-value UTXO
 * namespace. Key: the outpoint as 36 bytes, txid (internal order) then the
 * output index as big-endian u32 (so one transaction's outputs sort
 * together). Value: value as little-endian i64, height u32 LE, a flags byte
 * (bit 0 = coinbase), then the scriptPubKey.
 */
import { PyralogError } from '../../errors/pyralog-error.js';
import type { OutPoint } from '../tx/transaction.js';

export interface Coin {
  readonly value: bigint;
  /** Height of the block that created the output. */
  readonly height: number;
  readonly coinbase: boolean;
  readonly scriptPubKey: Uint8Array;
}

export const OUTPOINT_KEY_SIZE = 36;
const COIN_HEADER = 13;

export function outpointKey(p: OutPoint): Uint8Array {
  const key = new Uint8Array(OUTPOINT_KEY_SIZE);
  key.set(p.txid, 0);
  new DataView(key.buffer).setUint32(32, p.index >>> 0, false);
  return key;
}

export function outpointFromKey(key: Uint8Array): OutPoint {
  if (key.length !== OUTPOINT_KEY_SIZE) throw new PyralogError('CHAIN_CORRUPT', `outpoint key of ${key.length} bytes`, { phase: 'chain' });
  return { txid: key.slice(0, 32), index: new DataView(key.buffer, key.byteOffset, key.byteLength).getUint32(32, false) };
}

export function encodeCoin(c: Coin): Uint8Array {
  const out = new Uint8Array(COIN_HEADER + c.scriptPubKey.length);
  const view = new DataView(out.buffer);
  view.setBigInt64(0, c.value, true);
  view.setUint32(8, c.height >>> 0, true);
  out[12] = c.coinbase ? 1 : 0;
  out.set(c.scriptPubKey, COIN_HEADER);
  return out;
}

export function decodeCoin(bytes: Uint8Array): Coin {
  if (bytes.length < COIN_HEADER) throw new PyralogError('CHAIN_CORRUPT', `coin record of ${bytes.length} bytes`, { phase: 'chain' });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    value: view.getBigInt64(0, true),
    height: view.getUint32(8, true),
    coinbase: ((bytes[12] ?? 0) & 1) === 1,
    scriptPubKey: bytes.slice(COIN_HEADER),
  };
}

/** A string form of an outpoint key (the 36 key bytes as latin1 characters), for in-memory maps. */
export function outpointId(p: OutPoint): string {
  return Buffer.from(outpointKey(p)).toString('latin1');
}
