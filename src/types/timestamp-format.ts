/**
 * ISO-8601 timestamp text <-> nanoseconds since the Unix epoch (UTC), and the
 * text pattern a value was written in, kept in field metadata
 * `pyralog.tsformat` so results print exactly as imported.
 *
 * Accepted text: `YYYY-MM-DD`, optionally followed by `T` or a space and
 * `HH:mm`, optionally `:ss`, optionally `.` and 1 to 9 fraction digits, then
 * optionally a zone: `Z`, `±HH`, `±HHmm` or `±HH:mm`. A value with an offset
 * is converted to UTC. Values without a zone are taken as UTC.
 *
 * Pattern grammar (what `pyralog.tsformat` holds): `YYYY-MM-DD`, then
 * optionally (`T`|` `)`HH:mm`, `:ss`, `.` followed by 1–9 `f`, and a final
 * `Z` when the imported text carried a zone (printed back as UTC with `Z`).
 * Example: `YYYY-MM-DDTHH:mm:ss.fffffffff`.
 */

/** The shape of one timestamp text; `pattern` is its `pyralog.tsformat` string. */
export interface TimestampShape {
  readonly separator: 'T' | ' ' | '';
  readonly hasTime: boolean;
  readonly hasSeconds: boolean;
  readonly fractionDigits: number;
  readonly hasZone: boolean;
}

export const TSFORMAT_METADATA_KEY = 'pyralog.tsformat';

const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The calendar date of a day number (inverse of daysFromCivil). */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export interface ParsedTimestamp {
  /** Nanoseconds since 1970-01-01T00:00:00Z. */
  readonly ns: bigint;
  /** Days since 1970-01-01 of the (UTC) date. */
  readonly days: number;
  readonly shape: TimestampShape;
}

/**
 * Shape codes: a TimestampShape packed in an int so the per-cell hot paths
 * allocate nothing. Bits 0–1 separator (0 none, 1 `T`, 2 space), bit 2 has
 * time, bit 3 has seconds, bits 4–7 fraction digits, bit 8 has zone.
 */
export type ShapeCode = number;

/** Fields of the last successful scanIsoTimestamp (year, month, day, hour, minute, second, fraction ns, offset minutes). */
const scratch = new Int32Array(8);

function digits(s: string, at: number, count: number): number {
  let v = 0;
  for (let k = 0; k < count; k++) {
    const d = s.charCodeAt(at + k) - 48;
    if (!(d >= 0 && d <= 9)) return -1; // also NaN past the end
    v = v * 10 + d;
  }
  return v;
}

/**
 * Checks `text` against the accepted ISO-8601 forms without allocating;
 * returns its shape code, or -1 when it is not a valid timestamp.
 */
