/**
 * `pyralog repl --connect ws://HOST:PORT`: the REPL over a real `pyralog
 * serve` child on loopback (the CLI built from the current sources, as the
 * other CLI tests do). The same script piped into the REPL over the served
 * directory (--db) and over the server (--connect) prints the same thing —
 * Batuta definitions persisting from entry to entry, println output, a
 * relation, a value, an error with its caret, :tables, :schema, :lang,
 * PRQL, :explain. On a real pseudo-terminal (util-linux `script`), Tab
 * completes a definition the server holds, Ctrl-C and Ctrl-D work; a server
 * that is not there is a clear SERVER_UNREACHABLE.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open } from '../../src/engine/database.js';
import { buildCliPackage } from '../api/cli-child.js';
import { KEY, PtySession } from './pty-session.js';

let tmp: string;
let bin: string;
let db: string;
let server: ChildProcess;
let url: string;
const sessions: PtySession[] = [];

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-repl-remote-'));
  bin = buildCliPackage();
  db = path.join(tmp, 'db');
  const d = open(db);
  d.createTable('tracks', [
    { name: 'id', type: 'int64' },
    { name: 'name', type: 'utf8' },
    { name: 'ms', type: 'float64' },
  ], ['id']);
  d.table('tracks').insert([
    { id: 1n, name: 'one', ms: 1.5 },
    { id: 2n, name: 'two', ms: 2.5 },
    { id: 9007199254740993n, name: 'big', ms: null },
  ]);
  d.close();
  server = spawn(process.execPath, [bin, 'serve', '--db', db, '--port', '0', '--graphql-port', '0'], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    server.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /"port":(\d+)/.exec(buf);
      if (m !== null) resolve(Number(m[1]));
    });
    server.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  url = `ws://127.0.0.1:${port}`;
}, 180_000);

afterAll(() => {
  for (const s of sessions) s.kill();
  server.kill('SIGTERM');
  fs.rmSync(tmp, { recursive: true, force: true });
});

const SCRIPT = [
  '(def answer 42)',
  'answer',
  '(println "printed by the program")',
  '(rows (|> (from :tracks) (order-by :id) (limit 2)))',
  '(|> (from :tracks) (where (> :id 1)) (order-by :id))',
  '(value (aggregate (from :tracks) {:n (count)}))',
  '(foo answer)',
  ':tables',
  ':schema tracks',
  ':lang prql',
  'from tracks | filter id == 2 | select {name, ms}',
  '',
  'from tracks | select {nme}',
  '',
  ':explain from tracks | filter id == 1',
  '',
].join('\n');

function runScript(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, 'repl', ...args], { cwd: tmp, input: SCRIPT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, PYRALOG_HISTORY: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('pyralog repl --connect', () => {
  it('prints what the local REPL prints for the same script', () => {
    const remote = runScript(['--connect', url]);
    const local = runScript(['--db', db]);
    // (row estimates in the physical plan come from each process's statistics; the rest is the same)
    const estimates = (t: string): string => t.replace(/rows≈\d+/g, 'rows≈N');
    expect(estimates(remote.stdout)).toBe(estimates(local.stdout));
    expect(remote.stderr).toBe(local.stderr);
    expect(remote.status).toBe(1); // the two entries that fail
    expect(local.status).toBe(1);
    // and what it prints is right
    expect(remote.stdout).toContain('#\'answer\n42\nprinted by the program\nnil\n[{:id 1, :name "one", :ms 1.5} {:id 2, :name "two", :ms 2.5}]\n');
    expect(remote.stdout).toContain('|                2 | two  |  2.5 |');
    expect(remote.stdout).toContain('| 9007199254740993 | big  | NULL |');
    expect(remote.stdout).toContain('\n3\n');
    expect(remote.stdout).toContain('| tracks |       3 |    3 | id  |');
    expect(remote.stdout).toContain('== physical plan ==');
    expect(remote.stdout).toContain('[point_get (1)]');
    expect(remote.stderr).toContain('error[BATUTA_UNBOUND_SYMBOL]: unable to resolve symbol foo\n  --> <query>:1:2\n');
    expect(remote.stderr).toContain('1 | (foo answer)\n  |  ^^^\n');
    expect(remote.stderr).toMatch(/error\[PRQL_UNKNOWN_COLUMN\][^\n]*\n  --> <query>:1:23\n/);
  });

  it('on a terminal: banner, Tab completes a definition the server holds, Ctrl-C, Ctrl-D', async () => {
    const s = PtySession.start([process.execPath, bin, 'repl', '--connect', url], { cwd: tmp, env: { ...process.env, PYRALOG_HISTORY: '', HOME: tmp, TERM: 'xterm' } });
    sessions.push(s);
    await s.waitFor(`Pyralog REPL on ${url}/ — batuta`);
    await s.waitFor('batuta> ');
    s.type(`(def remote-only-name 7)${KEY.enter}`);
    await s.waitFor("#'remote-only-name");
    await s.waitFor('batuta> ');
    s.type('(* 6 remote-only');
    await s.waitFor('remote-only');
    s.type(KEY.tab);
    await s.waitFor('-name');
    s.type(`)${KEY.enter}`);
    await s.waitFor('\n42\n');
    await s.waitFor('batuta> ');
    s.type('(+ 1');
    await s.waitFor('(+ 1');
    s.type(KEY.ctrlC);
    await s.waitFor('^C');
    await s.waitFor('batuta> ');
    s.type(`:tables${KEY.enter}`);
    await s.waitFor('| tracks |       3 |    3 | id  |');
    await s.waitFor('batuta> ');
    s.type(KEY.ctrlD);
    expect(await s.exit()).toBe(0);
  });

  it('says clearly when the server is not there', () => {
    const r = spawnSync(process.execPath, [bin, 'repl', '--connect', 'ws://127.0.0.1:1'], { cwd: tmp, input: '', encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error[SERVER_UNREACHABLE]: the server at ws://127.0.0.1:1/');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no JS stack
    const both = spawnSync(process.execPath, [bin, 'repl', '--connect', url, '--db', db], { cwd: tmp, input: '', encoding: 'utf8', timeout: 60_000 });
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('repl takes --db or --connect, not both');
  });
});
