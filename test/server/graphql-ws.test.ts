/**
 * GraphQL over WebSocket (graphql-ws protocol) against the real server on
 * loopback, with a real `graphql-ws` client: a subscription is a live query
 * re-sent on every committed write to a table it reads — inserts through
 * the embedded API and through JSON-RPC — and on no other (the hub's push
 * count); queries and mutations answer once. Tokens come in
 * connection_init: forged, expired or missing close the socket (4403, code
 * in the reason); cross-table and read-only ones get an `error` with
 * extensions.code and write nothing; revoking a token ends its live
 * subscriptions. Also the subscriptions-per-connection, connection and
 * rate limits.
 */
import * as net from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connect } from '../../src/client/index.js';
import { revokeIds } from '../../src/server/authenticator.js';
import { attenuateToken, mintToken, newRootKey } from '../../src/server/capability-tokens.js';
import { postGraphql, startGraphqlFixture, type GraphqlFixture } from './graphql-fixture.js';

const rootKey = newRootKey();
const BURST = 20;
const MAX_CONNECTIONS = 40;
let f: GraphqlFixture;
let root: string;
const clients: Client[] = [];

beforeAll(async () => {
  f = await startGraphqlFixture({
    'auth.enabled': true,
    'auth.rootKey': Buffer.from(rootKey).toString('hex'),
    'limits.maxSubscriptionsPerConnection': 2,
    'limits.requestsPerSecond': 1,
    'limits.burst': BURST,
    'limits.maxConnections': MAX_CONNECTIONS,
  });
  root = mintToken(rootKey, []).token;
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await f.stop();
});

function client(token: string | undefined): Client {
  const c = createClient({
    url: f.graphql.wsUrl,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: token === undefined ? {} : { Authorization: `Bearer ${token}` },
  });
  clients.push(c);
  return c;
}

type Failure = { readonly code?: number; readonly reason?: string } | readonly { readonly message: string; readonly extensions?: { readonly code?: string } }[];

/** What the iterator threw: an `error` message's errors, or the close event; the value if it yielded one. */
async function failure(iterator: AsyncIterableIterator<unknown>): Promise<Failure> {
  let step: IteratorResult<unknown>;
  try {
    step = await iterator.next();
  } catch (e) {
    return e as Failure;
  }
  return { reason: `no refusal: ${JSON.stringify(step)}` };
}

function codes(e: Failure): readonly (string | undefined)[] {
  return Array.isArray(e) ? e.map((x: { extensions?: { code?: string } }) => x.extensions?.code) : [];
}

