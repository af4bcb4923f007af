/**
 * The value syntax of value-syntax.ts read straight from UTF-8 bytes of a
 * cell, so that import never makes a string for a number or a boolean:
 * classifying a cell (int64 literal, float literal, neither), the loose
 * forced-type syntaxes, and parsing int64 / float64 / bool values. Each
 * function here answers exactly as its text twin answers for the decoded
 * text (the property tests in __tests__/byte-cells.test.ts check that).
 */
import { FLOAT_LITERAL, INT_LITERAL, NOT_NUMBER, type NumberClass } from './value-syntax.js';

const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

/** Character codes of the first 18 digits of 9223372036854775807 (2^63 - 1). */
const INT64_MAX_DIGITS = Array.from('922337203685477580', (d) => d.charCodeAt(0));

/** Compares the 19 digits at b[s..s+19) with 9223372036854775807 (+1 when negative): true when within range. */
function within19(b: Uint8Array, s: number, negative: boolean): boolean {
  for (let k = 0; k < 18; k++) {
    const d = b[s + k]!;
    const m = INT64_MAX_DIGITS[k]!;
    if (d !== m) return d < m;
  }
  return b[s + 18]! <= (negative ? 56 : 55);
}

/** classifyNumber of the text b[s..e) (a cell without doubled quotes). */
export function classifyNumberBytes(b: Uint8Array, s: number, e: number): NumberClass {
  let i = s;
  let c = i < e ? b[i]! : -1;
  const negative = c === MINUS;
  if (c === PLUS || c === MINUS) i++;
  const intStart = i;
  while (i < e && (c = b[i]!) >= ZERO && c <= NINE) i++;
  const intDigits = i - intStart;
  if (intDigits > 1 && b[intStart] === ZERO) return NOT_NUMBER;
  if (i === e) {
    if (intDigits === 0) return NOT_NUMBER;
    if (intDigits < 19) return INT_LITERAL;
    if (intDigits > 19) return NOT_NUMBER;
    return within19(b, intStart, negative) ? INT_LITERAL : NOT_NUMBER;
  }
  c = b[i]!;
  if (c === DOT) {
    i++;
    const fracStart = i;
    while (i < e && (c = b[i]!) >= ZERO && c <= NINE) i++;
    if (i === fracStart) return NOT_NUMBER;
    if (i === e) return FLOAT_LITERAL;
    c = b[i]!;
  } else if (intDigits === 0) {
    return NOT_NUMBER;
  }
  if (c !== 101 && c !== 69) return NOT_NUMBER;
  i++;
  c = i < e ? b[i]! : -1;
  if (c === PLUS || c === MINUS) i++;
  const expStart = i;
  while (i < e && (c = b[i]!) >= ZERO && c <= NINE) i++;
  return i > expStart && i === e ? FLOAT_LITERAL : NOT_NUMBER;
}

/** isLooseIntText && fitsInt64 of b[s..e): optional sign, digits (leading zeros allowed), within 64 bits. */
export function isLooseInt64Bytes(b: Uint8Array, s: number, e: number): boolean {
  let i = s;
  const c0 = i < e ? b[i]! : -1;
  const negative = c0 === MINUS;
  if (c0 === PLUS || c0 === MINUS) i++;
  if (i === e) return false;
  for (let k = i; k < e; k++) {
    const c = b[k]!;
    if (c < ZERO || c > NINE) return false;
  }
  while (i < e - 1 && b[i] === ZERO) i++;
  const digits = e - i;
  if (digits < 19) return true;
  return digits === 19 && within19(b, i, negative);
}

/**
 * The loose float syntax of isLooseFloatText over b[s..e):
 * `[+-]? (digits '.'? digits? | '.' digits) ([eE] [+-]? digits)?`.
 */
