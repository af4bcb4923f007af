/**
 * `cancel {id}` over a real WebSocket on loopback, against a server with one
 * query worker and a query timeout far beyond the test's own: a Batuta
 * program that loops forever and a cross join that would run for hours (in
 * the query worker) both answer QUERY_CANCELLED once their caller cancels
 * them, the worker is free for the next query afterwards (it stopped the
 * join, else that query would wait behind it), the connection keeps
 * answering, and the remote REPL's Ctrl-C (an aborted signal) cancels its
 * call on the server. `cancel` of a call that is not running says so, and
 * over HTTP there is no `cancel` (no connection to name calls by).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect, RpcCallError, type Client } from '../../src/client/index.js';
import { isPyralogError, open, type Database } from '../../src/index.js';
import { RemoteBackend } from '../../src/repl/remote-backend.js';
import { startServer, type PyralogServer } from '../../src/server/rpc-server.js';
import { serverConfig } from '../../src/server/server-config.js';
import { repoRoot, transpileForChild } from '../../src/storage/sequencer/__tests__/transpile-for-child.js';

let tmp: string;
let db: Database;
let server: PyralogServer;
let c: Client;

const LOOP = '(loop [i 0] (recur (+ i 1)))';
const CROSS = 'from tracks | join side:full t2=tracks (true) | join t3=tracks (true) | aggregate {c = count this}';

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-cancel-'));
  const pkg = transpileForChild(path.join(tmp, 'pkg'), ['src/server/db-worker.ts', 'src/lang/prql/index.ts']);
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(pkg, 'node_modules'));
  db = open(path.join(tmp, 'db'));
  db.createTable('tracks', [{ name: 'id', type: 'int64' }, { name: 'name', type: 'utf8' }], ['id']);
  db.table('tracks').insert(Array.from({ length: 1500 }, (_, i) => ({ id: BigInt(i), name: `t${i}` })));
  server = await startServer({
    db,
    config: serverConfig({
      port: 0,
      logLevel: 'silent',
      'limits.queryTimeoutMs': 600_000,
      'limits.batutaMaxSteps': 2_000_000_000,
      'threads.queryWorkers': 1,
      'threads.offloadRows': 100,
    }),
    logger: pino({ level: 'silent' }),
    workerUrl: pathToFileURL(path.join(pkg, 'src/server/db-worker.js')),
  });
  c = await connect(server.wsUrl);
});

afterAll(async () => {
  await c.close();
  await server.close();
  db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Starts `method` with a signal; aborts it once the server has it in flight. */
async function cancelled(client: Client, params: Record<string, unknown>): Promise<unknown> {
  const controller = new AbortController();
  const outcome = client.call('query', params, { signal: controller.signal }).then(
    () => 'finished',
    (e: unknown) => e,
  );
  await waitFor(async () => ((await health()).inFlight as number) > 0);
  controller.abort();
  return outcome;
}

async function health(): Promise<Record<string, unknown>> {
  return (await (await fetch(`${server.url}/health`)).json()) as Record<string, unknown>;
}

async function waitFor(ok: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 1000 && !(await ok()); i++) await new Promise((r) => setTimeout(r, 10));
}

async function cancelledCount(): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const m = /pyralog_rpc_errors_total\{method="query",code="QUERY_CANCELLED"\} (\d+)/.exec(text);
  return m === null ? 0 : Number(m[1]);
}

it('a Batuta program that loops forever answers QUERY_CANCELLED, and the connection goes on', async () => {
  const e = await cancelled(c, { lang: 'batuta', text: LOOP });
  expect(e).toBeInstanceOf(RpcCallError);
  expect((e as RpcCallError).code).toBe(1);
  expect((e as RpcCallError).data?.code).toBe('QUERY_CANCELLED');
  const r = await c.query('prql', 'from tracks | filter id == 7 | select {name}');
  expect(r.rows).toEqual([['t7']]);
  expect((await health()).inFlight).toBe(0);
});

it('a cross join in the query worker answers QUERY_CANCELLED, and the worker takes the next query', async () => {
  const before = (await health()).queries as { worker: number };
  const e = await cancelled(c, { lang: 'prql', text: CROSS });
  expect((e as RpcCallError).data?.code).toBe('QUERY_CANCELLED');
  // One worker: this answers only because the join stopped there.
  const count = await c.query('prql', 'from tracks | aggregate {n = count this}');
  expect(count.rows).toEqual([[1500]]);
  const after = (await health()).queries as { worker: number };
  expect(after.worker - before.worker).toBe(2);
});

it('cancel of a call that is not running answers cancelled: false; over HTTP there is no cancel', async () => {
  expect(await c.call('cancel', { id: 987_654 })).toEqual({ cancelled: false });
  const bad = await c.call('cancel', {}).catch((e: unknown) => e);
  expect((bad as RpcCallError).code).toBe(-32602);
  const h = await connect(server.url);
  const e = await h.call('cancel', { id: 1 }).catch((x: unknown) => x);
  expect((e as RpcCallError).code).toBe(-32601);
  await h.close();
});

it("the remote REPL's Ctrl-C cancels its call on the server", async () => {
  const before = await cancelledCount();
  const repl = await RemoteBackend.connect(server.wsUrl, { onOutput: () => undefined });
  const controller = new AbortController();
  const outcome = repl.evaluate('batuta', LOOP, { signal: controller.signal }).then(
    () => 'finished',
    (e: unknown) => e,
  );
  await waitFor(async () => ((await health()).inFlight as number) > 0);
  controller.abort();
  const e = await outcome;
  expect(isPyralogError(e) && e.code).toBe('BATUTA_ABORTED');
  await waitFor(async () => (await cancelledCount()) > before);
  expect(await cancelledCount()).toBe(before + 1);
  expect((await health()).inFlight).toBe(0);
  await repl.close();
});