function rowCount(): number {
  const snapshot = f.db.snapshot();
  try {
    return snapshot.stats('albums').rowCount;
  } finally {
    snapshot.close();
  }
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${f.server.url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
}

/** Waits (bounded) until the server holds `n` live subscriptions: completion is processed asynchronously. */
async function liveSubscriptions(n: number): Promise<number> {
  let live = -1;
  for (let i = 0; i < 200; i++) {
    live = ((await (await fetch(`${f.server.url}/health`)).json()) as { subscriptions: number }).subscriptions;
    if (live === n) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  return live;
}

const SUB = 'subscription { albums(order_by: {id: asc}) { id title } }';
type Albums = { albums: { id: number; title: string }[] };

describe('graphql-ws subscriptions', () => {
  it('re-sends the result on each committed write to a table it reads (embedded API and JSON-RPC), not on others', async () => {
    const live = client(root).iterate<Albums>({ query: SUB });
    expect((await live.next()).value?.data?.albums.map((a: { title: string }) => a.title)).toEqual(['Blue', 'Red']);
    f.db.table('albums').insert([{ id: 3n, title: 'Green' }]);
    expect((await live.next()).value?.data?.albums).toEqual([
      { id: 1, title: 'Blue' },
      { id: 2, title: 'Red' },
      { id: 3, title: 'Green' },
    ]);
    const rpc = await connect(f.server.url, { token: root });
    expect((await rpc.insert('albums', [{ id: 4, title: 'Gold' }])).count).toBe(1);
    expect((await live.next()).value?.data?.albums.map((a: { id: number }) => a.id)).toEqual([1, 2, 3, 4]);
    const pushes = await metric('pyralog_subscription_pushes');
    f.db.table('tracks').insert([{ id: 9n, name: 'nine', album: 1n, ms: 9.5 }]);
    f.db.table('albums').delete([[3n]]);
    expect((await live.next()).value?.data?.albums.map((a: { id: number }) => a.id)).toEqual([1, 2, 4]);
    expect((await metric('pyralog_subscription_pushes')) - pushes).toBe(1);
    await live.return?.();
    expect(await liveSubscriptions(0)).toBe(0);
    await rpc.close();
  });

  it('queries and mutations over the socket answer once', async () => {
    const c = client(root);
    const q = c.iterate({ query: '{ tracks_by_pk(id: 2) { name } }' });
    expect((await q.next()).value).toEqual({ data: { tracks_by_pk: { name: 'two' } } });
    expect((await q.next()).done).toBe(true);
    const m = c.iterate({ query: 'mutation { insert_albums_one(object: {id: 20, title: "Silver"}) { id title } }' });
    expect((await m.next()).value).toEqual({ data: { insert_albums_one: { id: 20, title: 'Silver' } } });
    expect(f.db.table('albums').get([20n])?.title).toBe('Silver');
  });

  it('holds at most limits.maxSubscriptionsPerConnection live subscriptions on one socket', async () => {
    const c = client(root);
    const a = c.iterate({ query: SUB });
    const b = c.iterate({ query: SUB });
    await a.next();
    await b.next();
    const third = await failure(c.iterate({ query: SUB }));
    expect(codes(third)).toEqual(['RESULT_TOO_LARGE']);
    await a.return?.();
    await b.return?.();
    expect(await liveSubscriptions(0)).toBe(0);
  });
});

describe('capability tokens over graphql-ws', () => {
  const refused: [string, () => string | undefined, string][] = [
    ['no token', () => undefined, 'AUTH_REQUIRED'],
    ['forged', () => mintToken(newRootKey(), []).token, 'AUTH_INVALID'],
    ['expired', () => mintToken(rootKey, ['expires 2020-01-01T00:00:00Z']).token, 'AUTH_EXPIRED'],
  ];
  for (const [what, make, code] of refused) {
    it(`${what}: connection_init is refused with 4403 and ${code}`, async () => {
      const e = await failure(client(make()).iterate({ query: SUB }));
      expect(Array.isArray(e)).toBe(false);
      expect((e as { code?: number }).code).toBe(4403);
      expect((e as { reason?: string }).reason).toContain(code);
    });
  }

  it('cross-table and read-only tokens: an error with extensions.code, nothing written', async () => {
    const before = rowCount();
    const narrow = client(attenuateToken(root, ['tables tracks:rw']).token);
    expect(codes(await failure(narrow.iterate({ query: SUB })))).toEqual(['AUTH_FORBIDDEN']);
    const readOnly = client(attenuateToken(root, ['read-only']).token);
    expect(codes(await failure(readOnly.iterate({ query: 'mutation { insert_albums_one(object: {id: 90, title: "no"}) { id } }' })))).toEqual(['AUTH_FORBIDDEN']);
    expect(rowCount()).toBe(before);
    expect(f.db.table('albums').get([90n])).toBeUndefined();
  });

  it('revoking the token ends its live subscription at the next push', async () => {
    const t = mintToken(rootKey, []);
    const live = client(t.token).iterate<Albums>({ query: SUB });
    expect((await live.next()).value?.data?.albums.length).toBeGreaterThan(0);
    revokeIds(f.db, [t.id]);
    f.db.table('albums').insert([{ id: 30n, title: 'After revocation' }]);
    expect(codes(await failure(live))).toEqual(['AUTH_REVOKED']);
    expect(await liveSubscriptions(0)).toBe(0);
  });

  it('the rate limit applies per token: 429 RATE_LIMITED once the burst is spent', async () => {
    const t = mintToken(rootKey, []).token;
    let refusal: Awaited<ReturnType<typeof postGraphql>> | undefined;
    for (let i = 0; i < BURST + 20 && refusal === undefined; i++) {
      const r = await postGraphql(f.graphql.url, '{ albums_by_pk(id: 1) { title } }', { token: t });
      if (r.status !== 200) refusal = r;
    }
    expect(refusal?.status).toBe(429);
    expect(refusal?.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  // Last: the dropped sockets' slots are freed asynchronously.
  it('connections above limits.maxConnections are closed at accept', async () => {
    const port = new URL(f.graphql.url).port;
    const outcomes = await Promise.all(
      Array.from({ length: MAX_CONNECTIONS + 20 }, () =>
        new Promise<{ socket: net.Socket; answered: boolean }>((resolve) => {
          const socket = net.connect(Number(port), '127.0.0.1', () => socket.write('GET /graphql/assets/none.js HTTP/1.1\r\nhost: x\r\n\r\n'));
          socket.once('data', () => resolve({ socket, answered: true }));
          socket.once('close', () => resolve({ socket, answered: false }));
          socket.once('error', () => resolve({ socket, answered: false }));
        }),
      ),
    );
    for (const o of outcomes) o.socket.destroy();
    const answered = outcomes.filter((o) => o.answered).length;
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThanOrEqual(MAX_CONNECTIONS);
    expect(outcomes.length - answered).toBeGreaterThanOrEqual(20);
  });
});
