import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { openStore, type Store } from '../../../storage/index.js';
import { seeded } from '../../../types/__tests__/support/value-arbitraries.js';
import { importCsv } from '../../import-csv.js';
import type { CsvColumnType } from '../column-inference.js';
import { readCsvBatches } from '../csv-batch-reader.js';
import { onePassColumns } from '../csv-one-pass.js';
import { inferCsvSchema } from '../infer-csv-schema.js';

let dir: string;
let store: Store;
let round = 0;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onepass-'));
  store = openStore(path.join(dir, 'db'));
});
afterAll(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function csv(text: string): string {
  const f = path.join(dir, `f${round++}.csv`);
  fs.writeFileSync(f, text);
  return f;
}

function rowsOf(table: string): Record<string, unknown>[] {
  const snap = store.snapshot();
  try {
    return [...snap.scan(table)].flatMap((b) => b.toArray().map((r) => r.toJSON() as Record<string, unknown>));
  } finally {
    snap.close();
  }
}

async function failure(p: Promise<unknown>): Promise<PyralogError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PyralogError) return e;
    throw e;
  }
  throw new Error('expected the import to fail');
}

function pass1Error(file: string, types: Record<string, CsvColumnType>, key: string[]): PyralogError {
  try {
    inferCsvSchema(file, { types, key });
  } catch (e) {
    if (e instanceof PyralogError) return e;
    throw e;
  }
  throw new Error('expected pass 1 to fail');
}

const TYPES: Record<string, CsvColumnType> = { id: 'int64', v: 'float64', ok: 'bool', s: 'utf8', d: 'date' };

