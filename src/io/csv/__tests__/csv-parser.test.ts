import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { CsvParser, parseCsvText, type CsvField } from '../csv-parser.js';

function catchError(fn: () => unknown): PyralogError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PyralogError) return e;
    throw e;
  }
  throw new Error('expected a PyralogError');
}

describe('CsvParser', () => {
  it('parses quoted fields with delimiters, doubled quotes and newlines', () => {
    const text = 'a,b,c\n1,"x, y","say ""hi"""\n2,"line1\nline2",\n';
    expect(parseCsvText(text)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'say "hi"'],
      ['2', 'line1\nline2', null],
    ]);
  });

  it('handles CRLF, lone CR, a BOM, no final newline and blank lines', () => {
    expect(parseCsvText('\uFEFFa,b\r\n1,2\r\n\r\n3,4\r5,6')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  it('tells an empty unquoted field (NULL) from a quoted empty string', () => {
    expect(parseCsvText('a,b,c\n,"",x')).toEqual([
      ['a', 'b', 'c'],
      [null, '', 'x'],
    ]);
  });

  it('keeps a quote inside an unquoted field literally and honours another delimiter', () => {
    expect(parseCsvText('a;b\n5" disk;ok', { delimiter: ';' })).toEqual([
      ['a', 'b'],
      ['5" disk', 'ok'],
    ]);
  });

  it('reports line and column of each field, across quoted newlines', () => {
    const seen: { line: number; lines: number[]; cols: number[] }[] = [];
    const p = new CsvParser((f, pos) =>
      seen.push({ line: pos.line, lines: Array.from(pos.fieldLines).slice(0, f.length), cols: Array.from(pos.fieldColumns).slice(0, f.length) }),
    );
    p.push('h1,h2\n"a\nb",cc\nx,yy\n');
    p.end();
    expect(seen).toEqual([
      { line: 1, lines: [1, 1], cols: [1, 4] },
      { line: 2, lines: [2, 3], cols: [1, 4] },
      { line: 4, lines: [4, 4], cols: [1, 3] },
    ]);
  });

  it('raises CSV_RAGGED_ROW with file, line and column', () => {
    const e = catchError(() => parseCsvText('a,b\n1,2\n3,4,5\n', { source: 'f.csv' }));
    expect(e.code).toBe('CSV_RAGGED_ROW');
    expect(e.phase).toBe('import');
    expect(e.spans).toEqual([{ source: 'f.csv', line: 3, column: 5 }]);
    expect(e.message).toBe('row has 3 fields but the header has 2');
    expect(e.render()).toContain('--> f.csv:3:5');
    const short = catchError(() => parseCsvText('a,b,c\n1,2\n', { source: 'g.csv' }));
    expect(short.spans[0]).toEqual({ source: 'g.csv', line: 2, column: 3 });
  });

  it('raises CSV_UNTERMINATED_QUOTE at the opening quote', () => {
    const e = catchError(() => parseCsvText('a,b\n1,"open\n2,3\n', { source: 'q.csv' }));
    expect(e.code).toBe('CSV_UNTERMINATED_QUOTE');
    expect(e.spans).toEqual([{ source: 'q.csv', line: 2, column: 3 }]);
  });

  it('caps the length of one record (a runaway quote) with CSV_RECORD_TOO_LARGE', () => {
    const p = new CsvParser(() => undefined, { source: 'big.csv', maxRecordChars: 100 });
    p.push('a,b\n1,2\n3,"never closed');
    const e = catchError(() => {
      for (let k = 0; k < 20; k++) p.push(' more text');
    });
    expect(e.code).toBe('CSV_RECORD_TOO_LARGE');
    expect(e.spans).toEqual([{ source: 'big.csv', line: 3, column: 1 }]);
  });

  it('raises CSV_BAD_QUOTE for text after a closing quote', () => {
    const e = catchError(() => parseCsvText('a\n"x"y\n'));
    expect(e.code).toBe('CSV_BAD_QUOTE');
    expect(e.spans[0]).toMatchObject({ line: 2, column: 4 });
  });

  it('reads a 4 MB quoted cell pushed in 1,000-character chunks (each leftover is parsed again only once it has doubled)', () => {
    const big = `${'ab,c\r\né€𝄞 lorem ipsum dolor sit amet '.repeat(100_000)}"x"`;
    const text = `id,text\n1,"${big.replace(/"/g, '""')}"\n2,tail\n`;
    const records: CsvField[][] = [];
    const p = new CsvParser((f) => records.push(f));
    for (let at = 0; at < text.length; at += 1000) p.push(text.slice(at, at + 1000));
    p.end();
    expect(records.length).toBe(3);
    expect(records[1]![1] === big).toBe(true);
    expect(records[2]).toEqual(['2', 'tail']);
  });

  it('reads a line of 100,000 quoted fields (the next newline is searched for once, not per field)', () => {
    const width = 100_000;
    const line = Array.from({ length: width }, (_, i) => `"v${i}"`).join(',');
    const records = parseCsvText(`${line}\n${line}\n"a\nb"${',""'.repeat(width - 1)}\n`);
    expect(records.length).toBe(3);
    expect(records[1]![width - 1]).toBe(`v${width - 1}`);
    expect(records[2]![0]).toBe('a\nb');
    expect(records[2]![width - 1]).toBe('');
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const cell = fc.oneof(
      fc.constant(null),
      fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', 'é', ' ', '1') }).filter((s) => s.length > 0),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(200), { maxLength: 6 }), (rows, cuts) => {
        const encode = (v: CsvField): string => (v === null ? '' : /[",\n\r]/.test(v) || v === '' ? `"${v.replace(/"/g, '""')}"` : v);
        // A record of one NULL per field would be ',,'; fine. An all-empty first cell with width 1 never happens (width 3).
        const text = `${rows.map((r) => r.map(encode).join(',')).join('\r\n')}\n`;
        const records: CsvField[][] = [];
        const p = new CsvParser((f) => records.push(f));
        let at = 0;
        for (const cut of [...cuts].sort((x, y) => x - y)) {
          const end = Math.min(text.length, cut);
          if (end > at) {
            p.push(text.slice(at, end));
            at = end;
          }
        }
        p.push(text.slice(at));
        p.end();
        expect(records).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });
});
