import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { float64Arb, int64Arb, seeded } from '../../../types/__tests__/support/value-arbitraries.js';
import {
  canonicalIntBytes,
  classifyNumberBytes,
  isLooseFloatBytes,
  isLooseInt64Bytes,
  parseBigIntBytes,
  parseBoolBytes,
  parseFloatBytes,
  parseSmallIntBytes,
} from '../byte-cells.js';
import { classifyNumber, fitsInt64, isLooseFloatText, isLooseIntText, parseBoolText } from '../value-syntax.js';

/** The cell's bytes inside a larger buffer (junk around it), as the scanner hands them over. */
function bytesOf(s: string): [Uint8Array, number, number] {
  const inner = Buffer.from(s, 'utf8');
  const buf = new Uint8Array(inner.length + 4).fill(45); // '-' around: must not be read
  buf.set(inner, 2);
  return [buf, 2, 2 + inner.length];
}

/** Number-ish texts: signs, digits, dots, exponents, leading zeros, edge values written out. */
const numberText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom('0', '1', '5', '9', '-', '+', '.', 'e', 'E', ' ', 'x'), maxLength: 12 }) },
  { weight: 2, arbitrary: int64Arb.map(String) },
  { weight: 1, arbitrary: int64Arb.map((x) => (x < 0n ? `-00${-x}` : `+0${x}`)) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String) },
  { weight: 3, arbitrary: float64Arb.filter(Number.isFinite).map(String) },
  { weight: 2, arbitrary: fc.tuple(fc.nat(10 ** 9), fc.nat(10 ** 9), fc.integer({ min: 0, max: 25 })).map(([a, b, z]) => `${a}.${'0'.repeat(z)}${b}`) },
  { weight: 1, arbitrary: fc.tuple(fc.integer(), fc.integer({ min: -400, max: 400 })).map(([m, e]) => `${m}e${e}`) },
  { weight: 1, arbitrary: fc.constantFrom('', '.', '-', '+', '5.', '.5', '-.5e-3', '1e', '0', '-0', '00', '-0.0', '9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809', '0009223372036854775807', '1234567890123456', '123456789012345', '0.1', '2.5e-324', '1.7976931348623157e308', '١٢') },
);

describe('byte-cells: the same answers as the text functions', () => {
  it('classifies and parses numbers exactly as value-syntax and Number / BigInt do', () => {
    fc.assert(
      fc.property(numberText, (s) => {
        const [b, lo, hi] = bytesOf(s);
        expect(classifyNumberBytes(b, lo, hi), s).toBe(classifyNumber(s));
        const looseInt = isLooseIntText(s) && fitsInt64(s);
        expect(isLooseInt64Bytes(b, lo, hi), s).toBe(looseInt);
        if (looseInt) {
          const small = parseSmallIntBytes(b, lo, hi);
          if (small !== undefined) expect(BigInt(small), s).toBe(BigInt(s));
          expect(parseBigIntBytes(b, lo, hi), s).toBe(BigInt(s));
        }
        const looseFloat = isLooseFloatText(s);
        expect(isLooseFloatBytes(b, lo, hi), s).toBe(looseFloat);
        expect(parseFloatBytes(b, lo, hi) === undefined, s).toBe(!looseFloat);
        if (looseFloat) expect(Object.is(parseFloatBytes(b, lo, hi), Number(s)), `${s} -> ${parseFloatBytes(b, lo, hi)} vs ${Number(s)}`).toBe(true);
        const canonical = /^(0|-?[1-9][0-9]{0,14})$/.test(s);
        expect(canonicalIntBytes(b, lo, hi), s).toBe(canonical ? Number(s) : NaN);
      }),
      seeded(3000),
    );
  });

  it('reads booleans as parseBoolText does, strictly and leniently', () => {
    const words = fc.oneof(
      fc.constantFrom('true', 'false', 'TRUE', 'False', 'tRuE', '1', '0', '', 'yes', 'truth', 'fals', 'trueX', '01', 'ture', 't', 'ƒalse'),
      fc.string({ unit: fc.constantFrom('t', 'r', 'u', 'e', 'T', 'E', 'f', 'a', 'l', 's', 'F', '1', '0', 'é'), maxLength: 6 }),
    );
    fc.assert(
      fc.property(words, fc.boolean(), (s, lenient) => {
        const [b, lo, hi] = bytesOf(s);
        const want = parseBoolText(s, lenient);
        expect(parseBoolBytes(b, lo, hi, lenient), s).toBe(want === undefined ? -1 : want ? 1 : 0);
      }),
      seeded(1000),
    );
  });
});
