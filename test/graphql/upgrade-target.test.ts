/**
 * WebSocket upgrades to the GraphQL port whose request target does not
 * parse as a URL (`GET http://[zz/graphql`, one raw request on a loopback
 * socket) are refused with an HTTP error, and the server lives on: it
 * answers a query afterwards. Before, the upgrade handler's `new URL` threw
 * outside any handler and the process exited.
 */
import * as net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphql, startGraphqlFixture, type GraphqlFixture } from '../server/graphql-fixture.js';

let f: GraphqlFixture;

beforeAll(async () => {
  f = await startGraphqlFixture();
});
afterAll(async () => {
  await f.stop();
});

/** Sends one raw upgrade request and resolves with the status line of the answer ('' when the socket closed without one). */
function upgrade(target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(f.graphql.port, '127.0.0.1', () => {
      socket.write(
        `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n',
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

describe('upgrade request targets', () => {
  it('a target that is not a URL is refused with 404 and the server keeps serving', async () => {
    expect(await upgrade('http://[zz/graphql')).toBe('HTTP/1.1 404 Not Found');
    const r = await postGraphql(f.graphql.url, '{ albums_by_pk(id: 2) { title } }');
    expect(r.body).toEqual({ data: { albums_by_pk: { title: 'Red' } } });
  });

  it('the GraphQL path with a query string still upgrades (101)', async () => {
    expect(await upgrade('/graphql?x=1')).toBe('HTTP/1.1 101 Switching Protocols');
  });
});
