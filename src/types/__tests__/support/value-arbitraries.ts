/**
 * fast-check generators of values over the whole domain of each data type,
 * weighted to the edges (NaN, −0, ±Infinity, int64 extremes, values past
 * 2^53, long, non-ASCII and astral text, far timestamps, NULLs) while keeping
 * a small pool of repeated values so joins and groups still find matches.
 * And the seed: random each run, printed, replayed with PYRALOG_SEED=<n>.
 * Shared by the rule, executor and differential property tests.
 */
import fc from 'fast-check';
import type { DataType, Scalar } from '../../data-type.js';

const envSeed = process.env['PYRALOG_SEED'];

/** The seed of this run's property tests (PYRALOG_SEED replays one). */
export const PROPERTY_SEED: number = envSeed !== undefined && envSeed !== '' ? Number(envSeed) | 0 : (Math.random() * 0x7fffffff) | 0;

let announced = false;

/** fast-check parameters with this run's seed; prints the seed once per test file. */
export function seeded(numRuns: number): { numRuns: number; seed: number } {
  if (!announced) {
    announced = true;
    console.log(`[property tests] seed ${PROPERTY_SEED} (replay: PYRALOG_SEED=${PROPERTY_SEED})`);
  }
  return { numRuns, seed: PROPERTY_SEED };
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/** Small values: repeated often, so equal keys meet. */
const SMALL_INTS = [-3n, -2n, -1n, 0n, 1n, 2n, 3n];
const EDGE_INTS = [I64_MIN, I64_MIN + 1n, I64_MAX, I64_MAX - 1n, 2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, 2n ** 31n, -(2n ** 31n) - 1n, 2n ** 32n];
const SMALL_FLOATS = [-1.5, 0, -0, 0.5, 1, 2, 2.25, 3, -3, NaN];
const EDGE_FLOATS = [NaN, -0, Infinity, -Infinity, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 2 ** 63, -(2 ** 63), Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 1e-300, 0.1, 1 / 3];
const SMALL_TEXT = ['', 'a', 'b', 'ab', 'B', 'é'];
/** '\uFFFD' vs an astral character: UTF-16 order and code-point order disagree. */
const EDGE_TEXT = ['\u{1F600}', '\uFFFD', '\uE000', 'a\u{10FFFF}', 'Z', 'a\u0000b', ' a', 'ÄÖÜ', '日本語', 'x'.repeat(300), '\u{1F600}'.repeat(40), 'NULL', '%_\\'];
const NS_PER_DAY = 86_400_000_000_000n;
/** Timestamps in ns: epoch, before it, far past and future, plus one ns. */
const EDGE_TS = [0n, -1n, 1n, NS_PER_DAY, -NS_PER_DAY * 365n * 200n, NS_PER_DAY * 365n * 250n + 1n, 1_700_000_000_000_000_000n, I64_MAX, I64_MIN + 1n];
const EDGE_DATES = [0, -1, 1, 19_000, -719_528, 2_932_896, -25_567];

const pick = <T>(xs: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);

/** Non-NULL values of an int64 column: small (collide), edges, or anywhere in the 64-bit range. */
export const int64Arb: fc.Arbitrary<bigint> = fc.oneof(
  { weight: 5, arbitrary: pick(SMALL_INTS) },
  { weight: 3, arbitrary: pick(EDGE_INTS) },
  { weight: 2, arbitrary: fc.bigInt({ min: I64_MIN, max: I64_MAX }) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }).map((x) => 2n ** 53n + x % 7n) },
);

/** Non-NULL float64 values: small, edges (NaN, −0, ±Infinity, 2^53, 2^63), or any double. */
export const float64Arb: fc.Arbitrary<number> = fc.oneof(
  { weight: 5, arbitrary: pick(SMALL_FLOATS) },
  { weight: 3, arbitrary: pick(EDGE_FLOATS) },
  { weight: 2, arbitrary: fc.double() },
  { weight: 1, arbitrary: int64Arb.map((x) => Number(x)) },
);

/** Non-NULL text: small, edges (astral, NUL, long), or any string of code points. */
export const utf8Arb: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: pick(SMALL_TEXT) },
  { weight: 3, arbitrary: pick(EDGE_TEXT) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

export const timestampArb: fc.Arbitrary<bigint> = fc.oneof(
  { weight: 3, arbitrary: pick(EDGE_TS) },
  { weight: 2, arbitrary: fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }) },
  { weight: 2, arbitrary: fc.integer({ min: -3, max: 3 }).map((d) => BigInt(d) * NS_PER_DAY) },
);

export const dateArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: pick(EDGE_DATES) },
  { weight: 2, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 1, arbitrary: fc.integer({ min: -719_528, max: 2_932_896 }) },
);

/** Non-NULL values of one type over its whole domain, weighted to edges. */
export function valueArb(type: DataType): fc.Arbitrary<Scalar> {
  switch (type) {
    case 'int64':
      return int64Arb;
    case 'float64':
      return float64Arb;
    case 'utf8':
      return utf8Arb;
    case 'bool':
      return fc.boolean();
    case 'timestamp':
      return timestampArb;
    case 'date':
      return dateArb;
    case 'binary':
      return fc.uint8Array({ maxLength: 8 });
    case 'null':
      return fc.constant(null);
    case 'interval':
      return fc.record({ months: fc.integer({ min: -24, max: 24 }), nanos: fc.bigInt({ min: -(2n ** 50n), max: 2n ** 50n }) });
  }
}

/** Values or NULL (about one in four NULL). */
export function nullableArb(type: DataType): fc.Arbitrary<Scalar> {
  return fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 3, arbitrary: valueArb(type) });
}
