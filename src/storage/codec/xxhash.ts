/**
 * The xxHash functions storage uses for bloom filters and segment checksums.
 * xxhash-wasm initialises asynchronously, so this module awaits it once at
 * load (top-level await) and everything above can stay synchronous.
 */
import xxhash from 'xxhash-wasm';

const api = await xxhash();

/** 32-bit xxHash of bytes with a seed. */
export function hash32(bytes: Uint8Array, seed = 0): number {
  return api.h32Raw(bytes, seed);
}

/** 64-bit xxHash of bytes, as 16 hex digits (the form stored in segment metadata). */
export function checksum64(bytes: Uint8Array): string {
  return api.h64Raw(bytes).toString(16).padStart(16, '0');
}
