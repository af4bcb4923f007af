/**
 * RQ literals as IR values: integers as int64 (bigint), floats, text, booleans,
 * `@2020-01-02` dates (days since epoch), `@2020-01-02T10:00` timestamps (ns
 * since epoch, no zone), and `3days` intervals. Also the IR type of a column of
 * an inline relation (`from [{…}]`, `from_text`), unified over its values.
 */
import type { DataType, Interval, Scalar } from '../../types/data-type.js';
import type { LiteralExpr } from '../../planner/ir/expr.js';
import type { RqLiteral } from './rq-types.js';
import { tagOf } from './rq-types.js';

export class LiteralError extends Error {}

const NANOS_PER: Readonly<Record<string, bigint>> = {
  weeks: 7n * 86_400n * 1_000_000_000n,
  days: 86_400n * 1_000_000_000n,
  hours: 3_600n * 1_000_000_000n,
  minutes: 60n * 1_000_000_000n,
  seconds: 1_000_000_000n,
  milliseconds: 1_000_000n,
  microseconds: 1_000n,
  nanoseconds: 1n,
};

/** Days since 1970-01-01 of an ISO date `YYYY-MM-DD`. */
export function parseDate(text: string): number {
  const m = /^(-?\d{4,})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) throw new LiteralError(`invalid date literal @${text}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(ms);
  // Date.UTC rolls over (month 13, February 30): such a date does not exist.
  if (back.getUTCMonth() + 1 !== Number(m[2]) || back.getUTCDate() !== Number(m[3])) throw new LiteralError(`invalid date literal @${text}: no such day`);
  return Math.round(ms / 86_400_000);
}

/** Nanoseconds since the epoch of an ISO timestamp without zone (`YYYY-MM-DDTHH:MM[:SS[.fff…]]`). */
export function parseTimestamp(text: string): bigint {
  const m = /^(-?\d{4,})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (m === null) throw new LiteralError(`invalid timestamp literal @${text}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  let nanos = BigInt(ms) * 1_000_000n + BigInt((m[7] ?? '').padEnd(9, '0') || '0');
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
    if (z !== null) {
      const offset = (BigInt(z[2] ?? '0') * 60n + BigInt(z[3] ?? '0')) * 60n * 1_000_000_000n;
      nanos = z[1] === '+' ? nanos - offset : nanos + offset;
    }
  }
  return nanos;
}

/** An interval of `n` `unit`s (PRQL's `3days`, `1years`, `90minutes`). */
export function intervalOf(n: number, unit: string): Interval {
  if (unit === 'years') return { months: n * 12, nanos: 0n };
  if (unit === 'months') return { months: n, nanos: 0n };
  if (unit === 'quarters') return { months: n * 3, nanos: 0n };
  const per = Object.hasOwn(NANOS_PER, unit) ? NANOS_PER[unit] : undefined;
  if (per === undefined) throw new LiteralError(`unknown interval unit ${unit}`);
  if (!Number.isInteger(n)) throw new LiteralError(`interval ${n}${unit} must be a whole number`);
  return { months: 0, nanos: BigInt(n) * per };
}

/** The IR literal of an RQ literal. */
export function lowerLiteral(literal: RqLiteral): LiteralExpr {
  const [value, type] = literalValue(literal);
  return { kind: 'literal', value, type };
}

/** The value and type of an RQ literal. */
export function literalValue(literal: RqLiteral): readonly [Scalar, DataType] {
  if (literal === 'Null') return [null, 'null'];
  switch (tagOf(literal)) {
    case 'Integer': {
      const n = (literal as { Integer: number | string }).Integer;
      const v = BigInt(n);
      if (v > 9223372036854775807n || v < -9223372036854775808n) {
        throw new LiteralError(`integer literal ${n} does not fit in int64`);
      }
      return [v, 'int64'];
    }
    case 'Float':
      return [(literal as { Float: number }).Float, 'float64'];
    case 'Boolean':
      return [(literal as { Boolean: boolean }).Boolean, 'bool'];
    case 'String':
      return [(literal as { String: string }).String, 'utf8'];
    case 'RawString':
      return [(literal as { RawString: string }).RawString, 'utf8'];
    case 'Date':
      return [parseDate((literal as { Date: string }).Date), 'date'];
    case 'Timestamp':
      return [parseTimestamp((literal as { Timestamp: string }).Timestamp), 'timestamp'];
    case 'ValueAndUnit': {
      const { n, unit } = (literal as { ValueAndUnit: { n: number; unit: string } }).ValueAndUnit;
      return [intervalOf(n, unit), 'interval'];
    }
    case 'Time':
      throw new LiteralError(`time-of-day literals (@${(literal as { Time: string }).Time}) have no Pyralog type`);
    default:
      throw new LiteralError(`unsupported literal ${JSON.stringify(literal)}`);
  }
}

/**
 * The common type of a column of literal values: int64 and float64 unify to
 * float64; NULLs fit anything; a column of only NULLs has the null type, which
 * unifies with whatever it meets (an appended int64 column, an int64 join key,
 * `a + 1`), as an untyped SQL NULL does. Mixed kinds
 * (text and numbers) have no common type: undefined.
 */
export function unifyLiteralTypes(types: readonly DataType[]): DataType | undefined {
  let out: DataType | 'none' = 'none';
  for (const t of types) {
    if (t === 'null') continue;
    if (out === 'none' || out === t) out = t;
    else if ((out === 'int64' && t === 'float64') || (out === 'float64' && t === 'int64')) out = 'float64';
    else return undefined;
  }
  return out === 'none' ? 'null' : out;
}

/** `value` (of type `from`) converted to the unified column type `to` (int64 → float64 only). */
export function widenValue(value: Scalar, from: DataType, to: DataType): Scalar {
  if (from === 'int64' && to === 'float64' && typeof value === 'bigint') return Number(value);
  return value;
}
