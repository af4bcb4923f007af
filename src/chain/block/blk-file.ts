/**
 * Reads bitcoind's blk*.dat framing: repeated [4-byte network magic,
 * 4-byte little-endian length, raw block]. Input may be bzip2-compressed
 * (detected by the "BZh" signature) and is decompressed with seek-bzip.
 * Zero padding after the last block (preallocated files) ends the stream.
 */
import { createRequire } from 'node:module';
import { PyralogError } from '../../errors/pyralog-error.js';
import { bytesEqual, toHex } from '../encoding/hex.js';

interface SeekBzip {
  decode(input: Uint8Array): Uint8Array;
}

const require = createRequire(import.meta.url);
let bunzip: SeekBzip | undefined;

/** True when the bytes start with a bzip2 stream header ("BZh" + block size digit). */
export function isBzip2(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x42 && bytes[1] === 0x5a && bytes[2] === 0x68 && (bytes[3] ?? 0) >= 0x31 && (bytes[3] ?? 0) <= 0x39;
}

/** The bytes, bzip2-decompressed when they are a bzip2 stream. */
export function maybeDecompress(bytes: Uint8Array): Uint8Array {
  if (!isBzip2(bytes)) return bytes;
  bunzip ??= require('seek-bzip') as SeekBzip;
  let out: Uint8Array;
  try {
    out = bunzip.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (cause) {
    throw new PyralogError('CHAIN_BAD_ARCHIVE', `the bzip2 data does not decompress: ${cause instanceof Error ? cause.message : String(cause)}`, {
      phase: 'import',
      cause,
      hints: ['the file is corrupt or cut short; download it again'],
    });
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** The raw blocks of a blk-framed buffer (views into it), checking each frame's magic. */
export function splitBlkFrames(bytes: Uint8Array, magic: Uint8Array): Uint8Array[] {
  const blocks: Uint8Array[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (at < bytes.length) {
    if (bytes.length - at < 8) {
      if (bytes.subarray(at).every((b) => b === 0)) break;
      throw new PyralogError('CHAIN_BAD_BLK_FILE', `truncated frame header at offset ${at}`, { phase: 'import' });
    }
    const frameMagic = bytes.subarray(at, at + 4);
    if (frameMagic.every((b) => b === 0)) break;
    if (!bytesEqual(frameMagic, magic)) {
      throw new PyralogError('CHAIN_BAD_MAGIC', `frame at offset ${at} has magic ${toHex(frameMagic)}, expected ${toHex(magic)}`, {
        phase: 'import',
        hints: ['the file may belong to another network'],
      });
    }
    const length = view.getUint32(at + 4, true);
    if (at + 8 + length > bytes.length) {
      throw new PyralogError('CHAIN_BAD_BLK_FILE', `frame at offset ${at} claims ${length} bytes, only ${bytes.length - at - 8} left`, {
        phase: 'import',
      });
    }
    blocks.push(bytes.subarray(at + 8, at + 8 + length));
    at += 8 + length;
  }
  return blocks;
}

/** True when the (decompressed) bytes start with a blk frame of this magic. */
export function looksBlkFramed(bytes: Uint8Array, magic: Uint8Array): boolean {
  return bytes.length >= 8 && bytesEqual(bytes.subarray(0, 4), magic);
}
