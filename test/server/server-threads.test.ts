/**
 * The server's worker threads, for real: the worker module transpiled from
 * the current sources (as the built package runs it), a server over an LMDB
 * directory with its writer thread and a query worker. Concurrent writes
 * share durable commits and each caller still gets its own outcome (a
 * duplicate key fails alone); writes are visible to the next read in the
 * server's thread; a large query runs in the query worker and gives the
 * rows the embedded API gives; /health counts the ways queries ran.
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
import { seed } from './server-fixture.js';

let tmp: string;
let db: Database;
let server: PyralogServer;
let ws: Client;

interface Health {
  threads: { writer: boolean; queryWorkers: number };
  queries: { small: number; worker: number; streamed: number };
  writes: { groups: number; operations: number };
}

async function health(): Promise<Health> {
  return (await (await fetch(`${server.url}/health`)).json()) as Health;
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-threads-'));
  const pkg = transpileForChild(path.join(tmp, 'pkg'), ['src/server/db-worker.ts', 'src/lang/prql/index.ts']);
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(pkg, 'node_modules'));
  db = open(path.join(tmp, 'db'));
  seed(db);
  server = await startServer({
    db,
    config: serverConfig({ port: 0, logLevel: 'silent', 'threads.offloadRows': 2, 'limits.maxResultRows': 25 }),
    logger: pino({ level: 'silent' }),
    workerUrl: pathToFileURL(path.join(pkg, 'src/server/db-worker.js')),
  });
  ws = await connect(server.wsUrl);
});

afterAll(async () => {
  await ws.close();
  await server.close();
  db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

it('runs with a writer thread and a query worker', async () => {
  expect((await health()).threads).toEqual({ writer: true, queryWorkers: 1 });
});

it('commits concurrent writes in shared durable transactions, each caller answered with its own count', async () => {
  const before = await health();
  const writes = Array.from({ length: 30 }, (_, i) => ws.upsert('albums', [{ id: 100 + i, title: `a${i}` }]));
  const results = await Promise.all(writes);
  expect(results.every((r) => r.count === 1)).toBe(true);
  const after = await health();
  expect(after.writes.operations - before.writes.operations).toBe(30);
  // fewer commits than writes: they were grouped
  expect(after.writes.groups - before.writes.groups).toBeLessThan(30);
  expect(new Set(results.map((r) => r.sequence)).size).toBe(after.writes.groups - before.writes.groups);
  // durable and visible to the next read in the server's thread
  const rows = (await ws.query('prql', 'from albums | filter id >= 100 && id < 130 | aggregate {n = count this}')).rows;
  expect(rows).toEqual([[30]]);
  expect(db.table('albums').get([129n])?.title).toBe('a29');
});

it('fails only the write that fails when writes share a group', async () => {
  const outcomes = await Promise.all([
    ws.insert('albums', [{ id: 200, title: 'new' }]).then((r) => r.count),
    ws.insert('albums', [{ id: 1, title: 'duplicate of Blue' }]).catch((e: RpcCallError) => e.pyralogCode),
    ws.upsert('albums', [{ id: 201, title: 'also new' }]).then((r) => r.count),
    ws.insert('albums', [{ id: 202, title: 'x' }, { id: 202, title: 'twice in one call' }]).catch((e: RpcCallError) => e.pyralogCode),
  ]);
  expect(outcomes).toEqual([1, 'DUPLICATE_KEY', 1, 'DUPLICATE_KEY']);
  expect(db.table('albums').get([1n])?.title).toBe('Blue');
  expect(db.table('albums').get([200n])?.title).toBe('new');
  expect(db.table('albums').get([201n])?.title).toBe('also new');
  expect(db.table('albums').get([202n])).toBeUndefined();
});

it('runs a large query in the query worker, with the rows the embedded API gives', async () => {
  const before = await health();
  const text = 'from tracks | join albums (==id) | sort tracks.id | select {tracks.id, tracks.name, albums.title}';
  const served = await ws.query('prql', text);
  expect(served).toEqual(db.querySync('prql', text).toJSON());
  expect(served.rows.length).toBeGreaterThan(0);
  const arrow = await ws.queryArrow('prql', 'from tracks | sort id | select {id, name}');
  expect(arrow.getChild('name')?.toArray()).toEqual(['one', 'two', 'three']);
  const after = await health();
  expect(after.queries.worker - before.queries.worker).toBe(2);
  // a key lookup stays in the server's thread
  expect((await ws.query('prql', 'from tracks | filter id == 2 | select {name}')).rows).toEqual([['two']]);
  expect((await health()).queries.small - after.queries.small).toBe(1);
  // an aggregate over a bounded key range is small but no key lookup: a query worker runs it
  const range = 'from tracks | filter id >= 1 && id < 3 | aggregate {n = count this}';
  const before2 = await health();
  expect((await ws.query('prql', range)).rows).toEqual(db.querySync('prql', range).toJSON().rows);
  const after2 = await health();
  expect([after2.queries.worker - before2.queries.worker, after2.queries.small - before2.queries.small]).toEqual([1, 0]);
});

it('reports an error raised in the worker as the same application error', async () => {
  // albums now holds more rows than limits.maxResultRows (25) and than threads.offloadRows: a large query
  const before = await health();
  const e = (await ws.query('prql', 'from albums | sort id').catch((x: unknown) => x)) as RpcCallError;
  expect(e).toBeInstanceOf(RpcCallError);
  expect(e.code).toBe(4);
  expect(e.pyralogCode).toBe('RESULT_TOO_LARGE');
  expect((await health()).queries.worker - before.queries.worker).toBe(1);
});
