/**
 * The HTTP body as outside clients send it, over real sockets: a body over
 * the limit from a client that does not wait for `100 Continue` (fetch)
 * reads the 413 instead of a connection reset, declared or chunked; a body
 * that is not UTF-8 is a parse error and writes nothing; a byte order mark
 * is skipped (HTTP and WebSocket); `HEAD /health` answers like `GET`.
 */
import * as net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startFixture, type Fixture } from './server-fixture.js';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f.stop();
});

const headers = { 'content-type': 'application/json' };

/** Raw bytes on one connection; resolves with what the server sent once `until` holds, it closed, or `ms` passed. */
function rawExchange(write: (s: net.Socket) => void, until: (got: string) => boolean = () => false, ms = 5000): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(f.server.port, '127.0.0.1');
    let got = '';
    s.on('data', (d) => {
      got += d.toString('latin1');
      if (until(got)) done();
    });
    const done = (): void => {
      clearTimeout(timer);
      s.destroy();
      resolve(got);
    };
    const timer = setTimeout(done, ms);
    s.on('error', done);
    s.on('close', done);
    s.on('connect', () => write(s));
  });
}

describe('HTTP bodies', () => {
  it('a 4 MB body over the default 1 MiB limit is answered 413 with a JSON-RPC error, not a reset', async () => {
    // The client reads only after it has sent everything (as a client that does not wait for 100 Continue):
    // the 413 must still be there, not dropped by a reset from a server that closed with unread bytes.
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'kv.put', params: { ns: 'big', key: 'k', value: 'v'.repeat(4 * 1024 * 1024) } });
    const got = await rawExchange((s) => {
      s.pause();
      s.write(`POST / HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`);
      s.write(body, () => setTimeout(() => s.resume(), 100));
    }, (text) => text.includes('"maxBodyBytes"}}'));
    expect(got).toMatch(/^HTTP\/1\.1 413 /);
    expect(got).toContain('"error":{"code":-32600');
    expect(got).toContain('"limit":"maxBodyBytes"');
    expect(f.db.kv('big').get('k')).toBeUndefined();
    const res = await fetch(`${f.server.url}/`, { method: 'POST', headers, body });
    expect(res.status).toBe(413);
  });

  it('a chunked body over the limit is answered 413, and the connection carries the next request', async () => {
    const chunk = 'a'.repeat(64 * 1024);
    const next = '{"jsonrpc":"2.0","id":2,"method":"tables"}';
    const got = await rawExchange((s) => {
      s.write('POST / HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n');
      for (let i = 0; i < 32; i++) s.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      s.write('0\r\n\r\n');
      s.write(`POST /rpc HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${next.length}\r\nconnection: close\r\n\r\n${next}`);
    });
    expect(got).toMatch(/^HTTP\/1\.1 413 /);
    expect(got).toContain('"limit":"maxBodyBytes"');
    expect(got).toContain('{"jsonrpc":"2.0","id":2,"result":["albums","tracks"]}');
  });

  it('a body that is not UTF-8 is -32700 and writes nothing', async () => {
    const head = Buffer.from('{"jsonrpc":"2.0","id":1,"method":"kv.put","params":{"ns":"utf","key":"k');
    const tail = Buffer.from('","value":"v"}}');
    const res = await fetch(`${f.server.url}/`, { method: 'POST', headers, body: Buffer.concat([head, Buffer.from([0xff, 0xfe]), tail]) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error: the body is not valid UTF-8' } });
    expect(f.db.kv('utf').range({})).toHaveLength(0);
  });

  it('a UTF-8 byte order mark before the JSON is skipped, over HTTP and WebSocket', async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"jsonrpc":"2.0","id":"é😀","method":"tables"}')]);
    const res = await fetch(`${f.server.url}/`, { method: 'POST', headers, body });
    expect(await res.json()).toEqual({ jsonrpc: '2.0', id: 'é😀', result: ['albums', 'tracks'] });
    const ws = new WebSocket(f.server.wsUrl);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const reply = await new Promise<string>((resolve) => {
      ws.once('message', (d) => resolve(String(d)));
      ws.send('\ufeff{"jsonrpc":"2.0","id":3,"method":"tables"}');
    });
    ws.close();
    expect(JSON.parse(reply)).toEqual({ jsonrpc: '2.0', id: 3, result: ['albums', 'tracks'] });
  });

  it('HEAD /health and /metrics answer 200 without a body, as GET does with one', async () => {
    const head = await fetch(`${f.server.url}/health`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('application/json');
    expect(await head.text()).toBe('');
    expect((await fetch(`${f.server.url}/metrics`, { method: 'HEAD' })).status).toBe(200);
    const get = await fetch(`${f.server.url}/health`);
    expect(((await get.json()) as { status: string }).status).toBe('ok');
  });
});
