/**
 * End-to-end: the CLI built from the current sources (test/api/cli-child.ts:
 * a package laid out like the real one, bin/pyralog.js + dist/src/…) spawned as
 * `node bin/pyralog.js import` on all of Chinook, then checks the store.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHINOOK_COLUMNS, CHINOOK_DIR, CHINOOK_ROWS } from '../../io/__tests__/chinook-expected.js';
import { openStore } from '../../storage/index.js';
import { repoRoot } from '../../storage/sequencer/__tests__/transpile-for-child.js';
import { buildCliPackage } from '../../../test/api/cli-child.js';

let dir: string;
let pkg: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));
  pkg = path.dirname(path.dirname(buildCliPackage()));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function pyralog(args: readonly string[], bin = path.join(pkg, 'bin/pyralog.js')): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bin/pyralog.js import', () => {
  it('imports every Chinook file in one command, one summary line per table', () => {
    const db = path.join(dir, 'db');
    const files = Object.keys(CHINOOK_COLUMNS).map((t) => path.relative(repoRoot, path.join(CHINOOK_DIR, `${t}.csv`)));
    const r = pyralog(['import', '--db', db, ...files]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(files.length + 1);
    for (const [i, table] of Object.keys(CHINOOK_COLUMNS).entries()) {
      expect(lines[i]).toMatch(new RegExp(`^${table}: ${CHINOOK_ROWS[table]!.toLocaleString('en-US')} rows in \\d+\\.\\d\\d s$`));
    }
    expect(lines[files.length]).toMatch(/^11 tables, 15,607 rows in \d+\.\d\d s$/);
    const store = openStore(db);
    try {
      expect(store.tables().length).toBe(11);
      const snap = store.snapshot();
      expect(snap.stats('tracks').rowCount).toBe(3503);
      snap.close();
    } finally {
      store.close();
    }
  });

  it('fails with a rendered error and exit 1 on a ragged file, creating no table', () => {
    const db = path.join(dir, 'db2');
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'a,b\n1,2\n3,4,5\n');
    const r = pyralog(['import', '--db', db, bad, '--key', 'a']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error[CSV_RAGGED_ROW]: row has 3 fields but the header has 2\n  --> ${bad}:3:5\n  |\n3 | 3,4,5\n  |     ^\n  hint: quote fields that contain the delimiter\n`,
    );
    const store = openStore(db);
    expect(store.hasTable('bad')).toBe(false);
    store.close();
  });

  it('exits 2 on usage errors and tells to build when dist is missing', () => {
    const usage = pyralog(['import', '--db', path.join(dir, 'db3'), 'a.csv', 'b.csv', '--table', 't']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('error[CLI_USAGE]: import: --table needs exactly one FILE');
    const bare = path.join(dir, 'bare');
    fs.mkdirSync(path.join(bare, 'bin'), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, 'bin/pyralog.js'), path.join(bare, 'bin/pyralog.js'));
    fs.writeFileSync(path.join(bare, 'package.json'), '{"type":"module"}');
    const missing = pyralog(['--help'], path.join(bare, 'bin/pyralog.js'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Run `npm run build`');
  });
});
