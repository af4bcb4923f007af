import { describe, expect, it } from 'vitest';
import type { Scalar } from '../../types/data-type.js';
import type { Schema } from '../../types/schema.js';
import { toCsv, toResultJson, toTextTable } from '../format/result-formats.js';

const schema: Schema = {
  fields: [
    { name: 'i', type: 'int64', nullable: true },
    { name: 'f', type: 'float64', nullable: true },
    { name: 's', type: 'utf8', nullable: true },
    { name: 'd', type: 'date', nullable: true },
    { name: 'b', type: 'binary', nullable: true },
    { name: 't', type: 'timestamp', nullable: true, metadata: { 'pyralog.tsformat': 'YYYY-MM-DDTHH:mm:ss.fffffffff' } },
  ],
};
const rows: Scalar[][] = [
  [-(2n ** 53n) - 1n, Number.NaN, 'a,"b"', 0, new Uint8Array([0xde, 0xad]), 1_230_768_000_000_000_001n],
  [2n ** 53n - 1n, 1.5, ' padded ', 19_723, new Uint8Array([]), null],
  [null, null, null, null, null, null],
];

describe('result formats', () => {
  it('JSON: int64 as a number up to ±(2^53-1) and a string beyond, NaN as text, dates and timestamps as text, binary as hex', () => {
    expect(toResultJson(schema, rows).rows).toEqual([
      ['-9007199254740993', 'NaN', 'a,"b"', '1970-01-01', 'dead', '2009-01-01T00:00:00.000000001'],
      [9007199254740991, 1.5, ' padded ', '2024-01-01', '', null],
      [null, null, null, null, null, null],
    ]);
  });

  it('CSV: quotes cells with commas, quotes or outer spaces; NULL is empty', () => {
    expect(toCsv(schema, rows)).toBe(
      'i,f,s,d,b,t\r\n' +
        '-9007199254740993,NaN,"a,""b""",1970-01-01,dead,2009-01-01T00:00:00.000000001\r\n' +
        '9007199254740991,1.5," padded ",2024-01-01,,\r\n' +
        ',,,,,\r\n',
    );
  });

  it('text: right-aligned numbers, NULL shown, row count and rows not shown', () => {
    const small: Schema = { fields: [schema.fields[0]!, schema.fields[2]!] };
    const text = toTextTable(small, [[1n, 'x'], [null, 'yy'], [300n, null]], { maxRows: 2 });
    expect(text).toBe(['+------+----+', '| i    | s  |', '+------+----+', '|    1 | x  |', '| NULL | yy |', '+------+----+', '(3 rows, 1 not shown)'].join('\n'));
  });
});

describe('text table: float64 display', () => {
  const f: Schema = { fields: [{ name: 'f', type: 'float64', nullable: true }] };
  const shown = (v: number): string => (toTextTable(f, [[v]]).split('\n')[3] ?? '').replace(/^\|\s*|\s*\|$/g, '');

  it('shows at most 15 significant digits, trailing zeros dropped: arithmetic noise is gone', () => {
    expect(shown(523.06 + 3e-13)).toBe('523.06');
    expect(523.06 + 3e-13).not.toBe(523.06);
    expect(shown(0.1 + 0.2)).toBe('0.3');
    expect(shown(195.09999999999994)).toBe('195.1');
    expect(shown(1 / 3)).toBe('0.333333333333333');
    expect(shown(123456.789)).toBe('123456.789');
  });

  it('extremes, signs and integers-as-float print as before', () => {
    expect(shown(1e-20)).toBe('1e-20');
    expect(shown(1e300)).toBe('1e+300');
    expect(shown(5e-324)).toBe('5e-324');
    expect(shown(Number.MAX_VALUE)).toBe('1.79769313486232e+308');
    expect(shown(-0)).toBe('-0');
    expect(shown(Number.NaN)).toBe('NaN');
    expect(shown(Infinity)).toBe('Infinity');
    expect(shown(-Infinity)).toBe('-Infinity');
    expect(shown(2)).toBe('2');
    expect(shown(-1.5)).toBe('-1.5');
  });

  it('JSON and CSV keep every digit (they round-trip)', () => {
    const noisy = 523.0600000000003;
    expect(toResultJson(f, [[noisy]]).rows[0]?.[0]).toBe(noisy);
    expect(JSON.stringify(toResultJson(f, [[noisy]]))).toContain('523.0600000000003');
    expect(toCsv(f, [[noisy], [0.1 + 0.2]])).toBe('f\r\n523.0600000000003\r\n0.30000000000000004\r\n');
  });
});

describe('text table: terminal safety and display width', () => {
  const text: Schema = { fields: [{ name: 'k', type: 'int64', nullable: false }, { name: 's', type: 'utf8', nullable: true }] };

  it('escapes control characters from the data: no escape sequence or bell reaches the terminal', () => {
    const out = toTextTable(text, [[1n, '\u001b]0;pwned\u0007x'], [2n, 'a\u009bb\u007f\u202e']]);
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(out.split('\n')[3]).toBe('| 1 | \\x1b]0;pwned\\x07x |');
    expect(out.split('\n')[4]).toBe('| 2 | a\\x9bb\\x7f\\u202e  |');
  });

  it('an embedded newline, CR or tab stays inside its row as \\n, \\r, \\t', () => {
    const out = toTextTable(text, [[1n, 'two\nlines\r\tend']]);
    expect(out.split('\n')).toEqual(['+---+-------------------+', '| k | s                 |', '+---+-------------------+', '| 1 | two\\nlines\\r\\tend |', '+---+-------------------+', '(1 row)']);
  });

  it('column names are escaped too', () => {
    const odd: Schema = { fields: [{ name: 'a\nb', type: 'utf8', nullable: true }] };
    expect(toTextTable(odd, [['x']]).split('\n')[1]).toBe('| a\\nb |');
  });

  it('pads by display width: CJK and fullwidth take two columns, combining marks none', () => {
    const cjk: Schema = { fields: [{ name: '名前', type: 'utf8', nullable: true }, { name: 'n', type: 'int64', nullable: true }] };
    const out = toTextTable(cjk, [['東京', 1n], ['e\u0301te\u0301', 22n], ['ＡＢ😀', 3n], ['ab', 4n]]);
    expect(out.split('\n')).toEqual([
      '+--------+----+',
      '| 名前   | n  |',
      '+--------+----+',
      '| 東京   |  1 |',
      '| e\u0301te\u0301    | 22 |',
      '| ＡＢ😀 |  3 |',
      '| ab     |  4 |',
      '+--------+----+',
      '(4 rows)',
    ]);
  });
});
