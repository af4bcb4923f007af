/**
 * WebSocket upgrades to the GraphQL port whose request target does not
 * parse as a URL (`GET http://[zz/graphql`, one raw request on a loopback
 * socket) are refused with an HTTP error, and the server lives on: it
 * answers a query afterwards. Before, the upgrade handler's `new URL` threw
 * outside any handler and the process exited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upgradeStatus } from '../server/raw-upgrade.js';
import { postGraphql, startGraphqlFixture, type GraphqlFixture } from '../server/graphql-fixture.js';

let f: GraphqlFixture;

beforeAll(async () => {
  f = await startGraphqlFixture();
});
afterAll(async () => {
  await f.stop();
});

const upgrade = (target: string): Promise<string> => upgradeStatus(f.graphql.port, target, 'Sec-WebSocket-Protocol: graphql-transport-ws\r\n');

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
