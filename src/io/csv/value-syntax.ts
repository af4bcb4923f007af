/**
 * What the text of one CSV cell looks like: an integer that fits in a signed
 * 64-bit value, a decimal/float literal, a boolean word. Hand-written scans
 * (no regex, no allocation) because inference calls them for every cell.
 *
 * Leading zeros (`0171`, `007.5`) make a cell text, never a number: such
 * values are codes (zip codes, phone prefixes) whose zeros matter.
 */

/** Not a number literal. */
export const NOT_NUMBER = 0;
/** An integer literal within the signed 64-bit range. */
export const INT_LITERAL = 1;
/** A decimal or exponent literal (or an integer outside 64 bits, which a double would round: treated as not a number). */
export const FLOAT_LITERAL = 2;
export type NumberClass = typeof NOT_NUMBER | typeof INT_LITERAL | typeof FLOAT_LITERAL;

const INT64_MAX_TEXT = '9223372036854775807';
const INT64_MIN_ABS_TEXT = '9223372036854775808';

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Classifies `s` as an int64 literal, a float literal, or neither. */
export function classifyNumber(s: string): NumberClass {
  const n = s.length;
  let i = 0;
  let c = s.charCodeAt(0);
  const negative = c === 45;
  if (c === 43 || c === 45) i++;
  const intStart = i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  const intDigits = i - intStart;
  if (intDigits > 1 && s.charCodeAt(intStart) === 48) return NOT_NUMBER;
  if (i === n) {
    if (intDigits === 0) return NOT_NUMBER;
    if (intDigits < 19) return INT_LITERAL;
    if (intDigits > 19) return NOT_NUMBER;
    const digits = s.slice(intStart);
    return digits <= (negative ? INT64_MIN_ABS_TEXT : INT64_MAX_TEXT) ? INT_LITERAL : NOT_NUMBER;
  }
  c = s.charCodeAt(i);
  if (c === 46) {
    i++;
    const fracStart = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i === fracStart) return NOT_NUMBER;
    if (i === n) return FLOAT_LITERAL;
    c = s.charCodeAt(i);
  } else if (intDigits === 0) {
    return NOT_NUMBER;
  }
  if (c !== 101 && c !== 69) return NOT_NUMBER;
  i++;
  c = s.charCodeAt(i);
  if (c === 43 || c === 45) i++;
  const expStart = i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  return i > expStart && i === n ? FLOAT_LITERAL : NOT_NUMBER;
}

/** True for `true`/`false` in any letter case. */
export function isBoolWord(s: string): boolean {
  const n = s.length;
  if (n === 4) return s === 'true' || s.toLowerCase() === 'true';
  if (n === 5) return s === 'false' || s.toLowerCase() === 'false';
  return false;
}

/** The boolean of a cell for a bool column: true/false (any case), also 1/0 when the type was forced. */
export function parseBoolText(s: string, lenient: boolean): boolean | undefined {
  if (isBoolWord(s)) return s.length === 4;
  if (lenient) {
    if (s === '1') return true;
    if (s === '0') return false;
  }
  return undefined;
}

/** Loose integer syntax accepted when a column is forced to int64: optional sign, digits (leading zeros allowed). */
export function isLooseIntText(s: string): boolean {
  const n = s.length;
  let i = 0;
  const c = s.charCodeAt(0);
  if (c === 43 || c === 45) i++;
  if (i === n) return false;
  for (; i < n; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

/** True when a loosely written integer (see isLooseIntText) fits in a signed 64-bit value. */
export function fitsInt64(s: string): boolean {
  // Fewer than 19 significant digits always fit: no BigInt for the common case.
  let i = s.charCodeAt(0) === 43 || s.charCodeAt(0) === 45 ? 1 : 0;
  while (i < s.length - 1 && s.charCodeAt(i) === 48) i++;
  if (s.length - i < 19) return true;
  const v = BigInt(s);
  return v >= -9223372036854775808n && v <= 9223372036854775807n;
}

const LOOSE_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Loose decimal syntax accepted when a column is forced to float64: leading zeros and a trailing `.` allowed; no hex, no words. */
export function isLooseFloatText(s: string): boolean {
  // classifyNumber's literals are a subset of the loose syntax and need no regex.
  return classifyNumber(s) !== NOT_NUMBER || LOOSE_FLOAT.test(s);
}
