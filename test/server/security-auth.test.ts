/**
 * Contract fixes found by the attacker review, over real sockets on loopback
 * (one server with tokens required, JSON-RPC and GraphQL ports): `1e400`
 * (JSON's Infinity) as a param or column value is -32602; a 23-digit
 * `$bigint` says it is out of int64 range; the GraphQL port's AUTH_REQUIRED
 * explains GraphQL's ways to send a token (HTTP header, connection_init);
 * `/health` counts open HTTP connections, not only WebSockets; introspection
 * shows only the tables a token grants.
 */
import * as http from 'node:http';
import * as net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { mintToken, newRootKey, attenuateToken } from '../../src/server/capability-tokens.js';
import { postGraphql, startGraphqlFixture, type GraphqlFixture } from './graphql-fixture.js';
import { post } from './server-fixture.js';

const rootKey = newRootKey();
let f: GraphqlFixture;
let root: string;
beforeAll(async () => {
  f = await startGraphqlFixture({ 'auth.enabled': true, 'auth.rootKey': Buffer.from(rootKey).toString('hex') });
  root = mintToken(rootKey, []).token;
});
afterAll(async () => {
  await f.stop();
});

interface RpcReply {
  readonly result?: unknown;
  readonly error?: { readonly code: number; readonly message: string; readonly data?: { readonly code?: string; readonly hints?: readonly string[] } };
}
async function rpcText(body: string): Promise<RpcReply> {
  const r = await post(f.server.url, body, { authorization: `Bearer ${root}` });
  expect(r.status).toBe(200);
  return JSON.parse(r.text) as RpcReply;
}

describe('wire values', () => {
  it('1e400 (Infinity after JSON.parse) is -32602 as a query param and as a column value; a finite float still works', async () => {
    const q = await rpcText('{"jsonrpc":"2.0","id":1,"method":"query","params":{"lang":"prql","text":"from tracks | filter ms < $a","params":{"a":1e400}}}');
    expect(q.error?.code).toBe(-32602);
    expect(q.error?.message).toContain('beyond float64');
    const neg = await rpcText('{"jsonrpc":"2.0","id":1,"method":"query","params":{"lang":"prql","text":"from tracks | filter ms < $1","params":[-1e400]}}');
    expect(neg.error?.code).toBe(-32602);
    const ins = await rpcText('{"jsonrpc":"2.0","id":1,"method":"insert","params":{"table":"tracks","rows":[{"id":77,"name":"inf","album":1,"ms":1e400}]}}');
    expect(ins.error?.code).toBe(-32602);
    const ok = await rpcText('{"jsonrpc":"2.0","id":1,"method":"query","params":{"lang":"prql","text":"from tracks | filter ms < $a | select {id}","params":{"a":2.0e0}}}');
    expect(ok.result).toMatchObject({ rows: [[1]] });
  });

  it('a $bigint of 23 digits is out of int64 range (not "not a decimal integer"); non-digits still are not integers', async () => {
    const big = await rpcText('{"jsonrpc":"2.0","id":1,"method":"query","params":{"lang":"prql","text":"from tracks | filter id == $a","params":{"a":{"$bigint":"99999999999999999999999"}}}}');
    expect(big.error?.code).toBe(-32602);
    expect(big.error?.message).toContain('out of int64 range');
    const edge = await rpcText('{"jsonrpc":"2.0","id":1,"method":"query","params":{"lang":"prql","text":"from tracks | filter id == $a","params":{"a":{"$bigint":"9223372036854775808"}}}}');
    expect(edge.error?.message).toContain('out of int64 range');
    const junk = await rpcText('{"jsonrpc":"2.0","id":1,"method":"query","params":{"lang":"prql","text":"from tracks | filter id == $a","params":{"a":{"$bigint":"12x"}}}}');
    expect(junk.error?.message).toContain('is not a decimal integer');
  });
});

