import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { seeded } from '../../../types/__tests__/support/value-arbitraries.js';
import { readCsvBatches } from '../csv-batch-reader.js';
import type { ByteRecord } from '../csv-byte-record.js';
import { scanCsvFile } from '../csv-byte-scanner.js';
import type { CsvField } from '../csv-parser.js';
import { inferCsvSchema } from '../infer-csv-schema.js';
import { readCsvFile } from '../read-csv-file.js';
import { readCsvRecords } from '../read-csv-records.js';

let dir: string;
let round = 0;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bytescan-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(content: string | Uint8Array): string {
  const f = path.join(dir, `f${round++}.csv`);
  fs.writeFileSync(f, content);
  return f;
}

interface Scanned {
  readonly texts: CsvField[][];
  readonly lines: number[][];
  readonly columns: number[][];
}

function texts(r: ByteRecord): CsvField[] {
  return Array.from({ length: r.count }, (_, i) => r.text(i));
}

/** Records (texts and field positions) of the byte scanner, or its error. */
function scan(f: string, chunkBytes?: number, delimiter?: string): Scanned | PyralogError {
  const out: Scanned = { texts: [], lines: [], columns: [] };
  try {
    readCsvRecords(
      f,
      (r) => {
        out.texts.push(texts(r));
        out.lines.push(Array.from({ length: r.count }, (_, i) => r.span(i).line));
        out.columns.push(Array.from({ length: r.count }, (_, i) => r.span(i).column));
      },
      { ...(chunkBytes === undefined ? {} : { chunkBytes }), ...(delimiter === undefined ? {} : { delimiter }) },
    );
  } catch (e) {
    if (e instanceof PyralogError) return e;
    throw e;
  }
  return out;
}

/** The same through the text parser (the reference for positions and errors). */
function parseText(f: string, delimiter?: string): Scanned | PyralogError {
  const out: Scanned = { texts: [], lines: [], columns: [] };
  try {
    readCsvFile(
      f,
      (fields, pos) => {
        out.texts.push(fields);
        out.lines.push(Array.from(pos.fieldLines).slice(0, fields.length));
        out.columns.push(Array.from(pos.fieldColumns).slice(0, fields.length));
      },
      delimiter === undefined ? {} : { delimiter },
    );
  } catch (e) {
    if (e instanceof PyralogError) return e;
    throw e;
  }
  return out;
}

function outcome(r: Scanned | PyralogError): unknown {
  return r instanceof PyralogError ? { code: r.code, spans: r.spans, message: r.message } : r;
}

/** A cell of the model: NULL, or any text (quotes, delimiters, CR, LF, non-ASCII, astral). */
const cellArb: fc.Arbitrary<CsvField> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 6, arbitrary: fc.string({ unit: fc.constantFrom('a', 'Z', '7', '-', '.', ',', '"', '\n', '\r', ' ', 'é', '日', '\u{1F600}', 'NULL') }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
);

