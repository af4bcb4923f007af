/**
 * Classifies an output script into the standard templates (p2pk, p2pkh,
 * p2sh, multisig, null data, segwit programs) and renders the address of the
 * single-key / script-hash forms in Base58Check, for the outputs and utxos
 * tables.
 */
import { OP } from '../script/opcodes.js';
import { hash160, hash256 } from '../crypto/hash.js';
import { p2pkhScript } from '../script/standard-scripts.js';

export { p2pkhScript };

export type ScriptType = 'p2pk' | 'p2pkh' | 'p2sh' | 'multisig' | 'nulldata' | 'p2wpkh' | 'p2wsh' | 'p2tr' | 'witness' | 'nonstandard';

export function classifyScript(s: Uint8Array): ScriptType {
  const n = s.length;
  if (n === 25 && s[0] === OP.OP_DUP && s[1] === OP.OP_HASH160 && s[2] === 20 && s[23] === OP.OP_EQUALVERIFY && s[24] === OP.OP_CHECKSIG) return 'p2pkh';
  if (n === 23 && s[0] === OP.OP_HASH160 && s[1] === 20 && s[22] === OP.OP_EQUAL) return 'p2sh';
  if ((n === 67 && s[0] === 65) || (n === 35 && s[0] === 33)) {
    if (s[n - 1] === OP.OP_CHECKSIG) return 'p2pk';
  }
  if (n >= 1 && s[0] === OP.OP_RETURN) return 'nulldata';
  if (n === 22 && s[0] === 0 && s[1] === 20) return 'p2wpkh';
  if (n === 34 && s[0] === 0 && s[1] === 32) return 'p2wsh';
  if (n === 34 && s[0] === OP.OP_1 && s[1] === 32) return 'p2tr';
  if (n >= 4 && n <= 42 && (s[0] === 0 || ((s[0] ?? 0) >= OP.OP_1 && (s[0] ?? 0) <= OP.OP_16)) && s[1] === n - 2) return 'witness';
  if (n >= 3 && s[n - 1] === OP.OP_CHECKMULTISIG) return 'multisig';
  return 'nonstandard';
}

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Base58Check of version byte + payload (base conversion on a digit array, no BigInt). */
export function base58Check(version: number, payload: Uint8Array): string {
  const data = new Uint8Array(1 + payload.length + 4);
  data[0] = version;
  data.set(payload, 1);
  data.set(hash256(data.subarray(0, 1 + payload.length)).subarray(0, 4), 1 + payload.length);
  let zeros = 0;
  while (zeros < data.length && data[zeros] === 0) zeros++;
  // base-58 digits, least significant first
  const digits = new Uint8Array(Math.ceil((data.length * 138) / 100) + 1);
  let len = 0;
  for (let i = zeros; i < data.length; i++) {
    let carry = data[i] as number;
    for (let j = 0; j < len; j++) {
      carry += (digits[j] as number) << 8;
      digits[j] = carry % 58;
      carry = (carry / 58) | 0;
    }
    while (carry > 0) {
      digits[len++] = carry % 58;
      carry = (carry / 58) | 0;
    }
  }
  let out = '1'.repeat(zeros);
  for (let j = len - 1; j >= 0; j--) out += ALPHABET[digits[j] as number];
  return out;
}

/** Decodes Base58Check text into version byte and payload; undefined when malformed or the checksum fails. */
export function base58CheckDecode(text: string): { readonly version: number; readonly payload: Uint8Array } | undefined {
  let zeros = 0;
  while (zeros < text.length && text[zeros] === '1') zeros++;
  const bytes = new Uint8Array(text.length); // base-256 digits, least significant first
  let len = 0;
  for (let i = zeros; i < text.length; i++) {
    let carry = ALPHABET.indexOf(text[i] as string);
    if (carry < 0) return undefined;
    for (let j = 0; j < len; j++) {
      carry += (bytes[j] as number) * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes[len++] = carry & 0xff;
      carry >>= 8;
    }
  }
  const data = new Uint8Array(zeros + len);
  for (let j = 0; j < len; j++) data[zeros + j] = bytes[len - 1 - j] as number;
  if (data.length < 5) return undefined;
  const body = data.subarray(0, data.length - 4);
  const check = hash256(body);
  for (let i = 0; i < 4; i++) if (data[body.length + i] !== check[i]) return undefined;
  return { version: body[0] as number, payload: body.slice(1) };
}

/** The output script paying to a P2PKH or P2SH address of a chain, or undefined for anything else. */
export function scriptForAddress(address: string, versions: { readonly pubkeyHash: number; readonly scriptHash: number }): Uint8Array | undefined {
  const d = base58CheckDecode(address);
  if (d === undefined || d.payload.length !== 20) return undefined;
  if (d.version === versions.pubkeyHash) return p2pkhScript(d.payload);
  if (d.version === versions.scriptHash) {
    const s = new Uint8Array(23);
    s[0] = OP.OP_HASH160;
    s[1] = 20;
    s.set(d.payload, 2);
    s[22] = OP.OP_EQUAL;
    return s;
  }
  return undefined;
}

/** The address of a p2pkh / p2pk (as its key hash) / p2sh output, or null. */
export function scriptAddress(s: Uint8Array, versions: { readonly pubkeyHash: number; readonly scriptHash: number }): string | null {
  switch (classifyScript(s)) {
    case 'p2pkh':
      return base58Check(versions.pubkeyHash, s.subarray(3, 23));
    case 'p2sh':
      return base58Check(versions.scriptHash, s.subarray(2, 22));
    case 'p2pk':
      return base58Check(versions.pubkeyHash, hash160(s.subarray(1, s.length - 1)));
    default:
      return null;
  }
}
