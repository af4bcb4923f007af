/**
 * `pyralog serve` as a real child process (the CLI transpiled from the
 * current sources into a temporary package laid out like the real one):
 * it logs JSON (pino) with the port it bound, serves the typed client over
 * WebSocket and HTTP, refuses a non-loopback bind without tokens, and on
 * SIGTERM finishes, logs "stopped", closes LMDB and exits 0 (the database
 * then opens again with the written rows). Also `pyralog token` round trip
 * against a served database with --auth.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect, RpcCallError } from '../../src/client/index.js';
import { open } from '../../src/index.js';
import { repoRoot, transpileForChild } from '../../src/storage/sequencer/__tests__/transpile-for-child.js';
import { seed } from './server-fixture.js';

let tmp: string;
let bin: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-serve-'));
  // db-worker.ts: the server's worker threads load it by URL (no import names it but a type-only one).
  const pkg = transpileForChild(path.join(tmp, 'pkg'), ['src/cli/main.ts', 'src/cli/commands/serve-command.ts', 'src/cli/commands/token-command.ts', 'src/lang/prql/index.ts', 'src/server/db-worker.ts'], 'dist');
  fs.mkdirSync(path.join(pkg, 'bin'));
  fs.copyFileSync(path.join(repoRoot, 'bin/pyralog.js'), path.join(pkg, 'bin/pyralog.js'));
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(pkg, 'node_modules'));
  bin = path.join(pkg, 'bin/pyralog.js');
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Served {
  readonly child: ChildProcess;
  readonly port: number;
  readonly lines: string[];
  readonly exit: Promise<number | null>;
}

function serve(args: readonly string[]): Promise<Served> {
  // --graphql-port 0: the GraphQL endpoint binds a free port, not 4000 (which another test may hold).
  const child = spawn(process.execPath, [bin, 'serve', '--graphql-port', '0', ...args], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        lines.push(line);
        const port = (JSON.parse(line) as { port?: number }).port;
        if (port !== undefined) resolve({ child, port, lines, exit });
      }
    });
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    void exit.then((code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}

it('serves over WebSocket and HTTP, and shuts down cleanly on SIGTERM', async () => {
  const dbDir = path.join(tmp, 'db');
  const db = open(dbDir);
  seed(db);
  db.close();
  const s = await serve(['--db', dbDir, '--port', '0']);
  const start = JSON.parse(s.lines[0] as string) as { level: number; auth: string; msg: string };
  expect(start.auth).toBe('open');
  expect(start.msg).toContain('OPEN: no tokens configured, so loopback only');
  const ws = await connect(`ws://127.0.0.1:${s.port}/`);
  const http = await connect(`http://127.0.0.1:${s.port}`);
  expect((await ws.query('prql', 'from tracks | filter id == 3 | select {name}')).rows).toEqual([['three']]);
  expect((await http.insert('albums', [{ id: 77, title: 'from the child test' }])).count).toBe(1);
  // Over a directory the child runs its writer thread and a query worker (the worker module is in the package, current).
  const health = (await (await fetch(`http://127.0.0.1:${s.port}/health`)).json()) as { threads: { writer: boolean; queryWorkers: number }; writes: { groups: number } };
  expect(health.threads.writer).toBe(true);
  expect(health.threads.queryWorkers).toBeGreaterThanOrEqual(1);
  expect(health.writes.groups).toBe(1);
  // GraphQL on its own port (--graphql-port 0), under plain Node: one copy of graphql for the handler and the engine.
  let gqlPort: number | undefined;
  for (let i = 0; i < 500 && gqlPort === undefined; i++) {
    gqlPort = s.lines.map((l) => JSON.parse(l) as { msg: string; port?: number }).find((l) => l.msg.startsWith('GraphQL on'))?.port;
    if (gqlPort === undefined) await new Promise((r) => setTimeout(r, 20));
  }
  const gql = (query: string): Promise<Response> => fetch(`http://127.0.0.1:${gqlPort}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' }, body: JSON.stringify({ query }) });
  expect(await (await gql('{ albums_by_pk(id: 77) { title } }')).json()).toEqual({ data: { albums_by_pk: { title: 'from the child test' } } });
  const bad = await gql('{ nosuchtable { id } }');
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { errors: unknown[] }).errors.length).toBe(1);
  s.child.kill('SIGTERM');
  expect(await s.exit).toBe(0);
  const msgs = s.lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
  expect(msgs).toContain('stopped');
  await http.close();
  const again = open(dbDir);
  expect(again.table('albums').get([77n])?.title).toBe('from the child test');
  again.close();
});

it('refuses a non-loopback bind without tokens; with --auth needs a token from pyralog token create', async () => {
  const dbDir = path.join(tmp, 'db2');
  const db = open(dbDir);
  seed(db);
  db.close();
  const refused = spawnSync(process.execPath, [bin, 'serve', '--db', dbDir, '--host', '0.0.0.0', '--port', '0'], { cwd: tmp, encoding: 'utf8', timeout: 60_000 });
  expect(refused.status).toBe(1);
  expect(refused.stderr).toContain('SERVER_INSECURE_BIND');
  const created = spawnSync(process.execPath, [bin, 'token', 'create', '--db', dbDir, '--tables', 'tracks:r'], { cwd: tmp, encoding: 'utf8', timeout: 60_000 });
  expect(created.status).toBe(0);
  const token = created.stdout.trim();
  expect((fs.statSync(path.join(dbDir, 'server-root.key')).mode & 0o777).toString(8)).toBe('600');
  const s = await serve(['--db', dbDir, '--port', '0', '--auth']);
  const none = await connect(`http://127.0.0.1:${s.port}`);
  expect(((await none.tables().catch((e: RpcCallError) => e)) as RpcCallError).data?.code).toBe('AUTH_REQUIRED');
  const c = await connect(`ws://127.0.0.1:${s.port}/`, { token });
  expect(await c.tables()).toEqual(['tracks']);
  const revoked = spawnSync(process.execPath, [bin, 'token', 'revoke', '--db', dbDir, token], { cwd: tmp, encoding: 'utf8', timeout: 60_000 });
  expect(revoked.status).toBe(0);
  expect(((await c.tables().catch((e: RpcCallError) => e)) as RpcCallError).data?.code).toBe('AUTH_REVOKED');
  s.child.kill('SIGTERM');
  expect(await s.exit).toBe(0);
  await none.close();
});
