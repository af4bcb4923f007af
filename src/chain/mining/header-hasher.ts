/**
 * Double SHA-256 of 80-byte block headers with the midstate trick: the first
 * 64 header bytes (version, previous hash, most of the Merkle root) are
 * compressed once per template; each nonce then costs two SHA-256
 * compressions (the last 16 header bytes, then the 32-byte first digest), in
 * plain 32-bit integer JavaScript with no allocation.
 *
 * `createHeaderHasher` references nothing outside its own body, so its source
 * text is also shipped to the mining worker threads.
 */

export interface HeaderHasher {
  /** Loads a header (80 bytes; its nonce is ignored) and computes the midstate. */
  setHeader(header: Uint8Array): void;
  /** Double SHA-256 of the loaded header with `nonce`, into `out` (32 bytes, digest order). */
  hash(nonce: number, out: Uint8Array): void;
}

export function createHeaderHasher(): HeaderHasher {
  const K = new Int32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ]);
  const IV = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const W = new Int32Array(64);
  const mid = new Int32Array(8);
  const st = new Int32Array(8);
  const tail = new Int32Array(3);

  /** Compresses W[0..15] into `state` (in place). */
  function compress(state: Int32Array): void {
    for (let i = 16; i < 64; i++) {
      const w15 = W[i - 15] as number;
      const w2 = W[i - 2] as number;
      const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
      const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
      W[i] = ((W[i - 16] as number) + s0 + (W[i - 7] as number) + s1) | 0;
    }
    let a = state[0] as number, b = state[1] as number, c = state[2] as number, d = state[3] as number;
    let e = state[4] as number, f = state[5] as number, g = state[6] as number, h = state[7] as number;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + S1 + ((e & f) ^ (~e & g)) + (K[i] as number) + (W[i] as number)) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    state[0] = ((state[0] as number) + a) | 0;
    state[1] = ((state[1] as number) + b) | 0;
    state[2] = ((state[2] as number) + c) | 0;
    state[3] = ((state[3] as number) + d) | 0;
    state[4] = ((state[4] as number) + e) | 0;
    state[5] = ((state[5] as number) + f) | 0;
    state[6] = ((state[6] as number) + g) | 0;
    state[7] = ((state[7] as number) + h) | 0;
  }

  const be = (bytes: Uint8Array, at: number): number =>
    (((bytes[at] as number) << 24) | ((bytes[at + 1] as number) << 16) | ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number)) | 0;

  return {
    setHeader(header: Uint8Array): void {
      for (let i = 0; i < 16; i++) W[i] = be(header, i * 4);
      mid.set(IV);
      compress(mid);
      tail[0] = be(header, 64);
      tail[1] = be(header, 68);
      tail[2] = be(header, 72);
    },
    hash(nonce: number, out: Uint8Array): void {
      // second block of the header: 16 bytes, padding, length 640 bits
      W[0] = tail[0] as number;
      W[1] = tail[1] as number;
      W[2] = tail[2] as number;
      W[3] = ((nonce & 0xff) << 24) | ((nonce & 0xff00) << 8) | ((nonce >>> 8) & 0xff00) | (nonce >>> 24);
      W[4] = 0x80000000 | 0;
      for (let i = 5; i < 15; i++) W[i] = 0;
      W[15] = 640;
      st.set(mid);
      compress(st);
      // second hash: the 32-byte digest, padding, length 256 bits
      for (let i = 0; i < 8; i++) W[i] = st[i] as number;
      W[8] = 0x80000000 | 0;
      for (let i = 9; i < 15; i++) W[i] = 0;
      W[15] = 256;
      st.set(IV);
      compress(st);
      for (let i = 0; i < 8; i++) {
        const v = st[i] as number;
        out[i * 4] = v >>> 24;
        out[i * 4 + 1] = (v >>> 16) & 0xff;
        out[i * 4 + 2] = (v >>> 8) & 0xff;
        out[i * 4 + 3] = v & 0xff;
      }
    },
  };
}
