/**
 * WebSocket upgrades to the JSON-RPC port whose request target does not
 * parse as a URL (`GET http://[zz/`, one raw request on a loopback socket)
 * are refused with 404, and the server lives on: it answers a call
 * afterwards. Before, the upgrade handler's `new URL` threw inside the HTTP
 * server's 'upgrade' listener and the process exited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upgradeStatus } from './raw-upgrade.js';
import { post, startFixture, type Fixture } from './server-fixture.js';

let f: Fixture;

beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f.stop();
});

const upgrade = (target: string): Promise<string> => upgradeStatus(f.server.port, target);

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