export function isLooseFloatBytes(b: Uint8Array, s: number, e: number): boolean {
  let i = s;
  let c = i < e ? b[i]! : -1;
  if (c === PLUS || c === MINUS) i++;
  const intStart = i;
  while (i < e && (c = b[i]!) >= ZERO && c <= NINE) i++;
  const intDigits = i - intStart;
  let fracDigits = 0;
  if (i < e && b[i] === DOT) {
    i++;
    const fracStart = i;
    while (i < e && (c = b[i]!) >= ZERO && c <= NINE) i++;
    fracDigits = i - fracStart;
  }
  if (intDigits === 0 && fracDigits === 0) return false;
  if (i === e) return true;
  c = b[i]!;
  if (c !== 101 && c !== 69) return false;
  i++;
  c = i < e ? b[i]! : -1;
  if (c === PLUS || c === MINUS) i++;
  const expStart = i;
  while (i < e && (c = b[i]!) >= ZERO && c <= NINE) i++;
  return i > expStart && i === e;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const latin1 = new TextDecoder('latin1');

/**
 * Number(text) of a cell in the loose float syntax (see isLooseFloatBytes),
 * or undefined when the cell is not in that syntax. Correctly rounded: with
 * at most 15 significant digits and no exponent, the digits and the power
 * of ten are exact doubles and one IEEE divide rounds once (Clinger's fast
 * path); anything else goes through Number() on the text.
 */
export function parseFloatBytes(b: Uint8Array, s: number, e: number): number | undefined {
  let i = s;
  let c = i < e ? b[i]! : -1;
  const negative = c === MINUS;
  if (c === PLUS || c === MINUS) i++;
  let m = 0;
  let sig = 0;
  let digits = 0;
  let scale = 0;
  while (i < e && (c = b[i]!) >= ZERO && c <= NINE) {
    if (sig > 0 || c !== ZERO) {
      m = m * 10 + (c - ZERO);
      sig++;
    }
    digits++;
    i++;
  }
  if (i < e && b[i] === DOT) {
    i++;
    while (i < e && (c = b[i]!) >= ZERO && c <= NINE) {
      if (sig > 0 || c !== ZERO) {
        m = m * 10 + (c - ZERO);
        sig++;
      }
      digits++;
      scale--;
      i++;
    }
  }
  if (digits === 0) return undefined;
  if (i < e || sig > 15 || scale < -22) {
    // An exponent (rare in data files), many digits, or not a number at all.
    return isLooseFloatBytes(b, s, e) ? Number(latin1.decode(b.subarray(s, e))) : undefined;
  }
  const v = scale === 0 ? m : m / POW10[-scale]!;
  return negative ? -v : v;
}

/** The value of a cell in the loose int64 syntax (isLooseInt64Bytes is true), when it has at most 15 digits; else undefined. */
export function parseSmallIntBytes(b: Uint8Array, s: number, e: number): number | undefined {
  let i = s;
  const c0 = b[i]!;
  if (c0 === PLUS || c0 === MINUS) i++;
  if (e - i > 15) {
    while (i < e - 1 && b[i] === ZERO) i++;
    if (e - i > 15) return undefined;
  }
  let v = 0;
  for (; i < e; i++) v = v * 10 + (b[i]! - ZERO);
  return c0 === MINUS ? -v : v;
}

/** The int64 value of a cell in the loose int64 syntax, as a BigInt. */
export function parseBigIntBytes(b: Uint8Array, s: number, e: number): bigint {
  return BigInt(latin1.decode(b.subarray(s, e)));
}

/** parseBoolText of b[s..e): 1 for true/TRUE/…, 0 for false, and when lenient also for '1' / '0'; -1 otherwise. */
export function parseBoolBytes(b: Uint8Array, s: number, e: number, lenient: boolean): number {
  const n = e - s;
  if (n === 4) {
    return (b[s]! | 0x20) === 116 && (b[s + 1]! | 0x20) === 114 && (b[s + 2]! | 0x20) === 117 && (b[s + 3]! | 0x20) === 101 ? 1 : -1;
  }
  if (n === 5) {
    return (b[s]! | 0x20) === 102 && (b[s + 1]! | 0x20) === 97 && (b[s + 2]! | 0x20) === 108 && (b[s + 3]! | 0x20) === 115 && (b[s + 4]! | 0x20) === 101 ? 0 : -1;
  }
  if (lenient && n === 1) {
    if (b[s] === 49) return 1;
    if (b[s] === ZERO) return 0;
  }
  return -1;
}

/**
 * The value of b[s..e) when it is a text String(n) gives for a safe integer
 * of at most 15 digits (`0`, or `-`? then a non-zero digit, then digits: the
 * numeric keys of key-set.ts); NaN for any other text.
 */
export function canonicalIntBytes(b: Uint8Array, s: number, e: number): number {
  let i = s;
  const negative = i < e && b[i] === MINUS;
  if (negative) i++;
  const digits = e - i;
  if (digits < 1 || digits > 15) return NaN;
  const c0 = b[i]! - ZERO;
  if (c0 === 0) return digits === 1 && !negative ? 0 : NaN;
  if (c0 < 1 || c0 > 9) return NaN;
  let v = c0;
  for (i++; i < e; i++) {
    const d = b[i]! - ZERO;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return negative ? -v : v;
}