/** CSV text of a model: NULL as an empty field, text quoted when it must be (or at random), rows ended by LF or CRLF. */
function encode(rows: readonly CsvField[][], quoteAll: readonly boolean[], crlf: boolean, bom: boolean, lastNewline: boolean): string {
  let k = 0;
  const cell = (v: CsvField): string => {
    if (v === null) return '';
    const must = v === '' || /[",\n\r]/.test(v) || (k < quoteAll.length && quoteAll[k++ % quoteAll.length] === true);
    return must ? `"${v.replace(/"/g, '""')}"` : v;
  };
  const eol = crlf ? '\r\n' : '\n';
  return (bom ? '\uFEFF' : '') + rows.map((r) => r.map(cell).join(',')).join(eol) + (lastNewline ? eol : '');
}

describe('scanCsvFile', () => {
  it('gives the model values, and the text parser positions, for random CSV at random chunk sizes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((w) => fc.array(fc.array(cellArb, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 10 })),
        fc.array(fc.boolean(), { maxLength: 8 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 1, max: 64 }),
        (rows, quoteAll, crlf, bom, lastNewline, chunkBytes) => {
          // A record of one NULL field is an empty line, which CSV cannot tell from no record at all.
          const model = rows.filter((r) => !(r.length === 1 && r[0] === null));
          if (model.length === 0) return;
          const f = file(encode(model, quoteAll, crlf, bom, lastNewline));
          const got = scan(f, chunkBytes);
          expect(outcome(got)).toEqual(outcome(parseText(f)));
          expect((got as Scanned).texts).toEqual(model);
        },
      ),
      seeded(300),
    );
  });

  it('raises the same errors at the same line and column as the text parser on random malformed text', () => {
    const junk = fc.string({ unit: fc.constantFrom('a', '"', ',', '\n', '\r', 'é', '\u{1F600}', ' '), maxLength: 40 });
    fc.assert(
      fc.property(junk, fc.integer({ min: 1, max: 16 }), (text, chunkBytes) => {
        const f = file(text);
        expect(outcome(scan(f, chunkBytes))).toEqual(outcome(parseText(f)));
      }),
      seeded(400),
    );
  });

  it('reads a 5 MB quoted cell spanning many chunks whole (the rescans stay bounded), and round-trips it through Arrow', () => {
    const unit = 'ab,"c"\r\né€𝄞 ';
    const big = unit.repeat(Math.ceil((5 << 20) / Buffer.byteLength(unit)));
    const f = file(`id,text\n1,"${big.replace(/"/g, '""')}"\n2,tail\n`);
    const records: CsvField[][] = [];
    scanCsvFile(f, (r) => records.push(texts(r)), { chunkBytes: 4096 });
    expect(records.length).toBe(3);
    expect(records[1]![1]!.length).toBe(big.length);
    expect(records[1]![1] === big).toBe(true);
    expect(records[2]).toEqual(['2', 'tail']);
    const schema = inferCsvSchema(f, { chunkBytes: 4096, types: { text: 'utf8' } });
    const values: unknown[] = [];
    readCsvBatches(schema, (b) => values.push(...b.getChild('text')!), { chunkBytes: 4096 });
    expect(values.length).toBe(2);
    expect(values[0] === big).toBe(true);
    expect(values[1]).toBe('tail');
  });

  it('caps a runaway record with CSV_RECORD_TOO_LARGE at its line', () => {
    const f = file(`a,b\n1,2\n3,"${'x'.repeat(5000)}\n`);
    let err: unknown;
    try {
      scanCsvFile(f, () => undefined, { chunkBytes: 256, maxRecordBytes: 1000 });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'CSV_RECORD_TOO_LARGE', spans: [{ source: f, line: 3, column: 1 }] });
  });

  it('checks UTF-8 across chunk boundaries: a cut character is fine, an invalid byte is CSV_BAD_ENCODING', () => {
    const good = file('n\nSão Paulo 𝄞\n');
    for (let chunk = 1; chunk <= 20; chunk++) expect((scan(good, chunk) as Scanned).texts, `chunk ${chunk}`).toEqual([['n'], ['São Paulo 𝄞']]);
    const bad = file(Buffer.from([0x61, 0x0a, 0x53, 0xe3, 0x6f, 0x0a]));
    expect(scan(bad)).toMatchObject({ code: 'CSV_BAD_ENCODING' });
    const cut = file(Buffer.concat([Buffer.from('a\nxy\n'), Buffer.from('€').subarray(0, 2)]));
    expect(scan(cut, 2)).toMatchObject({ code: 'CSV_BAD_ENCODING' });
  });

  it('reads a delimiter outside ASCII through the text parser, with the same records', () => {
    const f = file('a§b\n1§"x§y"\n§\n');
    expect(outcome(scan(f, 3, '§'))).toEqual(outcome(parseText(f, '§')));
    expect((scan(f, 3, '§') as Scanned).texts).toEqual([['a', 'b'], ['1', 'x§y'], [null, null]]);
    const schema = inferCsvSchema(f, { delimiter: '§' });
    expect(schema.columns.map((c) => [c.name, c.type])).toEqual([['a', 'int64'], ['b', 'utf8']]);
  });
});