export function scanIsoTimestamp(text: string): ShapeCode {
  const n = text.length;
  if (n < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return -1;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return -1;
  let code = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let fraction = 0;
  let offset = 0;
  let i = 10;
  if (i < n) {
    const sep = text.charCodeAt(i);
    if (sep === 84 /* T */) code = 1;
    else if (sep === 32) code = 2;
    else return -1;
    code |= 4;
    if (i + 6 > n || text.charCodeAt(i + 3) !== 58) return -1;
    hour = digits(text, i + 1, 2);
    minute = digits(text, i + 4, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return -1;
    i += 6;
    if (i < n && text.charCodeAt(i) === 58) {
      if (i + 3 > n) return -1;
      second = digits(text, i + 1, 2);
      if (second < 0 || second > 59) return -1;
      code |= 8;
      i += 3;
      if (i < n && text.charCodeAt(i) === 46) {
        i++;
        let count = 0;
        while (i < n && count < 10) {
          const d = text.charCodeAt(i) - 48;
          if (d < 0 || d > 9) break;
          fraction = fraction * 10 + d;
          count++;
          i++;
        }
        if (count === 0 || count > 9) return -1;
        fraction *= POW10[9 - count] ?? 1;
        code |= count << 4;
      }
    }
    if (i < n) {
      const z = text.charCodeAt(i);
      if (z === 90 /* Z */) {
        if (i + 1 !== n) return -1;
      } else if (z === 43 || z === 45) {
        const oh = digits(text, i + 1, 2);
        let om = 0;
        let end = i + 3;
        if (end < n) {
          const colon = text.charCodeAt(end) === 58 ? 1 : 0;
          om = digits(text, end + colon, 2);
          end += colon + 2;
        }
        if (oh < 0 || oh > 23 || om < 0 || om > 59 || end !== n) return -1;
        offset = (z === 45 ? -1 : 1) * (oh * 60 + om);
      } else {
        return -1;
      }
      code |= 256;
    }
  }
  scratch[0] = year;
  scratch[1] = month;
  scratch[2] = day;
  scratch[3] = hour;
  scratch[4] = minute;
  scratch[5] = second;
  scratch[6] = fraction;
  scratch[7] = offset;
  return code;
}

/** The seconds since the epoch of the last successful scan (UTC, offset applied). */
function scannedEpochSeconds(): number {
  const days = daysFromCivil(scratch[0]!, scratch[1]!, scratch[2]!);
  return days * 86_400 + scratch[3]! * 3600 + scratch[4]! * 60 + scratch[5]! - scratch[7]! * 60;
}

/** Nanoseconds since the epoch of ISO-8601 text, or undefined when it is not one. */
export function isoTimestampNs(text: string): bigint | undefined {
  if (scanIsoTimestamp(text) < 0) return undefined;
  const fraction = scratch[6]!;
  const ns = BigInt(scannedEpochSeconds()) * 1_000_000_000n;
  return fraction === 0 ? ns : ns + BigInt(fraction);
}

/** Days since the epoch of a date-only `YYYY-MM-DD` text, or undefined. */
export function isoDateDays(text: string): number | undefined {
  const code = scanIsoTimestamp(text);
  if (code !== 0) return undefined;
  return daysFromCivil(scratch[0]!, scratch[1]!, scratch[2]!);
}

export function shapeOfCode(code: ShapeCode): TimestampShape {
  const sep = code & 3;
  return {
    separator: sep === 1 ? 'T' : sep === 2 ? ' ' : '',
    hasTime: (code & 4) !== 0,
    hasSeconds: (code & 8) !== 0,
    fractionDigits: (code >> 4) & 15,
    hasZone: (code & 256) !== 0,
  };
}

/** Parses ISO-8601 text; undefined when it is not a valid timestamp (bad shape or out-of-range field). */
export function parseIsoTimestamp(text: string): ParsedTimestamp | undefined {
  const code = scanIsoTimestamp(text);
  if (code < 0) return undefined;
  const seconds = scannedEpochSeconds();
  const ns = BigInt(seconds) * 1_000_000_000n + BigInt(scratch[6]!);
  return { ns, days: Math.floor(seconds / 86_400), shape: shapeOfCode(code) };
}

/** The widest shape covering both: for a column whose values differ in detail. */
export function mergeShapes(a: TimestampShape, b: TimestampShape): TimestampShape {
  return {
    separator: a.separator !== '' ? a.separator : b.separator,
    hasTime: a.hasTime || b.hasTime,
    hasSeconds: a.hasSeconds || b.hasSeconds,
    fractionDigits: Math.max(a.fractionDigits, b.fractionDigits),
    hasZone: a.hasZone || b.hasZone,
  };
}

/** The `pyralog.tsformat` pattern of a shape. */
export function shapePattern(shape: TimestampShape): string {
  let p = 'YYYY-MM-DD';
  if (shape.hasTime) {
    p += `${shape.separator === '' ? 'T' : shape.separator}HH:mm`;
    if (shape.hasSeconds || shape.fractionDigits > 0) p += ':ss';
    if (shape.fractionDigits > 0) p += `.${'f'.repeat(shape.fractionDigits)}`;
  }
  if (shape.hasZone) p += 'Z';
  return p;
}

const PATTERN_RE = /^YYYY-MM-DD(?:([T ])HH:mm(?::ss(?:\.(f{1,9}))?)?)?(Z)?$/;

/** The shape a `pyralog.tsformat` pattern describes; undefined for a pattern outside the grammar. */
export function patternShape(pattern: string): TimestampShape | undefined {
  const m = PATTERN_RE.exec(pattern);
  if (m === null) return undefined;
  return {
    separator: (m[1] as 'T' | ' ' | undefined) ?? '',
    hasTime: m[1] !== undefined,
    hasSeconds: pattern.includes(':ss'),
    fractionDigits: m[2]?.length ?? 0,
    hasZone: m[3] !== undefined,
  };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** "00".."99": two-digit fields without a padStart per value. */
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)));

