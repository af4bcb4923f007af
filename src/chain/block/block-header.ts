/**
 * The 80-byte block header: parse, serialize and hash. Layout (all integers
 * little-endian): version i32, prevHash 32, merkleRoot 32, time u32, bits u32,
 * nonce u32. The block hash is double SHA-256 of these 80 bytes.
 */
import { PyralogError } from '../../errors/pyralog-error.js';
import { hash256 } from '../crypto/hash.js';

export const HEADER_SIZE = 80;

export interface BlockHeader {
  readonly version: number;
  /** Hash of the previous block, internal byte order. */
  readonly prevHash: Uint8Array;
  /** Merkle root of the block's transaction ids, internal byte order. */
  readonly merkleRoot: Uint8Array;
  /** Seconds since the Unix epoch. */
  readonly time: number;
  /** Compact target (see compact-target.ts). */
  readonly bits: number;
  readonly nonce: number;
}

/** Writes the header's 80 bytes into `out` at `offset` (default a fresh buffer). */
export function serializeBlockHeader(h: BlockHeader, out: Uint8Array = new Uint8Array(HEADER_SIZE), offset = 0): Uint8Array {
  if (h.prevHash.length !== 32 || h.merkleRoot.length !== 32) {
    throw new PyralogError('CHAIN_BAD_HEADER', 'header hashes must be 32 bytes', { phase: 'chain' });
  }
  const view = new DataView(out.buffer, out.byteOffset + offset, HEADER_SIZE);
  view.setInt32(0, h.version, true);
  out.set(h.prevHash, offset + 4);
  out.set(h.merkleRoot, offset + 36);
  view.setUint32(68, h.time >>> 0, true);
  view.setUint32(72, h.bits >>> 0, true);
  view.setUint32(76, h.nonce >>> 0, true);
  return out;
}

/** Reads an 80-byte header from `bytes` at `offset`. */
export function parseBlockHeader(bytes: Uint8Array, offset = 0): BlockHeader {
  if (bytes.length - offset < HEADER_SIZE) {
    throw new PyralogError('CHAIN_TRUNCATED', `block header needs 80 bytes, ${bytes.length - offset} left`, { phase: 'chain' });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, HEADER_SIZE);
  return {
    version: view.getInt32(0, true),
    prevHash: bytes.slice(offset + 4, offset + 36),
    merkleRoot: bytes.slice(offset + 36, offset + 68),
    time: view.getUint32(68, true),
    bits: view.getUint32(72, true),
    nonce: view.getUint32(76, true),
  };
}

/** Double SHA-256 of the serialized header, internal byte order. */
export function blockHeaderHash(h: BlockHeader): Uint8Array {
  return hash256(serializeBlockHeader(h));
}
