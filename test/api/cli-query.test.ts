/**
 * End-to-end: `node bin/pyralog.js query|explain` spawned as a child process
 * (the CLI transpiled from the current sources into a temporary package laid
 * out like the real one) against Chinook tables imported with importCsv.
 * Checks stdout exactly, stderr's caret rendering and the exit codes. The
 * remaining cases run the same `main()` in-process (a spawn costs seconds on
 * a busy machine).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliContext } from '../../src/cli/command.js';
import { open } from '../../src/index.js';
import { importCsv } from '../../src/io/import-csv.js';
import { repoRoot } from '../../src/storage/sequencer/__tests__/transpile-for-child.js';
import { buildCliPackage } from './cli-child.js';

let tmp: string;
let pkg: string;
let db: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-cli-query-'));
  pkg = path.dirname(path.dirname(buildCliPackage()));
  db = path.join(tmp, 'music');
  const d = open(db);
  for (const [table, key] of [['invoices', 'invoice_id'], ['artists', 'artist_id']] as const) {
    await importCsv(d.storage, path.join(repoRoot, 'test/data/chinook', `${table}.csv`), { key });
  }
  d.table('invoices').insert([
    {
      invoice_id: 9_007_199_254_740_993n, // 2^53 + 1
      customer_id: 1n,
      invoice_date: 1_577_836_800_000_000_000n,
      billing_address: 'Main St 1',
      billing_city: 'Oslo',
      billing_state: null,
      billing_country: 'Norway',
      billing_postal_code: '0150',
      total: 0.5,
    },
  ]);
  d.close();
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function pyralog(args: readonly string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(pkg, 'bin/pyralog.js'), ...args], { cwd: tmp, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the CLI in this process with captured output. */
async function inProcess(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const context: CliContext = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    cwd: tmp,
    env: {},
  };
  const code = await main(args, context);
  return { code, stdout, stderr };
}

describe('pyralog query (child process)', () => {
  it('--format json prints exactly {"columns":…,"rows":…}: int64 beyond 2^53 as a string, timestamps as imported, NULL as null', () => {
    const r = pyralog([
      'query', '--db', db, '--format', 'json',
      'from i = invoices | filter i.invoice_id <= 2 || i.invoice_id > 1000 | sort i.invoice_id | select {i.invoice_id, i.invoice_date, i.billing_state, i.total}',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      '{"columns":[{"name":"invoice_id","type":"int64"},{"name":"invoice_date","type":"timestamp"},{"name":"billing_state","type":"utf8"},{"name":"total","type":"float64"}],' +
        '"rows":[[1,"2009-01-01T00:00:00.000000000",null,1.98],[2,"2009-01-02T00:00:00.000000000",null,3.96],["9007199254740993","2020-01-01T00:00:00.000000000",null,0.5]]}\n',
    );
  });

  it('--format csv, --file and --param', () => {
    const file = path.join(tmp, 'q.prql');
    fs.writeFileSync(file, 'from invoices\nfilter invoice_id == $id\nselect {invoice_id, billing_city, invoice_date}\n');
    const r = pyralog(['query', '--db', db, '--format', 'csv', '--file', file, '--param', 'id=3']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('invoice_id,billing_city,invoice_date\r\n3,Brussels,2009-01-03T00:00:00.000000000\r\n');
  });


  it('a PRQL syntax error goes to stderr with the caret excerpt, exit code 1, nothing on stdout', () => {
    const r = pyralog(['query', '--db', db, 'from invoices\nfilter (total >']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error\[PRQL_PARSE_ERROR\]: .+\n {2}--> <query>:2:\d+\n {2}\|\n2 \| filter \(total >\n {2}\| +\^+\n$/);
  });


});

describe('pyralog query (in-process)', () => {
  it('the default table format', async () => {
    const r = await inProcess(['query', '--db', db, 'from artists | filter artist_id <= 2 | sort artist_id']);
    expect(r.stdout).toBe(
      ['+-----------+--------+', '| artist_id | name   |', '+-----------+--------+', '|         1 | AC/DC  |', '|         2 | Accept |', '+-----------+--------+', '(2 rows)', ''].join('\n'),
    );
  });

  it('an unknown table and an unknown language are errors with exit code 1', async () => {
    const t = await inProcess(['query', '--db', db, 'from trackz']);
    expect(t.code).toBe(1);
    expect(t.stderr).toContain('error[PRQL_UNKNOWN_TABLE]: unknown table trackz\n  --> <query>:1:6\n  |\n1 | from trackz\n  |      ^^^^^^\n');
    const l = await inProcess(['query', '--db', db, '--lang', 'cobol', 'from artists']);
    expect(l.code).toBe(1);
    expect(l.stderr).toMatch(/^error\[UNKNOWN_LANGUAGE\]/);
  });

  it('a directory without a database is DATABASE_NOT_FOUND and is left untouched; a bad --format is a usage error (exit 2)', async () => {
    const empty = path.join(tmp, 'empty');
    fs.mkdirSync(empty);
    const r = await inProcess(['query', '--db', empty, 'from artists']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error\[DATABASE_NOT_FOUND\]/);
    expect(fs.readdirSync(empty)).toEqual([]);
    expect((await inProcess(['query', '--db', db, '--format', 'xml', 'from artists'])).code).toBe(2);
  });
});

describe('pyralog explain', () => {
  it('prints the rule trace and the access paths', () => {
    const r = pyralog(['explain', '--db', db, 'from invoices | filter invoice_id == 5 | select {invoice_id, total}']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^== logical plan ==\n/);
    expect(r.stdout).toMatch(/== rule trace ==\n1\. [a-z-]+\n/);
    expect(r.stdout).toMatch(/== physical plan ==\n.*Scan: invoices \[invoice_id, total\].*\[point_get \(5\)\]/s);
  });

  it('--trace adds each rewrite, before => after (in-process)', async () => {
    const traced = await inProcess(['explain', '--db', db, '--trace', 'from invoices | filter invoice_id > 400 | select {invoice_id}']);
    expect(traced.code).toBe(0);
    expect(traced.stdout).toMatch(/\n-- 1\. [a-z-]+\nFilter: gt\(#0 invoice_id, 400\)\n[\s\S]*\n {3}=>\n/);
    expect(traced.stdout).toContain('key_range >(400)');
  });
});
