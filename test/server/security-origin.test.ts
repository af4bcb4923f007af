/**
 * Cross-site protection over real sockets on loopback (one server, both
 * ports): WebSocket upgrades from a foreign Origin are refused on the
 * JSON-RPC port and on GraphQL's graphql-ws; a JSON-RPC POST needs
 * `content-type: application/json` (a text/plain "simple request" cannot
 * write) and a foreign Origin gets 403; an open server answers 421 to a Host
 * that is not loopback (DNS rebinding). Same-origin loopback pages, clients
 * without Origin and `allowedOrigins` keep working.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadServerConfig } from '../../src/server/server-config.js';
import { startGraphqlFixture, type GraphqlFixture } from './graphql-fixture.js';

let f: GraphqlFixture;
beforeAll(async () => {
  f = await startGraphqlFixture({ allowedOrigins: 'https://app.example.com, http://tool.local:3000' });
});
afterAll(async () => {
  await f.stop();
});

/** Opens a WebSocket; resolves 'open' or the refused upgrade's HTTP status. */
function wsOutcome(url: string, headers: Record<string, string>, protocol?: string): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocol === undefined ? [] : [protocol], { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.on('error', (e) => reject(e));
  });
}

/** A raw HTTP request (so Host and Origin can be anything). */
function request(port: number, options: { method: string; path: string; headers: Record<string, string>; body?: string }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: options.method, path: options.path, headers: options.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const rpc = (method: string, params: unknown): string => JSON.stringify({ jsonrpc: '2.0', id: 1, method, params });
const json = { 'content-type': 'application/json' };

describe('WebSocket upgrades and Origin', () => {
  it('refuses a foreign Origin on the JSON-RPC port and accepts none, its own loopback origins and allowedOrigins', async () => {
    const port = f.server.port;
    expect(await wsOutcome(f.server.wsUrl, { origin: 'http://evil.example' })).toBe(403);
    expect(await wsOutcome(f.server.wsUrl, { origin: 'null' })).toBe(403);
    expect(await wsOutcome(f.server.wsUrl, { origin: `http://127.0.0.1:${port + 1}` })).toBe(403);
    expect(await wsOutcome(f.server.wsUrl, {})).toBe('open');
    expect(await wsOutcome(f.server.wsUrl, { origin: `http://localhost:${port}` })).toBe('open');
    expect(await wsOutcome(f.server.wsUrl, { origin: `http://127.0.0.1:${port}` })).toBe('open');
    expect(await wsOutcome(f.server.wsUrl, { origin: 'https://app.example.com' })).toBe('open');
    expect(await wsOutcome(f.server.wsUrl, { origin: 'http://tool.local:3000' })).toBe('open');
  });

  it('refuses a foreign Origin on graphql-ws', async () => {
    const port = f.graphql.port;
    expect(await wsOutcome(f.graphql.wsUrl, { origin: 'http://evil.example' }, 'graphql-transport-ws')).toBe(403);
    expect(await wsOutcome(f.graphql.wsUrl, {}, 'graphql-transport-ws')).toBe('open');
    expect(await wsOutcome(f.graphql.wsUrl, { origin: `http://localhost:${port}` }, 'graphql-transport-ws')).toBe('open');
  });
});

describe('HTTP', () => {
  it('a text/plain JSON-RPC POST (CSRF simple request) is 415 and writes nothing', async () => {
    const port = f.server.port;
    const put = await request(port, { method: 'POST', path: '/', headers: { 'content-type': 'text/plain', origin: `http://localhost:${port}` }, body: rpc('kv.put', { ns: 'csrf', key: 'k', value: 'pwned' }) });
    expect(put.status).toBe(415);
    const noType = await request(port, { method: 'POST', path: '/', headers: {}, body: rpc('kv.put', { ns: 'csrf', key: 'k', value: 'pwned' }) });
    expect(noType.status).toBe(415);
    const get = await request(port, { method: 'POST', path: '/', headers: json, body: rpc('kv.get', { ns: 'csrf', key: 'k' }) });
    expect(get.status).toBe(200);
    expect(JSON.parse(get.text)).toMatchObject({ result: { value: null } });
  });

  it('a foreign Origin on a JSON POST is 403 on both ports; the own origin is served', async () => {
    const evil = await request(f.server.port, { method: 'POST', path: '/', headers: { ...json, origin: 'http://evil.example' }, body: rpc('tables', {}) });
    expect(evil.status).toBe(403);
    expect(evil.text).toContain('allowedOrigins');
    const own = await request(f.server.port, { method: 'POST', path: '/', headers: { ...json, origin: `http://127.0.0.1:${f.server.port}`, 'content-type': 'application/json; charset=utf-8' }, body: rpc('tables', {}) });
    expect(own.status).toBe(200);
    expect(JSON.parse(own.text).result).toEqual(expect.arrayContaining(['albums', 'tracks']));
    const gql = await request(f.graphql.port, { method: 'POST', path: '/graphql', headers: { ...json, origin: 'http://evil.example' }, body: JSON.stringify({ query: '{ albums { title } }' }) });
    expect(gql.status).toBe(403);
  });

  it('an open server answers 421 to a Host that is not loopback (DNS rebinding), on both ports', async () => {
    const rebound = await request(f.server.port, { method: 'POST', path: '/', headers: { ...json, host: `evil.example:${f.server.port}` }, body: rpc('kv.get', { ns: 'csrf', key: 'k' }) });
    expect(rebound.status).toBe(421);
    const health = await request(f.server.port, { method: 'GET', path: '/health', headers: { host: 'evil.example' } });
    expect(health.status).toBe(421);
    const gql = await request(f.graphql.port, { method: 'GET', path: '/graphql', headers: { host: 'evil.example', accept: 'text/html' } });
    expect(gql.status).toBe(421);
    for (const host of [`localhost:${f.server.port}`, `127.0.0.1:${f.server.port}`, `[::1]:${f.server.port}`]) {
      expect((await request(f.server.port, { method: 'GET', path: '/health', headers: { host } })).status).toBe(200);
    }
  });
});

describe('allowedOrigins config', () => {
  it('comes from TOML (string or array) and PYRALOG_ALLOWED_ORIGINS, normalized to origins', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-origins-'));
    const file = path.join(dir, 'server.toml');
    fs.writeFileSync(file, 'allowedOrigins = ["https://a.example/", "http://b.example:8080"]\n');
    expect(loadServerConfig({ configFile: file }).allowedOrigins).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(loadServerConfig({ env: { PYRALOG_ALLOWED_ORIGINS: 'https://c.example' } }).allowedOrigins).toEqual(['https://c.example']);
    expect(loadServerConfig({}).allowedOrigins).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
