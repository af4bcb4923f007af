/**
 * A token limited to some tables must not learn about the others through
 * compile errors: `query`, `explain`, `prepare` and `subscribe` of a query
 * naming a table it does not grant answer AUTH_FORBIDDEN, without that
 * table's columns, types or the full table list; errors about the tables it
 * grants keep their full detail. Real server with tokens on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { attenuateToken, mintToken, newRootKey } from '../../src/server/capability-tokens.js';
import { post, startFixture, type Fixture } from './server-fixture.js';

const rootKey = newRootKey();
let f: Fixture;
let albumsOnly: string;
beforeAll(async () => {
  f = await startFixture({ 'auth.enabled': true, 'auth.rootKey': Buffer.from(rootKey).toString('hex') }, (db) => {
    db.createTable('secret', [
      { name: 'id', type: 'int64' },
      { name: 'password', type: 'utf8' },
    ], ['id']);
    db.table('secret').insert([{ id: 1n, password: 'hunter2' }]);
  });
  albumsOnly = attenuateToken(mintToken(rootKey, []).token, ['tables albums:r']).token;
});
afterAll(async () => {
  await f.stop();
});

interface Reply {
  readonly result?: unknown;
  readonly error?: { readonly code: number; readonly message: string; readonly data?: { readonly code?: string; readonly line?: number } };
}

async function call(method: string, params: unknown): Promise<{ reply: Reply; text: string }> {
  const r = await post(f.server.url, JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }), { authorization: `Bearer ${albumsOnly}` });
  return { reply: JSON.parse(r.text) as Reply, text: r.text };
}

/** Nothing about the table `secret` beyond what the caller typed: no column, no type, no table list. */
function expectNoLeak(text: string): void {
  expect(text).not.toContain('password');
  expect(text).not.toContain('tracks');
  expect(text).not.toMatch(/utf8/);
}

describe('compile errors under a table-limited token', () => {
  it('query, explain and prepare of a forbidden table with an unknown column: AUTH_FORBIDDEN, no schema', async () => {
    for (const method of ['query', 'explain', 'prepare']) {
      const { reply, text } = await call(method, { lang: 'prql', text: 'from secret | select {nope}' });
      expect(reply.error?.code, method).toBe(3);
      expect(reply.error?.data?.code, method).toBe('AUTH_FORBIDDEN');
      expect(reply.error?.data?.line, method).toBe(1);
      expectNoLeak(text);
    }
  });

  it('a type error against a forbidden column does not reveal its type', async () => {
    const { reply, text } = await call('query', { lang: 'prql', text: 'from secret | filter password == 1' });
    expect(reply.error?.data?.code).toBe('AUTH_FORBIDDEN');
    expectNoLeak(text);
  });

  it('an unknown table lists only the granted tables', async () => {
    const { reply, text } = await call('query', { lang: 'prql', text: 'from nosuch' });
    expect(reply.error?.data?.code).toBe('AUTH_FORBIDDEN');
    expect(text).not.toContain('secret');
    expectNoLeak(text);
    expect(text).toContain('albums');
  });

  it('a GraphQL query of a forbidden type is refused the same way', async () => {
    const { reply, text } = await call('query', { lang: 'graphql', text: '{ secret { nope } }' });
    expect(reply.error?.data?.code).toBe('AUTH_FORBIDDEN');
    expectNoLeak(text);
  });

  it('an error about a granted table keeps its detail', async () => {
    const { reply } = await call('query', { lang: 'prql', text: 'from albums | select {nme}' });
    expect(reply.error?.data?.code).toBe('PRQL_UNKNOWN_COLUMN');
    expect(reply.error?.message).toContain('nme');
  });

  it('subscribe over WebSocket is refused the same way', async () => {
    const ws = new WebSocket(`${f.server.wsUrl}?token=${albumsOnly}`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const text = await new Promise<string>((resolve) => {
      ws.once('message', (d) => resolve(String(d)));
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'subscribe', params: { lang: 'prql', text: 'from secret | select {nope}' } }));
    });
    ws.close();
    expect((JSON.parse(text) as Reply).error?.data?.code).toBe('AUTH_FORBIDDEN');
    expectNoLeak(text);
  });
});