describe('one-pass import (every column of a forced type)', () => {
  it('is chosen only when every column is forced, none is a timestamp, and every key is a column', () => {
    const f = csv('id,v,ok,s,d\n1,2,true,x,2020-01-01\n');
    expect(onePassColumns(f, TYPES, ['id'])?.map((c) => `${c.name}:${c.type}`)).toEqual(['id:int64', 'v:float64', 'ok:bool', 's:utf8', 'd:date']);
    expect(onePassColumns(f, { ...TYPES, d: 'timestamp' }, ['id'])).toBeUndefined();
    expect(onePassColumns(f, { id: 'int64', v: 'float64' }, [])).toBeUndefined();
    expect(onePassColumns(f, { ...TYPES, extra: 'utf8' }, [])).toBeUndefined();
    expect(onePassColumns(f, TYPES, ['nope'])).toBeUndefined();
    expect(onePassColumns(csv(''), TYPES, [])).toBeUndefined();
  });

  it('loads typed values, NULLs and counts like the two passes', async () => {
    const f = csv('id,v,ok,s,d\r\n3,1.5,TRUE,"a,""b""",2020-02-29\r\n1,,0,,\r\n2,-0,false,"",1969-12-31\r\n9223372036854775807,1e3,1,é,2000-01-01\r\n');
    const result = await importCsv(store, f, { table: 'typed', key: 'id', types: TYPES });
    expect(result.rows).toBe(4);
    expect(result.schema.columns.map((c) => [c.name, c.type, c.nullCount, c.valueCount])).toEqual(
      inferCsvSchema(f, { types: TYPES, key: ['id'] }).columns.map((c) => [c.name, c.type, c.nullCount, c.valueCount]),
    );
    expect(store.tableInfo('typed').fields.map((x) => [x.name, x.type, x.nullable])).toEqual([
      ['id', 'int64', false],
      ['v', 'float64', true],
      ['ok', 'bool', true],
      ['s', 'utf8', true],
      ['d', 'date', true],
    ]);
    const rows = rowsOf('typed');
    expect(rows.map((r) => [r['id'], r['v'], r['ok'], r['s']])).toEqual([
      [1n, null, false, null],
      [2n, -0, false, ''],
      [3n, 1.5, true, 'a,"b"'],
      [9223372036854775807n, 1000, true, 'é'],
    ]);
    expect(Object.is(rows[1]!['v'], -0)).toBe(true);
    expect(rows.map((r) => (r['d'] === null ? null : Number(r['d'])))).toEqual([null, -86_400_000, Date.UTC(2020, 1, 29), Date.UTC(2000, 0, 1)]);
  });

  it('reads a delimiter outside ASCII (through the text parser) in one pass too', async () => {
    const f = csv('id§s\n2§"b§c"\n1§a\n');
    expect(onePassColumns(f, { id: 'int64', s: 'utf8' }, ['id'], { delimiter: '§' })?.map((c) => c.name)).toEqual(['id', 's']);
    const result = await importCsv(store, f, { table: 'section', key: 'id', types: { id: 'int64', s: 'utf8' }, delimiter: '§' });
    expect(result.rows).toBe(2);
    expect(rowsOf('section')).toEqual([
      { id: 1n, s: 'a' },
      { id: 2n, s: 'b§c' },
    ]);
  });

  it('raises the errors of pass 1, in the same order, and leaves nothing behind', async () => {
    const cases = [
      'id,v,ok,s,d\n1,1,true,a,2020-01-01\n2,x,true,b,\n', // bad float64
      'id,v,ok,s,d\n1,1,yes,a,\n', // bad bool
      'id,v,ok,s,d\n1,1,1,a,2020-13-01\n', // bad date
      'id,v,ok,s,d\n1,1,1,a,\n1,2,0,b,\n3,z,0,c,\n', // numeric duplicate before a later bad value
      'id,v,ok,s,d\n5,1,1,a,\n,2,0,b,\n', // empty key
      'id,v,ok,s,d\n"01",1,1,a,\n"01",2,0,b,\n', // text duplicate
      'id,v,ok,s,d\n1,1,1,a,\n2,2\n', // ragged
      'id,v,ok,s,d\n99999999999999999999,1,1,a,\n', // int64 overflow
    ];
    for (const text of cases) {
      const f = csv(text);
      const e = await failure(importCsv(store, f, { table: 'bad', key: 'id', types: TYPES }));
      const want = pass1Error(f, TYPES, ['id']);
      expect({ code: e.code, message: e.message, spans: e.spans, details: e.details }, text).toEqual({ code: want.code, message: want.message, spans: want.spans, details: want.details });
      expect(e.render(), text).toBe(want.render());
      expect(store.hasTable('bad'), text).toBe(false);
    }
    await importCsv(store, csv('id,v,ok,s,d\n7,7,1,keep,\n'), { table: 'kept', key: 'id', types: TYPES });
    const e = await failure(importCsv(store, csv('id,v,ok,s,d\n8,8,1,new,\n8,9,0,dup,\n'), { table: 'kept', key: 'id', types: TYPES, replace: true }));
    expect(e.code).toBe('IMPORT_DUPLICATE_KEY');
    expect(rowsOf('kept').map((r) => r['s'])).toEqual(['keep']);
  });

  it('stores what the two passes read, for random tables', async () => {
    const cell = (arb: fc.Arbitrary<string>): fc.Arbitrary<string> => fc.oneof({ weight: 1, arbitrary: fc.constant('') }, { weight: 4, arbitrary: arb });
    const row = fc.tuple(
      cell(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }).map(String), fc.constantFrom('5.', '.5', '007.25', '-0', '1e-7', '123456789.123456789'))),
      cell(fc.constantFrom('true', 'FALSE', '1', '0')),
      cell(fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', 'é', '\u{1F600}', ' ') }).map((s) => `"${s.replace(/"/g, '""')}"`)),
      cell(fc.integer({ min: -100_000, max: 100_000 }).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10))),
    );
    let t = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 25 }), fc.boolean(), async (rows, shuffle) => {
        const ids = rows.map((_, i) => (shuffle ? (i * 7919) % 100_003 : i) - 3);
        const f = csv(`id,v,ok,s,d\n${rows.map((r, i) => [String(ids[i]), ...r].join(',')).join('\n')}\n`);
        const table = `r${t++}`;
        await importCsv(store, f, { table, key: 'id', types: TYPES, batchRows: 4 });
        const batches: RecordBatch[] = [];
        readCsvBatches(inferCsvSchema(f, { types: TYPES, key: ['id'] }), (b) => batches.push(b));
        const expected = batches.flatMap((b) => b.toArray().map((r) => r.toJSON() as Record<string, unknown>));
        expected.sort((a, b) => Number(a['id']) - Number(b['id']));
        expect(rowsOf(table)).toEqual(expected);
      }),
      seeded(25),
    );
  });
});
