/**
 * Test fixture: a real server (startServer, the project's own code) on
 * loopback port 0 over a real LMDB database in a temporary directory, with
 * two small tables (`tracks`, `albums`) and a silent logger.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pino } from 'pino';
import { open, type Database } from '../../src/index.js';
import { startServer, type PyralogServer } from '../../src/server/rpc-server.js';
import { serverConfig, type ConfigOverrides } from '../../src/server/server-config.js';

export interface Fixture {
  readonly dir: string;
  readonly db: Database;
  readonly server: PyralogServer;
  stop(): Promise<void>;
}

export function seed(db: Database): void {
  db.createTable('tracks', [
    { name: 'id', type: 'int64' },
    { name: 'name', type: 'utf8' },
    { name: 'album', type: 'int64' },
    { name: 'ms', type: 'float64' },
  ], ['id']);
  db.createTable('albums', [
    { name: 'id', type: 'int64' },
    { name: 'title', type: 'utf8' },
  ], ['id']);
  db.table('albums').insert([{ id: 1n, title: 'Blue' }, { id: 2n, title: 'Red' }]);
  db.table('tracks').insert([
    { id: 1n, name: 'one', album: 1n, ms: 1.5 },
    { id: 2n, name: 'two', album: 1n, ms: 2.5 },
    { id: 3n, name: 'three', album: 2n, ms: 3.5 },
  ]);
}

export async function startFixture(overrides: ConfigOverrides = {}, prepare?: (db: Database, dir: string) => void): Promise<Fixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-server-'));
  const db = open(path.join(dir, 'db'));
  seed(db);
  prepare?.(db, path.join(dir, 'db'));
  const server = await startServer({ db, config: serverConfig({ port: 0, logLevel: 'silent', ...overrides }), logger: pino({ level: process.env['PYRALOG_TEST_LOG'] ?? 'silent' }) });
  return {
    dir,
    db,
    server,
    async stop() {
      await server.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** POSTs raw text to the server; returns the status and the body text. */
export async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(`${url}/`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.status, text: await res.text() };
}
