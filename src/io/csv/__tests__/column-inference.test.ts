import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { ColumnInference, type CsvColumnType } from '../column-inference.js';
import { inferCsvSchema, headerNames } from '../infer-csv-schema.js';
import { CHINOOK_COLUMNS, CHINOOK_DIR, CHINOOK_ROWS } from '../../__tests__/chinook-expected.js';
import { FLOAT_LITERAL, INT_LITERAL, NOT_NUMBER, classifyNumber, fitsInt64, isLooseFloatText } from '../value-syntax.js';

function infer(values: readonly (string | null)[], forced?: CsvColumnType) {
  const c = new ColumnInference('c', forced);
  values.forEach((v, i) => c.observe(v, { span: (field) => ({ source: 't.csv', line: i + 2, column: field + 1 }) }, 0));
  return c.result();
}

describe('number syntax', () => {
  it('classifies int64, float and text, with the 64-bit edges', () => {
    expect(classifyNumber('0')).toBe(INT_LITERAL);
    expect(classifyNumber('-17')).toBe(INT_LITERAL);
    expect(classifyNumber('+5')).toBe(INT_LITERAL);
    expect(classifyNumber('9223372036854775807')).toBe(INT_LITERAL);
    expect(classifyNumber('-9223372036854775808')).toBe(INT_LITERAL);
    expect(classifyNumber('9223372036854775808')).toBe(NOT_NUMBER);
    expect(classifyNumber('123456789012345678901')).toBe(NOT_NUMBER);
    expect(classifyNumber('0171')).toBe(NOT_NUMBER);
    expect(classifyNumber('00.5')).toBe(NOT_NUMBER);
    expect(classifyNumber('0.99')).toBe(FLOAT_LITERAL);
    expect(classifyNumber('.5')).toBe(FLOAT_LITERAL);
    expect(classifyNumber('1e-3')).toBe(FLOAT_LITERAL);
    expect(classifyNumber('1.5E+10')).toBe(FLOAT_LITERAL);
    for (const t of ['', '-', '.', '1.', '1e', 'e5', '1,5', ' 1', '1 ', '0x10', 'NaN', 'Infinity', '1.2.3']) {
      expect(classifyNumber(t), t).toBe(NOT_NUMBER);
    }
  });
});

describe('column inference', () => {
  it('picks the narrowest type all values fit; NULLs do not vote', () => {
    expect(infer(['1', null, '-3'])).toEqual({ type: 'int64', nullCount: 1, valueCount: 2 });
    expect(infer(['1', '2.5']).type).toBe('float64');
    expect(infer(['true', 'FALSE', null]).type).toBe('bool');
    expect(infer(['1', 'true']).type).toBe('utf8');
    expect(infer(['70174', '0171']).type).toBe('utf8');
    expect(infer([null, null])).toEqual({ type: 'utf8', nullCount: 2, valueCount: 0 });
    expect(infer(['', '1']).type).toBe('utf8');
  });

  it('infers timestamps with their text pattern, widening mixed shapes', () => {
    expect(infer(['2009-01-01T00:00:00.000000000', null])).toMatchObject({ type: 'timestamp', tsformat: 'YYYY-MM-DDTHH:mm:ss.fffffffff' });
    expect(infer(['2009-01-01', '2010-02-03'])).toMatchObject({ type: 'timestamp', tsformat: 'YYYY-MM-DD' });
    expect(infer(['2009-01-01', '2010-02-03 04:05:06.5'])).toMatchObject({ type: 'timestamp', tsformat: 'YYYY-MM-DD HH:mm:ss.f' });
    expect(infer(['2009-01-01', '2009-02-30']).type).toBe('utf8');
  });

  it('validates a forced type and points at the bad cell', () => {
    expect(infer(['0171', '12'], 'int64').type).toBe('int64');
    expect(infer(['1', '0', 'TRUE'], 'bool').type).toBe('bool');
    expect(infer(['12', 'x'], 'utf8').type).toBe('utf8');
    expect(infer(['007.50', '1.', '-.5', '1e3'], 'float64').type).toBe('float64');
    expect(() => infer(['0x10'], 'float64')).toThrow(/not a valid float64/);
    expect(() => infer(['Infinity'], 'float64')).toThrow(/not a valid float64/);
    let err: unknown;
    try {
      infer(['1', '2', 'x3'], 'int64');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PyralogError);
    expect((err as PyralogError).code).toBe('CSV_BAD_VALUE');
    expect((err as PyralogError).spans).toEqual([{ source: 't.csv', line: 4, column: 1 }]);
    expect(() => infer(['2020-01-01T10:00'], 'date')).toThrow(/not a valid date/);
    expect(() => infer(['99999999999999999999'], 'int64')).toThrow(/not a valid int64/);
  });

  it('makes header names unique and non-empty', () => {
    expect(headerNames(['a', null, 'a', ' ', 'a'])).toEqual(['a', 'column2', 'a_2', 'column4', 'a_3']);
  });
});

describe('inferCsvSchema on Chinook', () => {
  const chinook = CHINOOK_DIR;
  for (const [table, cols] of Object.entries(CHINOOK_COLUMNS)) {
    it(`${table}: types and row count match the README`, () => {
      const schema = inferCsvSchema(path.join(chinook, `${table}.csv`));
      expect(schema.columns.map((c) => [c.name, c.type])).toEqual(cols);
      expect(schema.rows).toBe(CHINOOK_ROWS[table]);
      for (const c of schema.columns) {
        if (c.type === 'timestamp') expect(c.tsformat).toBe('YYYY-MM-DDTHH:mm:ss.fffffffff');
      }
    });
  }

  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infer-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('forced types must name existing columns', () => {
    const f = path.join(dir, 'x.csv');
    fs.writeFileSync(f, 'a,b\n1,2\n');
    expect(inferCsvSchema(f, { types: { b: 'float64' } }).columns.map((c) => c.type)).toEqual(['int64', 'float64']);
    expect(() => inferCsvSchema(f, { types: { zz: 'int64' } })).toThrow(expect.objectContaining({ code: 'CSV_UNKNOWN_COLUMN' }));
  });

  it('reads across chunk boundaries the same as in one piece', () => {
    const f = path.join(chinook, 'tracks.csv');
    const small = inferCsvSchema(f, { chunkBytes: 37 });
    const big = inferCsvSchema(f);
    expect(small.columns).toEqual(big.columns);
    expect(small.rows).toBe(3503);
  });
});

describe('loose syntax of forced int64 and float64 columns', () => {
  it('checks the int64 range exactly with and without sign and leading zeros', () => {
    const fits = (s: string): boolean => fitsInt64(s);
    expect(['0', '000', '-0', '+7', '999999999999999999', '9223372036854775807', '-9223372036854775808', '-0009223372036854775808', '0009223372036854775807'].map(fits)).toEqual(
      [true, true, true, true, true, true, true, true, true],
    );
    expect(['9223372036854775808', '-9223372036854775809', '+9223372036854775808', '10000000000000000000'].map(fits)).toEqual([false, false, false, false]);
  });

  it('accepts loose decimals and rejects words', () => {
    expect(['1', '1.', '.5', '-.5e-3', '007.5', '+1e5', '12345678901234567890123'].map(isLooseFloatText)).toEqual([true, true, true, true, true, true, true]);
    expect(['', '.', '-', 'e5', '1e', 'NaN', 'Infinity', '0x10', '1,5', ' 1'].map(isLooseFloatText)).toEqual([false, false, false, false, false, false, false, false, false, false]);
  });
});
