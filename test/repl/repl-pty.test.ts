/**
 * `pyralog repl` as a person uses it: the CLI (built from the current
 * sources by test/api/cli-child.ts, as the other CLI tests do) runs on a
 * real pseudo-terminal (util-linux `script`) against an LMDB database with
 * two Chinook tables. The test types a multi-line entry, completes a table
 * name with Tab, reads the aligned table, a syntax error with its caret,
 * presses Ctrl-C and Ctrl-D, and finds its history again in a second
 * session; the same in Batuta. One more run pipes a script into the REPL
 * (no terminal), and `pyralog start` (npm start) opens the REPL after the
 * demo only on a terminal.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open } from '../../src/engine/database.js';
import { importCsv } from '../../src/io/import-csv.js';
import { repoRoot } from '../../src/storage/sequencer/__tests__/transpile-for-child.js';
import { buildCliPackage } from '../api/cli-child.js';
import { KEY, PtySession } from './pty-session.js';

let tmp: string;
let bin: string;
let db: string;
let history: string;
const sessions: PtySession[] = [];
/** About a second of work: 960,496 rows counted. */
const SLOW_QUERY = 'from a = albums | join b = albums (a.album_id != b.album_id) | join c = artists (c.artist_id <= 8) | aggregate {n = count this}';

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-repl-pty-'));
  bin = buildCliPackage();
  db = path.join(tmp, 'music');
  const d = open(db);
  try {
    await importCsv(d.storage, path.join(repoRoot, 'test/data/chinook/artists.csv'), { key: ['artist_id'] });
    await importCsv(d.storage, path.join(repoRoot, 'test/data/chinook/albums.csv'), { key: ['album_id'] });
  } finally {
    d.close();
  }
  history = path.join(tmp, 'history');
});
afterAll(() => {
  for (const s of sessions) s.kill();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function repl(): PtySession {
  const s = PtySession.start([process.execPath, bin, 'repl', '--db', db, '--lang', 'prql'], {
    cwd: tmp,
    cols: 160,
    env: { ...process.env, PYRALOG_HISTORY: history, HOME: tmp, TERM: 'xterm' },
  });
  sessions.push(s);
  return s;
}

describe('pyralog repl on a terminal', () => {
  it('multi-line entry, Tab completion, aligned table, caret, Ctrl-C, Ctrl-D, history across sessions', async () => {
    const s = repl();
    await s.waitFor(/Pyralog REPL on .*music — prql/);
    await s.waitFor('prql> ');

    // Tab completes a table name; a line ending in | continues the entry.
    s.type('from albu');
    await s.waitFor('from albu');
    s.type(KEY.tab); // albums and album_id share "album"
    await s.waitFor('m');
    s.type(KEY.tab); // a second Tab lists the choices
    expect(await s.waitFor(/album_id +albums\n/)).not.toContain('artist');
    await s.waitFor('prql> from album');
    s.type(`s |${KEY.enter}`);
    await s.waitFor('....> ');
    s.type(`sort title |${KEY.enter}`);
    await s.waitFor('....> ');
    s.type(`take 2${KEY.enter}`);
    const table = await s.waitFor('(2 rows)');
    expect(table.split('\n').slice(-7)).toEqual([
      '+----------+------------------------------------------+-----------+',
      '| album_id | title                                    | artist_id |',
      '+----------+------------------------------------------+-----------+',
      '|      156 | ...And Justice For All                   |        50 |',
      '|      257 | 20th Century Masters - The Millennium C… |       179 |',
      '+----------+------------------------------------------+-----------+',
      '(2 rows)',
    ]);

    // A syntax error shows the caret under what was typed.
    await s.waitFor('prql> ');
    s.type(`from albums | take )${KEY.enter}`);
    const error = await s.waitFor(/\^+\n/);
    expect(error).toContain('error[PRQL_PARSE_ERROR]');
    expect(error).toContain(`1 | from albums | take )\n  | ${' '.repeat(19)}^\n`);

    // Ctrl-C drops the half-typed line; on an empty prompt it says how to leave.
    await s.waitFor('prql> ');
    s.type('garbage');
    await s.waitFor('garbage');
    s.type(KEY.ctrlC);
    await s.waitFor('^C\nprql> ');
    s.type(`:schema artists${KEY.enter}`);
    expect(await s.waitFor('(2 rows)')).toContain('| artist_id | int64 | no       | 1   |');
    await s.waitFor('prql> ');
    s.type(KEY.ctrlC);
    await s.waitFor('(To exit, press Ctrl-D or type :quit)\nprql> ');

    // Ctrl-C while a query runs (a PRQL query runs to its end inside the engine): its result is dropped.
    s.type(`${SLOW_QUERY}${KEY.enter}`);
    await s.waitFor(`${SLOW_QUERY}\n`);
    s.type(KEY.ctrlC);
    const cancelled = await s.waitFor('prql> ');
    expect(cancelled).toContain('cancelled');
    expect(cancelled).not.toContain('960496');

    s.type(KEY.ctrlD);
    expect(await s.exit()).toBe(0);
    expect(fs.readFileSync(history, 'utf8')).toBe(`from albums |\nsort title |\ntake 2\nfrom albums | take )\n:schema artists\n${SLOW_QUERY}\n`);

    // A second session recalls the first one's entries with the Up key.
    const again = repl();
    await again.waitFor('prql> ');
    again.type(KEY.up);
    await again.waitFor('aggregate {n = count this}');
    again.type(KEY.up);
    await again.waitFor(':schema artists');
    again.type(KEY.enter);
    expect(await again.waitFor('(2 rows)')).toContain('| name      | utf8  | yes      |     |');
    await again.waitFor('prql> ');
    again.type(`:quit${KEY.enter}`);
    expect(await again.exit()).toBe(0);
  });

  it('Batuta (the default): a definition over lines, keyword completion, read error caret, Ctrl-C stops a running program', async () => {
    const s = PtySession.start([process.execPath, bin, 'repl', '--db', db], { cwd: tmp, cols: 160, env: { ...process.env, PYRALOG_HISTORY: '', TERM: 'xterm' } });
    sessions.push(s);
    await s.waitFor(/Pyralog REPL on .*music — batuta/);
    await s.waitFor('batuta> ');
    s.type(`(defn top-albums [n]${KEY.enter}`);
    await s.waitFor('......> ');
    s.type('  (|> (from :alb');
    await s.waitFor(':alb');
    s.type(KEY.tab); // :albums and :album_id share ":album"
    await s.waitFor('um');
    s.type(`s) (order-by [:album_id :desc])${KEY.enter}`);
    await s.waitFor('......> ');
    s.type(`      (limit n) (select [:album_id :title])))${KEY.enter}`);
    await s.waitFor("#'top-albums\nbatuta> ");
    s.type(`(top-albums 2)${KEY.enter}`);
    expect((await s.waitFor('(2 rows)')).split('\n').slice(-4)).toEqual([
      '|      347 | Koyaanisqatsi (Soundtrack from the Moti… |',
      '|      346 | Mozart: Chamber Music                    |',
      '+----------+------------------------------------------+',
      '(2 rows)',
    ]);
    await s.waitFor('batuta> ');
    s.type(`(+ 1 2))${KEY.enter}`);
    const error = await s.waitFor(/\^\n/);
    expect(error).toContain('error[BATUTA_READ_ERROR]');
    expect(error).toContain(`1 | (+ 1 2))\n  | ${' '.repeat(7)}^\n`);
    await s.waitFor('batuta> ');
    s.type(`(loop [] (recur))${KEY.enter}`);
    await s.waitFor('(loop [] (recur))\n');
    s.type(KEY.ctrlC);
    expect(await s.waitFor('batuta> ')).toContain('cancelled');
    s.type(KEY.ctrlD);
    expect(await s.exit()).toBe(0);
  });

  it('pyralog start (npm start): the demo, then the REPL on a terminal; only the demo with piped stdin', async () => {
    const piped = spawnSync(process.execPath, [bin, 'start', '--db', 'demo-data'], { cwd: tmp, input: '', encoding: 'utf8', timeout: 120_000 });
    expect(piped.stderr).toBe('');
    expect(piped.status).toBe(0);
    expect(piped.stdout).toContain('Pyralog demo — database');
    expect(piped.stdout).not.toContain('Pyralog REPL');

    const s = PtySession.start([process.execPath, bin, 'start', '--db', 'demo-data'], { cwd: tmp, env: { ...process.env, PYRALOG_HISTORY: '', TERM: 'xterm' } });
    sessions.push(s);
    await s.waitFor('Pyralog demo — database');
    await s.waitFor(/Pyralog REPL on .*demo-data — batuta/);
    await s.waitFor('batuta> ');
    s.type(`(value (aggregate (from :tracks) {:n (count)}))${KEY.enter}`);
    await s.waitFor('3503\nbatuta> ');
    s.type(`:quit${KEY.enter}`);
    expect(await s.exit()).toBe(0);
  });

  it('runs piped input as a script: results on stdout, errors on stderr, exit 1 when one failed', () => {
    const r = spawnSync(process.execPath, [bin, 'repl', '--db', db, '--lang', 'prql'], {
      cwd: tmp,
      input: 'from artists\nfilter artist_id == 1\n\nfrom artists | filter nme == 1\n',
      encoding: 'utf8',
      env: { ...process.env, PYRALOG_HISTORY: '' },
      timeout: 60_000,
    });
    expect(r.stdout).toBe('+-----------+-------+\n| artist_id | name  |\n+-----------+-------+\n|         1 | AC/DC |\n+-----------+-------+\n(1 row)\n');
    expect(r.stderr).toContain('error[PRQL_UNKNOWN_COLUMN]');
    expect(r.stderr).toContain('^^^');
    expect(r.status).toBe(1);
  });
});
