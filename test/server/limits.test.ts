/**
 * Every configurable limit, over real sockets: body size, batch length,
 * nesting depth, query time (cancelled), result rows, connections,
 * per-token rate, a WebSocket client that never reads (closed at the
 * buffered-bytes cap), a slow HTTP client (dropped at the request timeout)
 * and a half-open WebSocket (no pongs: terminated). Each ends in a proper
 * error or a closed connection, and the server keeps serving.
 */
import * as net from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocket, type ClientOptions } from 'ws';
import { connect, RpcCallError } from '../../src/client/index.js';
import { post, startFixture } from './server-fixture.js';

function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) resolve(-1);
    ws.once('close', (code) => resolve(code));
  });
}

function openWs(url: string, options: ClientOptions = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

describe('limits', () => {
  it('body size, batch length and nesting depth', async () => {
    const f = await startFixture({ 'limits.maxBodyBytes': 2000, 'limits.maxBatch': 2, 'limits.maxJsonDepth': 6 });
    try {
      const big = await post(f.server.url, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'kv.put', params: { ns: 'x', key: 'k', value: 'v'.repeat(5000) } }));
      expect(big.status).toBe(413);
      expect(JSON.parse(big.text)).toMatchObject({ error: { code: -32600, data: { limit: 'maxBodyBytes' } } });
      expect(f.db.kv('x').get('k')).toBeUndefined();
      const batch = await post(f.server.url, JSON.stringify([1, 2, 3].map((id) => ({ jsonrpc: '2.0', id, method: 'tables' }))));
      expect(JSON.parse(batch.text)).toMatchObject({ id: null, error: { code: -32600, data: { limit: 'maxBatch' } } });
      const deep = await post(f.server.url, `{"jsonrpc":"2.0","id":1,"method":"tables","params":{"a":${'['.repeat(100)}${']'.repeat(100)}}}`);
      expect(JSON.parse(deep.text)).toMatchObject({ error: { code: -32600, data: { limit: 'maxJsonDepth' } } });
      const ws = await openWs(f.server.wsUrl);
      const code = closed(ws);
      ws.send('x'.repeat(5000));
      expect(await code).toBe(1009);
      expect(JSON.parse((await post(f.server.url, '{"jsonrpc":"2.0","id":1,"method":"tables"}')).text).result).toContain('tracks');
    } finally {
      await f.stop();
    }
  });

  it('query time: a long query is cancelled with QUERY_TIMEOUT; result rows over the limit are refused', async () => {
    const f = await startFixture({ 'limits.queryTimeoutMs': 1, 'limits.maxResultRows': 10_000 }, (db) => {
      db.createTable('big', [{ name: 'id', type: 'int64' }, { name: 'v', type: 'float64' }], ['id']);
      db.table('big').insert(Array.from({ length: 30_000 }, (_, i) => ({ id: BigInt(i), v: i / 7 })));
    });
    try {
      const c = await connect(f.server.wsUrl);
      const slow = (await c.query('prql', 'from big | select {id, v, w = v * 2}').catch((e: RpcCallError) => e)) as RpcCallError;
      expect(slow.code).toBe(4);
      expect(['QUERY_TIMEOUT', 'RESULT_TOO_LARGE']).toContain(slow.data?.code);
      const many = (await c.query('prql', 'from big | take 15000').catch((e: RpcCallError) => e)) as RpcCallError;
      expect(['QUERY_TIMEOUT', 'RESULT_TOO_LARGE']).toContain(many.data?.code);
      expect(await c.tables()).toContain('big');
      await c.close();
    } finally {
      await f.stop();
    }
    const g = await startFixture({ 'limits.maxResultRows': 2 });
    try {
      const c = await connect(g.server.url);
      const e = (await c.query('prql', 'from tracks').catch((x: RpcCallError) => x)) as RpcCallError;
      expect(e.data?.code).toBe('RESULT_TOO_LARGE');
      expect((await c.query('prql', 'from tracks | sort id | take 2 | select {id}')).rows).toEqual([[1], [2]]);
    } finally {
      await g.stop();
    }
  });

  it('connections and per-caller request rate', async () => {
    const f = await startFixture({ 'limits.maxConnections': 2, 'limits.requestsPerSecond': 1, 'limits.burst': 3 });
    try {
      const a = await openWs(f.server.wsUrl);
      const b = await openWs(f.server.wsUrl);
      const third = await openWs(f.server.wsUrl).then(
        (ws) => closed(ws),
        () => -2,
      );
      expect(third).not.toBe(0);
      a.close();
      b.close();
      await Promise.all([closed(a), closed(b)]);
      const c = await connect(f.server.url);
      const outcomes = await c.batch([1, 2, 3, 4, 5].map(() => ({ method: 'tables' })));
      expect(outcomes.filter((o) => o.ok)).toHaveLength(3);
      const limited = outcomes.find((o) => !o.ok);
      expect(limited?.ok === false && limited.error.data?.code).toBe('RATE_LIMITED');
      expect(limited?.ok === false && limited.error.code).toBe(4);
      await c.close();
    } finally {
      await f.stop();
    }
  });

  it('a WebSocket client that never reads is closed at the buffered-bytes cap, and others are served', async () => {
    const f = await startFixture({ 'limits.maxWsBufferedBytes': 65_536, 'limits.maxResultRows': 1_000_000 }, (db) => {
      db.createTable('wide', [{ name: 'id', type: 'int64' }, { name: 's', type: 'utf8' }], ['id']);
      db.table('wide').insert(Array.from({ length: 5000 }, (_, i) => ({ id: BigInt(i), s: 'x'.repeat(100) })));
    });
    try {
      const ws = await openWs(f.server.wsUrl);
      const code = closed(ws);
      (ws as unknown as { _socket: net.Socket })._socket.pause();
      for (let i = 0; i < 40; i++) ws.send(JSON.stringify({ jsonrpc: '2.0', id: i, method: 'query', params: { lang: 'prql', text: 'from wide' } }));
      let health = { websockets: 1 };
      for (let i = 0; i < 300 && health.websockets > 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        health = (await (await fetch(`${f.server.url}/health`)).json()) as { websockets: number };
      }
      expect(health.websockets).toBe(0);
      (ws as unknown as { _socket: net.Socket })._socket.resume();
      expect(await code).toBeGreaterThan(0);
      const c = await connect(f.server.url);
      expect(await c.tables()).toContain('wide');
      await c.close();
    } finally {
      await f.stop();
    }
  });

  it('a slow HTTP client is dropped at the request timeout; a half-open WebSocket at the idle timeout', async () => {
    const f = await startFixture({ 'limits.requestTimeoutMs': 400, 'limits.idleTimeoutMs': 300 });
    try {
      const sock = net.connect(f.server.port, '127.0.0.1');
      await new Promise((r) => sock.once('connect', r));
      sock.write('POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\n{"jsonrpc"');
      const ended = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 10_000);
        sock.once('close', () => {
          clearTimeout(timer);
          resolve(true);
        });
        sock.on('data', () => {});
      });
      expect(ended).toBe(true);
      const ws = await openWs(f.server.wsUrl, { autoPong: false });
      const code = await closed(ws);
      expect(code).toBe(1006);
    } finally {
      await f.stop();
    }
  });
});
