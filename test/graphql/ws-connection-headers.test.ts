/**
 * The token in a graphql-ws `connection_init` payload the way Hasura's
 * clients send it — `{headers: {Authorization: "Bearer …"}}` (Hasura's
 * docs for Apollo's `connectionParams`) — against the real server on
 * loopback with tokens required: a good token runs a subscription, a forged
 * one closes the socket with 4403 and AUTH_INVALID, and the top-level
 * `{Authorization}` form still works.
 */
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { mintToken, newRootKey } from '../../src/server/capability-tokens.js';
import { startGraphqlFixture, type GraphqlFixture } from '../server/graphql-fixture.js';

const rootKey = newRootKey();
let f: GraphqlFixture;
let token: string;
const clients: Client[] = [];

beforeAll(async () => {
  f = await startGraphqlFixture({ 'auth.enabled': true, 'auth.rootKey': Buffer.from(rootKey).toString('hex') });
  token = mintToken(rootKey, []).token;
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await f.stop();
});

function client(connectionParams: Record<string, unknown>): Client {
  const c = createClient({ url: f.graphql.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, connectionParams });
  clients.push(c);
  return c;
}

/** The first result of `query` over `c`, or how the connection failed (close code and reason, or the error's codes). */
async function first(c: Client, query: string): Promise<unknown> {
  const it = c.iterate({ query });
  try {
    const step = await it.next();
    return step.done === true ? 'done' : step.value;
  } catch (e) {
    if (Array.isArray(e)) return { errors: e.map((x: { extensions?: { code?: string } }) => x.extensions?.code) };
    const close = e as { code?: number; reason?: string };
    return { close: close.code, reason: close.reason?.split(':')[0] };
  } finally {
    await it.return?.();
  }
}

const albums = 'subscription { albums(order_by: {id: asc}) { title } }';

describe('graphql-ws connection_init headers', () => {
  it('{headers: {Authorization: "Bearer …"}} authenticates (Hasura clients send it so)', async () => {
    expect(await first(client({ headers: { Authorization: `Bearer ${token}` } }), albums)).toEqual({ data: { albums: [{ title: 'Blue' }, { title: 'Red' }] } });
    expect(await first(client({ headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }), albums)).toEqual({
      data: { albums: [{ title: 'Blue' }, { title: 'Red' }] },
    });
  });

  it('a forged token in headers closes with 4403 AUTH_INVALID; no token at all is AUTH_REQUIRED', async () => {
    expect(await first(client({ headers: { Authorization: `Bearer ${token.slice(0, -4)}AAAA` } }), albums)).toEqual({ close: 4403, reason: 'AUTH_INVALID' });
    expect(await first(client({ headers: { 'x-other': 'y' } }), albums)).toEqual({ close: 4403, reason: 'AUTH_REQUIRED' });
  });

  it('the top-level {Authorization} form still works', async () => {
    expect(await first(client({ Authorization: `Bearer ${token}` }), albums)).toEqual({ data: { albums: [{ title: 'Blue' }, { title: 'Red' }] } });
  });
});
