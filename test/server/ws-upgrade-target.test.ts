/**
 * WebSocket upgrades to the JSON-RPC port whose request target does not
 * parse as a URL (`GET http://[zz/`, one raw request on a loopback socket)
 * are refused with 404, and the server lives on: it answers a call
 * afterwards. Before, the upgrade handler's `new URL` threw inside the HTTP
 * server's 'upgrade' listener and the process exited.
 */
import * as net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, startFixture, type Fixture } from './server-fixture.js';

let f: Fixture;

beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f.stop();
});

/** Sends one raw upgrade request and resolves with the status line of the answer ('' when the socket closed without one). */
function upgrade(target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(f.server.port, '127.0.0.1', () => {
      socket.write(
        `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
    let text = '';
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      if (text.includes('\r\n')) {
        socket.destroy();
        resolve(text.split('\r\n')[0] ?? '');
      }
    });
    socket.on('close', () => resolve(text.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
  });
}

describe('JSON-RPC upgrade request targets', () => {
  it('a target that is not a URL is refused with 404 and the server keeps serving', async () => {
    expect(await upgrade('http://[zz/')).toBe('HTTP/1.1 404 Not Found');
    expect(await upgrade('http://[zz/rpc?token=x')).toBe('HTTP/1.1 404 Not Found');
    const r = await post(f.server.url, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tables' }));
    expect(r.status).toBe(200);
    expect((JSON.parse(r.text) as { result: unknown[] }).result.length).toBe(2);
  });

  it('the JSON-RPC paths still upgrade (101)', async () => {
    expect(await upgrade('/')).toBe('HTTP/1.1 101 Switching Protocols');
    expect(await upgrade('/rpc?x=1')).toBe('HTTP/1.1 101 Switching Protocols');
  });
});
