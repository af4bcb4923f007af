import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import fc from 'fast-check';
import { formatTimestamp } from '../../../types/timestamp-format.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvFields, readCsvBatches } from '../csv-batch-reader.js';
import { inferCsvSchema } from '../infer-csv-schema.js';

const chinook = path.resolve(import.meta.dirname, '../../../../test/data/chinook');

function readAll(file: string, batchRows?: number): RecordBatch[] {
  const schema = inferCsvSchema(file);
  const batches: RecordBatch[] = [];
  readCsvBatches(schema, (b) => batches.push(b), batchRows === undefined ? {} : { batchRows });
  return batches;
}

describe('readCsvBatches', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batches-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('builds typed Arrow columns with NULLs, in batches of the requested size', () => {
    const batches = readAll(path.join(chinook, 'tracks.csv'), 1000);
    expect(batches.map((b) => b.numRows)).toEqual([1000, 1000, 1000, 503]);
    const first = batches[0]!;
    expect(first.schema.fields.map((f) => String(f.type))).toEqual(['Int64', 'Utf8', 'Int64', 'Int64', 'Int64', 'Utf8', 'Int64', 'Int64', 'Float64']);
    const row0 = first.get(0)!.toJSON();
    expect(row0).toEqual({
      track_id: 1n,
      name: 'For Those About To Rock (We Salute You)',
      album_id: 1n,
      media_type_id: 1n,
      genre_id: 1n,
      composer: 'Angus Young, Malcolm Young, Brian Johnson',
      milliseconds: 343719n,
      bytes: 11170334n,
      unit_price: 0.99,
    });
    expect(first.get(1)!.toJSON().composer).toBeNull();
    const composers = first.getChild('composer')!;
    expect(composers.nullCount).toBeGreaterThan(0);
    const last = batches[3]!;
    expect(last.get(502)!.toJSON().track_id).toBe(3503n);
  });

  it('stores timestamps as ns since the epoch, with the pattern in field metadata', () => {
    const [batch] = readAll(path.join(chinook, 'invoices.csv'));
    const field = batch!.schema.fields.find((f) => f.name === 'invoice_date')!;
    expect(String(field.type)).toBe('Timestamp<NANOSECOND>');
    expect(field.metadata.get('pyralog.tsformat')).toBe('YYYY-MM-DDTHH:mm:ss.fffffffff');
    const col = batch!.getChild('invoice_date')!;
    // Arrow's get() shows ms; the stored values are ns.
    expect(col.data[0]!.values[0]).toBe(BigInt(Date.UTC(2009, 0, 1)) * 1_000_000n);
    expect(col.get(0)).toBe(Date.UTC(2009, 0, 1));
    expect(batch!.getChild('billing_postal_code')!.get(1)).toBe('0171');
    expect(batch!.getChild('total')!.get(0)).toBe(1.98);
  });

  it('writes exact int64 values, negative and beyond 2^53, and booleans and dates', () => {
    const f = path.join(dir, 'edge.csv');
    fs.writeFileSync(f, 'i,b,d,s\n-1,true,2020-02-29,é\n9223372036854775807,FALSE,,\n-9223372036854775808,,1969-12-31,"a\nb"\n4294967296,true,1970-01-02,x\n');
    const schema = inferCsvSchema(f, { types: { d: 'date' } });
    expect(schema.columns.map((c) => c.type)).toEqual(['int64', 'bool', 'date', 'utf8']);
    expect(csvFields(schema, new Set(['i'])).map((x) => x.nullable)).toEqual([false, true, true, true]);
    const batches: RecordBatch[] = [];
    readCsvBatches(schema, (b) => batches.push(b));
    const b = batches[0]!;
    expect([...b.getChild('i')!]).toEqual([-1n, 9223372036854775807n, -9223372036854775808n, 4294967296n]);
    expect([...b.getChild('b')!]).toEqual([true, false, null, true]);
    expect([...b.getChild('d')!].map((v) => (v === null ? null : Number(v)))).toEqual([Date.UTC(2020, 1, 29), null, Date.UTC(1969, 11, 31), 86_400_000]);
    expect([...b.getChild('s')!]).toEqual(['é', null, 'a\nb', 'x']);
  });

  it('reads quoted newlines and quotes, CRLF, a BOM, empty lines and a very long line the same at every chunk size', () => {
    const long = 'x'.repeat(100_000);
    const text = `\uFEFFid,note,v\r\n1,"two\r\nlines, ""quoted""",1.5\r\n\r\n\n2,,-2\n3,"${long}",0.25\r\n4,"a\nb\nc",\n\n5,"""",7\r\n`;
    const f = path.join(dir, 'edges.csv');
    fs.writeFileSync(f, text);
    const schema = inferCsvSchema(f, { chunkBytes: 7 });
    expect(schema.columns.map((c) => [c.name, c.type])).toEqual([['id', 'int64'], ['note', 'utf8'], ['v', 'float64']]);
    expect(schema.rows).toBe(5);
    const expected = [
      { id: 1n, note: 'two\r\nlines, "quoted"', v: 1.5 },
      { id: 2n, note: null, v: -2 },
      { id: 3n, note: long, v: 0.25 },
      { id: 4n, note: 'a\nb\nc', v: null },
      { id: 5n, note: '"', v: 7 },
    ];
    // Tiny chunks only while the long line is short: the parser rescans an unfinished record at each chunk.
    for (const chunkBytes of [509, 4096, 65_536, 1 << 20]) {
      const rows: unknown[] = [];
      readCsvBatches(schema, (b) => rows.push(...b.toArray().map((r) => r.toJSON())), { chunkBytes, batchRows: 2 });
      expect(rows, `chunk ${chunkBytes}`).toEqual(expected);
    }
    const short = text.replace(long, 'short');
    fs.writeFileSync(f, short);
    const shortSchema = inferCsvSchema(f, { chunkBytes: 1 });
    expected[2] = { ...expected[2]!, note: 'short' };
    for (let chunkBytes = 1; chunkBytes <= 16; chunkBytes++) {
      const rows: unknown[] = [];
      readCsvBatches(shortSchema, (b) => rows.push(...b.toArray().map((r) => r.toJSON())), { chunkBytes, batchRows: 2 });
      expect(rows, `chunk ${chunkBytes}`).toEqual(expected);
    }
  });

  it('produces no batch for a header-only file', () => {
    const f = path.join(dir, 'empty.csv');
    fs.writeFileSync(f, 'a,b\n');
    expect(readAll(f)).toEqual([]);
  });

  it('round-trips random typed tables through CSV text, inference and Arrow', () => {
    const TS = 'YYYY-MM-DD HH:mm:ss.fffffffff';
    const row = fc.record({
      i: fc.option(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { nil: null }),
      f: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Number.isInteger(x)), { nil: null }),
      b: fc.option(fc.boolean(), { nil: null }),
      t: fc.option(fc.bigInt({ min: -2_208_988_800_000_000_000n, max: 4_102_444_800_000_000_000n }), { nil: null }),
      s: fc.option(fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', 'é', ' ', '7') }).map((x) => `s${x}`), { nil: null }),
    });
    const cell = (v: unknown, text: (x: never) => string): string => (v === null ? '' : text(v as never));
    const quote = (x: string): string => `"${x.replace(/"/g, '""')}"`;
    let round = 0;
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), (rows) => {
        // The first row has every value, so no column is all NULL.
        const full = { i: 1n, f: 0.5, b: true, t: 0n, s: 'x' };
        const all = [full, ...rows];
        const text = `i,f,b,t,s\n${all
          .map((r) =>
            [
              cell(r.i, (x: bigint) => x.toString()),
              cell(r.f, (x: number) => String(x)),
              cell(r.b, (x: boolean) => String(x)),
              cell(r.t, (x: bigint) => formatTimestamp(x, TS)),
              cell(r.s, quote),
            ].join(','),
          )
          .join('\n')}\n`;
        const f = path.join(dir, `prop-${round++}.csv`);
        fs.writeFileSync(f, text);
        const schema = inferCsvSchema(f);
        expect(schema.columns.map((c) => c.type)).toEqual(['int64', 'float64', 'bool', 'timestamp', 'utf8']);
        expect(schema.columns[3]!.tsformat).toBe(TS);
        const batches: RecordBatch[] = [];
        readCsvBatches(schema, (b) => batches.push(b), { batchRows: 7 });
        const got = batches.flatMap((b) =>
          Array.from({ length: b.numRows }, (_, k) => ({
            i: b.getChild('i')!.get(k),
            f: b.getChild('f')!.get(k),
            b: b.getChild('b')!.get(k),
            t: b.getChild('t')!.isValid(k) ? (b.getChild('t')!.data[0]!.values as BigInt64Array)[k] : null,
            s: b.getChild('s')!.get(k),
          })),
        );
        expect(got).toEqual(all);
      }),
      { numRuns: 60 },
    );
  });
});
