/**
 * DER encodings of ECDSA signatures as Bitcoin sees them: BIP66 strict
 * encoding checks (on a signature with its trailing hash-type byte), the lax
 * parser Bitcoin Core uses for signatures that predate BIP66, the low-S rule,
 * and DER encoding of a compact (r‖s) signature.
 */

/** The secp256k1 group order n, big-endian. */
export const CURVE_ORDER = Uint8Array.from(
  Buffer.from('fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141', 'hex'),
);
/** n / 2, big-endian: the largest low S. */
export const HALF_CURVE_ORDER = Uint8Array.from(
  Buffer.from('7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0', 'hex'),
);

function compare32(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < 32; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * BIP66 strict DER of `sig` including the hash-type byte:
 * 0x30 len 0x02 lenR R 0x02 lenS S hashtype, minimal positive integers.
 */
export function isValidSignatureEncoding(sig: Uint8Array): boolean {
  const size = sig.length;
  if (size < 9 || size > 73) return false;
  if (sig[0] !== 0x30) return false;
  if (sig[1] !== size - 3) return false;
  const lenR = sig[3]!;
  if (5 + lenR >= size) return false;
  const lenS = sig[5 + lenR]!;
  if (lenR + lenS + 7 !== size) return false;
  if (sig[2] !== 0x02) return false;
  if (lenR === 0) return false;
  if ((sig[4]! & 0x80) !== 0) return false;
  if (lenR > 1 && sig[4] === 0x00 && (sig[5]! & 0x80) === 0) return false;
  if (sig[lenR + 4] !== 0x02) return false;
  if (lenS === 0) return false;
  if ((sig[lenR + 6]! & 0x80) !== 0) return false;
  if (lenS > 1 && sig[lenR + 6] === 0x00 && (sig[lenR + 7]! & 0x80) === 0) return false;
  return true;
}

/**
 * Bitcoin Core's lax DER parser (ecdsa_signature_parse_der_lax) on a signature
 * without its hash-type byte. Returns the 64-byte compact r‖s, `'overflow'`
 * when r or s does not fit below n (a signature that can never verify), or
 * undefined when the bytes are not even laxly DER.
 */
export function parseDerLax(input: Uint8Array): Uint8Array | 'overflow' | undefined {
  const len = input.length;
  let pos = 0;
  if (pos === len || input[pos] !== 0x30) return undefined;
  pos++;
  if (pos === len) return undefined;
  let lenbyte = input[pos++]!;
  if ((lenbyte & 0x80) !== 0) {
    lenbyte -= 0x80;
    if (lenbyte > len - pos) return undefined;
    pos += lenbyte;
  }
  const readInt = (): { start: number; length: number } | undefined => {
    if (pos === len || input[pos] !== 0x02) return undefined;
    pos++;
    if (pos === len) return undefined;
    let lb = input[pos++]!;
    let ilen: number;
    if ((lb & 0x80) !== 0) {
      lb -= 0x80;
      if (lb > len - pos) return undefined;
      while (lb > 0 && input[pos] === 0) {
        pos++;
        lb--;
      }
      if (lb >= 4) return undefined;
      ilen = 0;
      while (lb > 0) {
        ilen = ilen * 256 + input[pos]!;
        pos++;
        lb--;
      }
    } else {
      ilen = lb;
    }
    if (ilen > len - pos) return undefined;
    const start = pos;
    pos += ilen;
    return { start, length: ilen };
  };
  const r = readInt();
  if (r === undefined) return undefined;
  const s = readInt();
  if (s === undefined) return undefined;
  const out = new Uint8Array(64);
  const place = (v: { start: number; length: number }, at: number): boolean => {
    let { start, length } = v;
    while (length > 0 && input[start] === 0) {
      start++;
      length--;
    }
    if (length > 32) return false;
    out.set(input.subarray(start, start + length), at + 32 - length);
    return true;
  };
  if (!place(r, 0) || !place(s, 32)) return 'overflow';
  if (compare32(out.subarray(0, 32), CURVE_ORDER) >= 0 || compare32(out.subarray(32), CURVE_ORDER) >= 0) return 'overflow';
  return out;
}

/** True when S of a compact signature is at most n/2. */
export function isLowS(compact: Uint8Array): boolean {
  return compare32(compact.subarray(32, 64), HALF_CURVE_ORDER) <= 0;
}

/**
 * LOW_S rule on a signature with its hash-type byte: 'SIG_DER' if not strict
 * DER, 'SIG_HIGH_S' if S > n/2, undefined when fine.
 */
export function checkLowDerSignature(sigWithHashType: Uint8Array): 'SIG_DER' | 'SIG_HIGH_S' | undefined {
  if (!isValidSignatureEncoding(sigWithHashType)) return 'SIG_DER';
  const compact = parseDerLax(sigWithHashType.subarray(0, sigWithHashType.length - 1));
  if (compact === undefined || compact === 'overflow') return 'SIG_HIGH_S';
  return isLowS(compact) ? undefined : 'SIG_HIGH_S';
}

function derInteger(bytes32: Uint8Array): number[] {
  let i = 0;
  while (i < 31 && bytes32[i] === 0) i++;
  const body = Array.from(bytes32.subarray(i));
  if ((body[0]! & 0x80) !== 0) body.unshift(0);
  return [0x02, body.length, ...body];
}

/** Strict DER encoding of a 64-byte compact r‖s signature (no hash-type byte). */
export function encodeDer(compact: Uint8Array): Uint8Array {
  const r = derInteger(compact.subarray(0, 32));
  const s = derInteger(compact.subarray(32, 64));
  return Uint8Array.from([0x30, r.length + s.length, ...r, ...s]);
}
