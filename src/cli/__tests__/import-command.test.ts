import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../storage/index.js';
import { main } from '../main.js';
import { captureContext } from './capture-context.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-cmd-'));
  fs.writeFileSync(path.join(dir, 'codes.csv'), 'code,zip,active\n10,0171,1\n20,70174,0\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('pyralog import (in process)', () => {
  it('applies --table, --key and --type, resolving paths against the cwd', async () => {
    const ctx = captureContext(dir);
    const code = await main(['import', '--db', 'db', 'codes.csv', '--table', 'zips', '--key', 'code', '--type', 'active=bool'], ctx);
    expect(ctx.err()).toBe('');
    expect(code).toBe(0);
    expect(ctx.out()).toMatch(/^zips: 2 rows in \d+\.\d\d s\n$/);
    const store = openStore(path.join(dir, 'db'));
    try {
      const info = store.tableInfo('zips');
      expect(info.primaryKey).toEqual(['code']);
      expect(info.fields.map((f) => f.type)).toEqual(['int64', 'utf8', 'bool']);
      const snap = store.snapshot();
      expect(snap.get('zips', [10n])).toEqual({ code: 10n, zip: '0171', active: true });
      snap.close();
    } finally {
      store.close();
    }
  });

  it('reports TABLE_EXISTS (exit 1) and replaces with --replace', async () => {
    const again = captureContext(dir);
    expect(await main(['import', '--db', 'db', 'codes.csv', '--table', 'zips'], again)).toBe(1);
    expect(again.err()).toBe(
      'error[TABLE_EXISTS]: table "zips" already exists\n  hint: pass --replace to drop and re-import it, or --table to choose another name\n',
    );
    const replace = captureContext(dir);
    expect(await main(['import', '--db', 'db', 'codes.csv', '--table', 'zips', '--replace'], replace)).toBe(0);
    const store = openStore(path.join(dir, 'db'));
    expect(store.tableInfo('zips').primaryKey).toEqual([]);
    store.close();
  });

  it('reports a missing file and a directory as errors (exit 1)', async () => {
    const missing = captureContext(dir);
    expect(await main(['import', '--db', 'db', 'nope.csv'], missing)).toBe(1);
    expect(missing.err()).toMatch(/^error\[FILE_NOT_FOUND\]: cannot open .*nope\.csv: ENOENT/);
    fs.mkdirSync(path.join(dir, 'folder.csv'));
    const folder = captureContext(dir);
    expect(await main(['import', '--db', 'db', 'folder.csv'], folder)).toBe(1);
    expect(folder.err()).toMatch(/^error\[FILE_READ\]: cannot read .*folder\.csv: EISDIR/);
  });

  it('rejects a bad --type as a usage error', async () => {
    const ctx = captureContext(dir);
    expect(await main(['import', '--db', 'db', 'codes.csv', '--type', 'zip=text'], ctx)).toBe(2);
    expect(ctx.err()).toContain('--type wants COL=TYPE with TYPE one of int64, float64, bool, timestamp, date, utf8, got "zip=text"');
  });
});
