import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PyralogError } from '../../../errors/pyralog-error.js';
import type { CsvField } from '../csv-parser.js';
import { endsMidCharacter, readCsvFile } from '../read-csv-file.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readcsv-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('readCsvFile', () => {
  it('decodes multi-byte UTF-8 split across chunks and reports bytes', () => {
    const f = path.join(dir, 'utf8.csv');
    fs.writeFileSync(f, '\uFEFFname,city\nLuís,São José\nZoë,Kraków\r\n');
    const records: CsvField[][] = [];
    const progress: number[] = [];
    const { records: count, bytes } = readCsvFile(f, (r) => records.push(r), { chunkBytes: 3, onBytes: (done, total) => progress.push(total - done) });
    expect(records).toEqual([
      ['name', 'city'],
      ['Luís', 'São José'],
      ['Zoë', 'Kraków'],
    ]);
    expect(count).toBe(3);
    expect(bytes).toBe(fs.statSync(f).size);
    expect(progress[progress.length - 1]).toBe(0);
  });

  it('gives the same records for every chunk size when ASCII chunks (latin1 fast path) and multi-byte characters alternate', () => {
    const f = path.join(dir, 'mixed.csv');
    const text = 'id,name\n1,plain ascii\n2,"€uro, ""𝄞"" clef"\n3,ascii again\n4,Zoë\n5,end\n';
    fs.writeFileSync(f, text);
    const expected = [['id', 'name'], ['1', 'plain ascii'], ['2', '€uro, "𝄞" clef'], ['3', 'ascii again'], ['4', 'Zoë'], ['5', 'end']];
    for (let chunk = 1; chunk <= Buffer.byteLength(text) + 1; chunk++) {
      const records: CsvField[][] = [];
      readCsvFile(f, (r) => records.push(r), { chunkBytes: chunk });
      expect(records, `chunk ${chunk}`).toEqual(expected);
    }
  });

  it('tells whether bytes end inside a UTF-8 character', () => {
    const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s));
    expect(endsMidCharacter(utf8('ab'))).toBe(false);
    expect(endsMidCharacter(utf8('aé'))).toBe(false);
    expect(endsMidCharacter(utf8('a€'))).toBe(false);
    expect(endsMidCharacter(utf8('a𝄞'))).toBe(false);
    expect(endsMidCharacter(utf8('a€').subarray(0, 3))).toBe(true);
    expect(endsMidCharacter(utf8('a𝄞').subarray(0, 4))).toBe(true);
    expect(endsMidCharacter(utf8('aé').subarray(0, 2))).toBe(true);
    expect(endsMidCharacter(new Uint8Array(0))).toBe(true);
  });

  it('raises FILE_NOT_FOUND and CSV_BAD_ENCODING', () => {
    expect(() => readCsvFile(path.join(dir, 'nope.csv'), () => undefined)).toThrow(expect.objectContaining({ code: 'FILE_NOT_FOUND', phase: 'import' }));
    const f = path.join(dir, 'latin1.csv');
    fs.writeFileSync(f, Buffer.from([0x61, 0x0a, 0x53, 0xe3, 0x6f, 0x0a]));
    expect(() => readCsvFile(f, () => undefined)).toThrow(expect.objectContaining({ code: 'CSV_BAD_ENCODING' }));
    // A character cut at the end of the file, after ASCII chunks read on the fast path.
    const cut = path.join(dir, 'cut.csv');
    fs.writeFileSync(cut, Buffer.concat([Buffer.from('a\nxy\n'), Buffer.from('€').subarray(0, 2)]));
    expect(() => readCsvFile(cut, () => undefined, { chunkBytes: 2 })).toThrow(expect.objectContaining({ code: 'CSV_BAD_ENCODING' }));
  });

  it('names the file in error spans and renders the line with a caret', () => {
    const f = path.join(dir, 'ragged.csv');
    fs.writeFileSync(f, 'a,b\r\n1,2\r\n"x\ny",2,3\r\n');
    let err: unknown;
    try {
      readCsvFile(f, () => undefined);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'CSV_RAGGED_ROW', spans: [{ source: f, line: 4, column: 6 }] });
    expect((err as PyralogError).render()).toBe(
      [`error[CSV_RAGGED_ROW]: row has 3 fields but the header has 2`, `  --> ${f}:4:6`, '  |', '4 | y",2,3', '  |      ^', '  hint: quote fields that contain the delimiter'].join('\n'),
    );
  });
});