describe('AUTH_REQUIRED on the GraphQL port', () => {
  it('over HTTP the hint names the Authorization header and connection_init, not JSON-RPC ways', async () => {
    const r = await postGraphql(f.graphql.url, '{ albums { title } }');
    expect(r.status).toBe(401);
    const hints = JSON.stringify(r.body.errors?.[0]?.extensions);
    expect(hints).toContain('Authorization: Bearer TOKEN');
    expect(hints).toContain('connection_init');
    expect(hints).not.toContain('call auth first');
    const rpc = await post(f.server.url, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tables' }));
    expect(JSON.stringify(JSON.parse(rpc.text))).toContain('call auth first');
  });

  it('over graphql-ws the close reason says to put the token in the connection_init payload', async () => {
    const ws = new WebSocket(f.graphql.wsUrl, ['graphql-transport-ws']);
    const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    const { code, reason } = await closed;
    expect(code).toBe(4403);
    expect(reason).toContain('AUTH_REQUIRED');
    expect(reason).toContain('connection_init');
  });
});

/** GET /health on a connection of its own that closes after the answer (fetch's keep-alive pool would add connections of its own to the count). */
function health(url: string): Promise<{ connections: number; websockets: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${url}/health`, { agent: false, headers: { connection: 'close' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve(JSON.parse(body) as { connections: number; websockets: number }));
      })
      .on('error', reject);
  });
}

describe('/health', () => {
  it('counts open HTTP connections, not only WebSockets', async () => {
    const sockets = await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<net.Socket>((resolve, reject) => {
            const s = net.connect(f.server.port, '127.0.0.1', () => resolve(s));
            s.on('error', reject);
          }),
      ),
    );
    const busy = await health(f.server.url);
    expect(busy.connections).toBeGreaterThanOrEqual(4);
    expect(busy.websockets).toBe(0);
    for (const s of sockets) s.destroy();
    let after = busy;
    for (let i = 0; i < 100 && after.connections > busy.connections - 3; i++) {
      await new Promise((r) => setTimeout(r, 20));
      after = await health(f.server.url);
    }
    expect(after.connections).toBeLessThanOrEqual(busy.connections - 3);
  });
});

describe('GraphQL introspection by grant', () => {
  const INTROSPECT = '{ __schema { queryType { fields { name } } mutationType { fields { name } } subscriptionType { fields { name } } types { name fields { name } } } }';
  interface Schema {
    readonly queryType: { readonly fields: readonly { readonly name: string }[] };
    readonly mutationType: { readonly fields: readonly { readonly name: string }[] } | null;
    readonly subscriptionType: { readonly fields: readonly { readonly name: string }[] } | null;
    readonly types: readonly { readonly name: string; readonly fields: readonly { readonly name: string }[] | null }[];
  }
  const schemaOf = async (token: string): Promise<Schema> => {
    const r = await postGraphql(f.graphql.url, INTROSPECT, { token });
    expect(r.status).toBe(200);
    return (r.body.data as { __schema: Schema }).__schema;
  };

  it('a token for albums:r sees only albums query fields, no mutations and no tracks types; the root token sees all', async () => {
    const all = await schemaOf(root);
    expect(all.queryType.fields.map((x) => x.name)).toEqual(expect.arrayContaining(['albums', 'tracks']));
    expect(all.mutationType?.fields.map((x) => x.name)).toEqual(expect.arrayContaining(['insert_albums', 'insert_tracks']));
    const limited = await schemaOf(attenuateToken(root, ['tables albums:r']).token);
    const q = limited.queryType.fields.map((x) => x.name);
    expect(q).toContain('albums');
    expect(q.filter((n) => n.includes('tracks'))).toEqual([]);
    expect(limited.mutationType).toBeNull();
    expect(limited.subscriptionType?.fields.map((x) => x.name).filter((n) => n.includes('tracks'))).toEqual([]);
    expect(limited.types.map((t) => t.name).filter((n) => n === 'tracks' || n.startsWith('tracks_'))).toEqual([]);
    const fieldsEverywhere = limited.types.flatMap((t) => (t.fields ?? []).map((x) => x.name));
    expect(fieldsEverywhere.filter((n) => n.includes('tracks'))).toEqual([]);
  });

  it('albums:rw shows albums mutations only; data beside introspection still answers', async () => {
    const rw = attenuateToken(root, ['tables albums:rw']).token;
    const s = await schemaOf(rw);
    const m = s.mutationType?.fields.map((x) => x.name) ?? [];
    expect(m).toContain('insert_albums');
    expect(m.filter((n) => n.includes('tracks'))).toEqual([]);
    const mixed = await postGraphql(f.graphql.url, '{ albums(order_by: {id: asc}) { title } __type(name: "tracks") { name } }', { token: rw });
    expect(mixed.body.data).toEqual({ albums: [{ title: 'Blue' }, { title: 'Red' }], __type: null });
  });
});
