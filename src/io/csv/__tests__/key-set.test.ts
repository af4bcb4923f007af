import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { KeySet } from '../key-set.js';
import { readCsvRecords } from '../read-csv-records.js';
import { recordTexts } from '../infer-csv-schema.js';

let dir: string;
let round = 0;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyset-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the key check over CSV text (header first) like import pass 1; the error, or undefined. */
function keyError(text: string, key: readonly number[]): PyralogError | undefined {
  const file = path.join(dir, `t${round++}.csv`);
  fs.writeFileSync(file, text);
  let keys: KeySet | undefined;
  try {
    readCsvRecords(file, (record) => {
      if (record.index === 0) keys = new KeySet(key, recordTexts(record).map(String), 't.csv');
      else keys!.addRecord(record);
    });
    keys!.check();
  } catch (e) {
    if (e instanceof PyralogError) return e;
    throw e;
  }
  return undefined;
}

describe('KeySet', () => {
  it('accepts distinct numeric and text keys, including ones a loose parse would merge', () => {
    expect(keyError('k,v\n1,a\n01,b\n+1,c\n-0,d\n0,e\n-1,f\n999999999999999,g\n1000000000000000,h\n', [0])).toBeUndefined();
  });

  it('names the first line that repeats a numeric key, and the line it repeats', () => {
    const e = keyError('k,v\n7,a\n3,b\n5,c\n3,d\n7,e\n', [0]);
    expect(e?.code).toBe('IMPORT_DUPLICATE_KEY');
    expect(e?.message).toBe('duplicate key "3": line 5 repeats line 3');
    expect(e?.spans).toEqual([{ source: 't.csv', line: 5, column: 1 }]);
  });

  it('reports a numeric repeat on an earlier line before a later text repeat or empty key', () => {
    const e = keyError('v,k\na,-4\nb,x\nc,-4\nd,x\n', [1]);
    expect(e?.message).toBe('duplicate key "-4": line 4 repeats line 2');
    expect(e?.spans).toEqual([{ source: 't.csv', line: 4, column: 3 }]);
    const n = keyError('k\n2\n2\n\n"x"\n', [0]);
    expect(n?.code).toBe('IMPORT_DUPLICATE_KEY');
    const empty = keyError('k,v\n2,a\n,b\n', [0]);
    expect(empty?.code).toBe('IMPORT_NULL_KEY');
  });

  it('checks composite keys by their parts', () => {
    expect(keyError('a,b\n1,23\n12,3\n', [0, 1])).toBeUndefined();
    expect(keyError('a,b\n1,2\n3,4\n1,2\n', [0, 1])?.message).toBe('duplicate key "1:11:2": line 4 repeats line 2');
  });

  it('finds a repeat among many numeric keys (growing past the first allocation)', () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => String(i * 3 - 100_000));
    lines.push(String(150_000 * 3 - 100_000));
    const e = keyError(`k\n${lines.join('\n')}\n`, [0]);
    expect(e?.message).toBe(`duplicate key "350000": line 200002 repeats line 150002`);
  });
});