export function twoDigits(n: number): string {
  return TWO_DIGITS[n]!;
}

const NS_PER_SECOND = 1_000_000_000n;

/**
 * Whole seconds since the epoch (floored) and the nanoseconds within that
 * second of a timestamp: two BigInt operations, the rest is Number
 * arithmetic (seconds stay below 2^53). Results land in `split`.
 */
export const split = { seconds: 0, nanos: 0 };

export function splitNanos(ns: bigint): void {
  let sec = ns / NS_PER_SECOND;
  let frac = Number(ns - sec * NS_PER_SECOND);
  if (frac < 0) {
    frac += 1_000_000_000;
    sec -= 1n;
  }
  split.seconds = Number(sec);
  split.nanos = frac;
}

/**
 * A small direct-mapped cache of day number -> `YYYY-MM-DD` text (years
 * outside 0..9999 printed in full with their sign): the dates of a column
 * repeat, so most values skip the civil-date arithmetic.
 */
const DATE_SLOTS = 1024;
const dateKeys = new Float64Array(DATE_SLOTS).fill(Number.NaN);
const dateTexts: string[] = new Array<string>(DATE_SLOTS).fill('');

function computeDateText(days: number): string {
  const { year, month, day } = civilFromDays(days);
  const yearText = year >= 0 && year <= 9999 ? pad(year, 4) : String(year);
  return `${yearText}-${TWO_DIGITS[month]!}-${TWO_DIGITS[day]!}`;
}

/** `YYYY-MM-DD` of a day number (cached). */
export function dateText(days: number): string {
  const slot = days & (DATE_SLOTS - 1);
  if (dateKeys[slot] === days) return dateTexts[slot]!;
  const text = computeDateText(days);
  dateKeys[slot] = days;
  dateTexts[slot] = text;
  return text;
}

/** `HH:mm` and `HH:mm:ss` of a second within the day. */
export function clockText(secondOfDay: number, withSeconds: boolean): string {
  const h = Math.floor(secondOfDay / 3600);
  const m = Math.floor(secondOfDay / 60) - h * 60;
  const hm = `${TWO_DIGITS[h]!}:${TWO_DIGITS[m]!}`;
  return withSeconds ? `${hm}:${TWO_DIGITS[secondOfDay - Math.floor(secondOfDay / 60) * 60]!}` : hm;
}

const DEFAULT_PATTERN = 'YYYY-MM-DDTHH:mm:ss.fffffffff';
const shapes = new Map<string, TimestampShape>();

function shapeFor(pattern: string): TimestampShape {
  let shape = shapes.get(pattern);
  if (shape === undefined) {
    shape = patternShape(pattern) ?? patternShape(DEFAULT_PATTERN)!;
    if (shapes.size < 256) shapes.set(pattern, shape);
  }
  return shape;
}

/**
 * Prints nanoseconds since the epoch in UTC following a `pyralog.tsformat`
 * pattern (default: `YYYY-MM-DDTHH:mm:ss.fffffffff`). Fraction digits beyond
 * the pattern's are truncated.
 */
export function formatTimestamp(ns: bigint, pattern = DEFAULT_PATTERN): string {
  const shape = shapeFor(pattern);
  splitNanos(ns);
  const days = Math.floor(split.seconds / 86_400);
  let out = dateText(days);
  if (shape.hasTime) {
    const secondsOfDay = split.seconds - days * 86_400;
    out += `${shape.separator}${clockText(secondsOfDay, shape.hasSeconds)}`;
    if (shape.fractionDigits > 0) out += `.${pad(split.nanos, 9).slice(0, shape.fractionDigits)}`;
  }
  if (shape.hasZone) out += 'Z';
  return out;
}
