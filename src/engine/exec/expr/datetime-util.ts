/**
 * Calendar arithmetic on the IR's temporal encodings (date = days since
 * 1970-01-01, timestamp = int64 ns since the epoch, UTC, proleptic Gregorian):
 * civil date conversion, field extraction, truncation, interval addition,
 * ISO text formatting and parsing, and C-style strftime.
 */
import type { DataType, Interval, Scalar } from '../../../types/data-type.js';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { clockText, dateText, split, splitNanos } from '../../../types/timestamp-format.js';

export const NS_PER_SECOND = 1_000_000_000n;
export const NS_PER_DAY_BIG = 86_400_000_000_000n;

export interface Civil {
  readonly year: number;
  readonly month: number; // 1..12
  readonly day: number; // 1..31
}

/** Days since 1970-01-01 -> year/month/day (proleptic Gregorian). */
export function civilFromDays(z0: number): Civil {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/** year/month/day -> days since 1970-01-01. */
export function daysFromCivil(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Splits ns since epoch into whole days (floored) and ns within the day. */
export function splitTimestamp(ns: bigint): { days: number; nsOfDay: bigint } {
  let days = ns / NS_PER_DAY_BIG;
  let rem = ns % NS_PER_DAY_BIG;
  if (rem < 0n) {
    rem += NS_PER_DAY_BIG;
    days -= 1n;
  }
  return { days: Number(days), nsOfDay: rem };
}

/** Any temporal scalar as ns since epoch (dates at midnight). */
export function toNanos(v: Scalar): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(v) * NS_PER_DAY_BIG;
  throw new PyralogError('TYPE_MISMATCH', 'expected a date or timestamp', { phase: 'execute' });
}

export interface Fields extends Civil {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly nanos: number; // within the second
  readonly dayOfWeek: number; // 0 = Sunday
  readonly dayOfYear: number; // 1-based
}

export function fieldsOf(v: Scalar): Fields {
  const { days, nsOfDay } = splitTimestamp(toNanos(v));
  const c = civilFromDays(days);
  const secOfDay = Number(nsOfDay / NS_PER_SECOND);
  return {
    ...c,
    hour: Math.floor(secOfDay / 3600),
    minute: Math.floor((secOfDay % 3600) / 60),
    second: secOfDay % 60,
    nanos: Number(nsOfDay % NS_PER_SECOND),
    dayOfWeek: (((days + 4) % 7) + 7) % 7,
    dayOfYear: days - daysFromCivil(c.year, 1, 1) + 1,
  };
}

/** Adds `sign` × interval to a date (result date, sub-day part truncated) or timestamp. */
export function addInterval(v: Scalar, iv: Interval, sign: 1 | -1, out: DataType): Scalar {
  const ns = toNanos(v);
  const { days, nsOfDay } = splitTimestamp(ns);
  let d = days;
  if (iv.months !== 0) {
    const c = civilFromDays(days);
    const total = c.year * 12 + (c.month - 1) + sign * iv.months;
    const y = Math.floor(total / 12);
    const m = total - y * 12 + 1;
    d = daysFromCivil(y, m, Math.min(c.day, daysInMonth(y, m)));
  }
  const result = BigInt(d) * NS_PER_DAY_BIG + nsOfDay + (sign === 1 ? iv.nanos : -iv.nanos);
  if (out === 'date') return splitTimestamp(result).days;
  return result;
}

const UNIT_NS: Readonly<Record<string, bigint>> = {
  day: NS_PER_DAY_BIG,
  hour: 3_600_000_000_000n,
  minute: 60_000_000_000n,
  second: NS_PER_SECOND,
  millisecond: 1_000_000n,
  microsecond: 1_000n,
};

function badUnit(unit: string): never {
  throw new PyralogError('INVALID_ARGUMENT', `unknown date part '${unit}'`, {
    phase: 'execute',
    hints: ['use year, quarter, month, week, day, hour, minute or second'],
  });
}

/** Truncates ns-since-epoch to the start of its `unit`. */
export function truncNanos(ns: bigint, unit: string): bigint {
  const u = unit.toLowerCase();
  const { days } = splitTimestamp(ns);
  const c = civilFromDays(days);
  switch (u) {
    case 'year':
      return BigInt(daysFromCivil(c.year, 1, 1)) * NS_PER_DAY_BIG;
    case 'quarter':
      return BigInt(daysFromCivil(c.year, c.month - ((c.month - 1) % 3), 1)) * NS_PER_DAY_BIG;
    case 'month':
      return BigInt(daysFromCivil(c.year, c.month, 1)) * NS_PER_DAY_BIG;
    case 'week': {
      const dow = (((days + 3) % 7) + 7) % 7; // 0 = Monday
      return BigInt(days - dow) * NS_PER_DAY_BIG;
    }
    default: {
      const step = UNIT_NS[u];
      if (step === undefined) return badUnit(unit);
      const r = ns % step;
      return r < 0n ? ns - r - step : ns - r;
    }
  }
}

/** Number of `unit` boundaries between a and b (b - a), as DuckDB's date_diff. */
export function dateDiff(unit: string, a: Scalar, b: Scalar): bigint {
  const u = unit.toLowerCase();
  const na = toNanos(a);
  const nb = toNanos(b);
  if (u === 'year' || u === 'month' || u === 'quarter') {
    const ca = civilFromDays(splitTimestamp(na).days);
    const cb = civilFromDays(splitTimestamp(nb).days);
    if (u === 'year') return BigInt(cb.year - ca.year);
    const months = cb.year * 12 + cb.month - (ca.year * 12 + ca.month);
    return u === 'month' ? BigInt(months) : BigInt(Math.floor((cb.year * 12 + cb.month - 1) / 3) - Math.floor((ca.year * 12 + ca.month - 1) / 3));
  }
  if (u === 'week') return (truncNanos(nb, 'week') - truncNanos(na, 'week')) / (7n * NS_PER_DAY_BIG);
  const step = UNIT_NS[u];
  if (step === undefined) return badUnit(unit);
  return (truncNanos(nb, u) - truncNanos(na, u)) / step;
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? '-' + s : s;
}

/** `YYYY-MM-DD` (a negative year as `-YYYY`, a year past 9999 in full). */
export function formatDate(days: number): string {
  // The shared cache prints years 0..9999 the same way; others keep this file's sign-then-pad form.
  const c = days >= MIN_CACHED_DAY && days <= MAX_CACHED_DAY ? null : civilFromDays(days);
  if (c === null) return dateText(days);
  return `${pad(c.year, 4)}-${pad(c.month, 2)}-${pad(c.day, 2)}`;
}

/** Day numbers of 0000-01-01 and 9999-12-31: inside, formatDate and the cached dateText agree. */
const MIN_CACHED_DAY = daysFromCivil(0, 1, 1);
const MAX_CACHED_DAY = daysFromCivil(9999, 12, 31);

/** The fraction of a second as `.digits` without trailing zeros ('' for none). */
function fractionText(nanos: number): string {
  if (nanos === 0) return '';
  let digits = 9;
  let f = nanos;
  while (f % 10 === 0) {
    f /= 10;
    digits--;
  }
  return '.' + String(f).padStart(digits, '0');
}

/**
 * ISO-style text of a timestamp: `YYYY-MM-DD HH:MM:SS[.fraction]` (fraction
 * without trailing zeros). Number arithmetic after one BigInt split and a
 * cached date text: no Date objects, no field records per value.
 */
export function formatTimestamp(ns: bigint): string {
  splitNanos(ns);
  const seconds = split.seconds;
  const days = Math.floor(seconds / 86_400);
  return `${formatDate(days)} ${clockText(seconds - days * 86_400, true)}${fractionText(split.nanos)}`;
}

const TS_RE = /^\s*(-?\d{1,6})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$/i;

/** Parses ISO date/timestamp text to ns since epoch (null when malformed). */
export function parseTimestamp(text: string): bigint | null {
  const m = TS_RE.exec(text);
  if (m === null) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  const h = Number(m[4] ?? 0);
  const mi = Number(m[5] ?? 0);
  const s = Number(m[6] ?? 0);
  if (h > 23 || mi > 59 || s > 60) return null;
  const frac = BigInt((m[7] ?? '').padEnd(9, '0') || '0');
  let ns = BigInt(daysFromCivil(y, mo, d)) * NS_PER_DAY_BIG + BigInt(h * 3600 + mi * 60 + s) * NS_PER_SECOND + frac;
  const zone = m[8];
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1n : 1n;
    const digits = zone.slice(1).replace(':', '');
    const offsetMin = BigInt(Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
    ns -= sign * offsetMin * 60n * NS_PER_SECOND;
  }
  return ns;
}

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** C strftime over a date or timestamp (UTC). */
export function strftime(format: string, v: Scalar): string {
  const f = fieldsOf(v);
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i] as string;
    if (ch !== '%' || i + 1 >= format.length) {
      out += ch;
      continue;
    }
    const code = format[++i] as string;
    switch (code) {
      case 'Y': out += pad(f.year, 4); break;
      case 'y': out += pad(((f.year % 100) + 100) % 100, 2); break;
      case 'm': out += pad(f.month, 2); break;
      case 'd': out += pad(f.day, 2); break;
      case 'e': out += String(f.day).padStart(2, ' '); break;
      case 'H': out += pad(f.hour, 2); break;
      case 'I': out += pad(((f.hour + 11) % 12) + 1, 2); break;
      case 'p': out += f.hour < 12 ? 'AM' : 'PM'; break;
      case 'M': out += pad(f.minute, 2); break;
      case 'S': out += pad(f.second, 2); break;
      case 'f': out += pad(Math.floor(f.nanos / 1000), 6); break;
      case 'j': out += pad(f.dayOfYear, 3); break;
      case 'a': out += (DAY_NAMES[f.dayOfWeek] as string).slice(0, 3); break;
      case 'A': out += DAY_NAMES[f.dayOfWeek] as string; break;
      case 'b': case 'h': out += (MONTH_NAMES[f.month - 1] as string).slice(0, 3); break;
      case 'B': out += MONTH_NAMES[f.month - 1] as string; break;
      case 'w': out += String(f.dayOfWeek); break;
      case 'u': out += String(f.dayOfWeek === 0 ? 7 : f.dayOfWeek); break;
      case 'F': out += `${pad(f.year, 4)}-${pad(f.month, 2)}-${pad(f.day, 2)}`; break;
      case 'T': out += `${pad(f.hour, 2)}:${pad(f.minute, 2)}:${pad(f.second, 2)}`; break;
      case 'D': out += `${pad(f.month, 2)}/${pad(f.day, 2)}/${pad(((f.year % 100) + 100) % 100, 2)}`; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case '%': out += '%'; break;
      default: out += '%' + code;
    }
  }
  return out;
}
