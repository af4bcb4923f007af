/**
 * A query that would run for hours (a cross join of three copies of a small
 * table, aggregated) over a real server on loopback with a query worker and
 * a 1.5 s query timeout: it answers QUERY_TIMEOUT near the timeout (the
 * executor checks the deadline between batches inside the join and the
 * aggregate), it runs in the query worker (routed by the join's estimated
 * rows, not the table's size), and meanwhile /health and a point query on
 * another connection answer promptly.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect, RpcCallError, type Client } from '../../src/client/index.js';
import { open, type Database } from '../../src/index.js';
import { startServer, type PyralogServer } from '../../src/server/rpc-server.js';
import { serverConfig } from '../../src/server/server-config.js';
import { repoRoot, transpileForChild } from '../../src/storage/sequencer/__tests__/transpile-for-child.js';

let tmp: string;
let db: Database;
let server: PyralogServer;
let slow: Client;
let other: Client;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-timeout-'));
  const pkg = transpileForChild(path.join(tmp, 'pkg'), ['src/server/db-worker.ts', 'src/lang/prql/index.ts']);
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(pkg, 'node_modules'));
  db = open(path.join(tmp, 'db'));
  db.createTable('tracks', [{ name: 'id', type: 'int64' }, { name: 'name', type: 'utf8' }], ['id']);
  db.table('tracks').insert(Array.from({ length: 1500 }, (_, i) => ({ id: BigInt(i), name: `t${i}` })));
  server = await startServer({
    db,
    config: serverConfig({ port: 0, logLevel: 'silent', 'limits.queryTimeoutMs': 1500 }),
    logger: pino({ level: 'silent' }),
    workerUrl: pathToFileURL(path.join(pkg, 'src/server/db-worker.js')),
  });
  slow = await connect(server.wsUrl);
  other = await connect(server.wsUrl);
});

afterAll(async () => {
  await slow.close();
  await other.close();
  await server.close();
  db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const CROSS = 'from tracks | join side:full t2=tracks (true) | join t3=tracks (true) | aggregate {c = count this}';

it('times out with QUERY_TIMEOUT in the query worker while other calls are answered promptly', async () => {
  const started = Date.now();
  const outcome = slow.query('prql', CROSS).then(
    () => 'finished' as const,
    (e: unknown) => e,
  );
  await new Promise((r) => setTimeout(r, 300));
  const t0 = performance.now();
  const h = await fetch(`${server.url}/health`);
  const healthMs = performance.now() - t0;
  expect(h.status).toBe(200);
  const t1 = performance.now();
  const point = await other.query('prql', 'from tracks | filter id == 7 | select {name}');
  const pointMs = performance.now() - t1;
  expect(point.rows).toEqual([['t7']]);
  // functional bounds, generous for a shared machine: the event loop is not held by the cross join
  expect(healthMs).toBeLessThan(1000);
  expect(pointMs).toBeLessThan(1000);
  const e = await outcome;
  const elapsed = Date.now() - started;
  expect(e).toBeInstanceOf(RpcCallError);
  expect((e as RpcCallError).data?.code).toBe('QUERY_TIMEOUT');
  expect(elapsed).toBeGreaterThanOrEqual(1400);
  expect(elapsed).toBeLessThan(10_000);
  const stats = (await (await fetch(`${server.url}/health`)).json()) as { queries: { worker: number } };
  expect(stats.queries.worker).toBeGreaterThanOrEqual(1);
  // the worker is free again: the next query runs there and answers
  const after = await slow.query('prql', 'from tracks | join t2=tracks (==id) | aggregate {c = count this}');
  expect(after.rows).toEqual([[1500]]);
});
