/**
 * What a client that gets the HTTP request itself wrong receives from the
 * GraphQL endpoint (real server on loopback, real LMDB): malformed JSON, a
 * body that is not an object, a batch (a JSON array), a missing or
 * non-string query, variables that are not an object, a mutation over GET,
 * an unsupported media type or method, an Accept the server cannot answer —
 * each is a GraphQL error body `{errors: [{message, extensions: {code:
 * "GRAPHQL_BAD_REQUEST"}}]}` with a 4xx status, never an empty body or an
 * error without a code. A subscription over HTTP is refused the same way
 * (status 200 for application/json, 400 for graphql-response+json, as
 * graphql-http answers GraphQL errors): it runs over graphql-ws.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphqlFixture, type GraphqlFixture } from '../server/graphql-fixture.js';

let f: GraphqlFixture;

beforeAll(async () => {
  f = await startGraphqlFixture();
});
afterAll(async () => {
  await f.stop();
});

interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly allow: string | null;
  readonly body: { readonly errors?: readonly { readonly message: string; readonly extensions?: Record<string, unknown> }[] } | string;
}

async function send(init: { method?: string; body?: string; contentType?: string; accept?: string; search?: string }): Promise<Reply> {
  const headers: Record<string, string> = { accept: init.accept ?? 'application/graphql-response+json' };
  if (init.contentType !== undefined) headers['content-type'] = init.contentType;
  const res = await fetch(`${f.graphql.url}${init.search ?? ''}`, { method: init.method ?? 'POST', headers, ...(init.body !== undefined ? { body: init.body } : {}) });
  const text = await res.text();
  let body: Reply['body'] = text;
  try {
    body = JSON.parse(text) as Reply['body'];
  } catch {
    // left as text: the assertion shows it
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', allow: res.headers.get('allow'), body };
}

/** status, code and message of a refusal */
function shape(r: Reply): { status: number; codes: unknown[]; messages: string[] } | Reply {
  if (typeof r.body === 'string' || r.body.errors === undefined) return r;
  return { status: r.status, codes: r.body.errors.map((e) => e.extensions?.['code']), messages: r.body.errors.map((e) => e.message) };
}

const json = 'application/json';

describe('requests the endpoint cannot read', () => {
  const cases: readonly (readonly [string, Parameters<typeof send>[0], number, RegExp])[] = [
    ['malformed JSON', { body: '{"query": "{ albums { id } }"', contentType: json }, 400, /JSON/],
    ['a JSON body that is not an object', { body: 'null', contentType: json }, 400, /object/],
    ['a batch (a JSON array)', { body: JSON.stringify([{ query: '{ albums { id } }' }, { query: '{ tracks { id } }' }]), contentType: json }, 400, /batch/i],
    ['no query', { body: '{"variables": {}}', contentType: json }, 400, /query/],
    ['a query that is not a string', { body: '{"query": 5}', contentType: json }, 400, /query/],
    ['variables that are not an object', { body: '{"query": "{ albums { id } }", "variables": "x"}', contentType: json }, 400, /variables/],
    ['a GET with variables that are not JSON', { method: 'GET', search: `?query=${encodeURIComponent('{ albums { id } }')}&variables=%7B`, accept: json }, 400, /URL|variables/],
    ['an unsupported media type', { body: '{ albums { id } }', contentType: 'application/graphql' }, 415, /media type|content-type/i],
    ['a method other than GET and POST', { method: 'PUT', body: '{}', contentType: json }, 405, /method/i],
    ['an Accept the server cannot answer', { body: '{"query": "{ albums { id } }"}', contentType: json, accept: 'text/csv' }, 406, /accept/i],
    ['a mutation over GET', { method: 'GET', search: `?query=${encodeURIComponent('mutation { delete_albums(where: {}) { affected_rows } }')}`, accept: json }, 405, /mutation/i],
    ['a subscription over HTTP (graphql-response+json)', { body: JSON.stringify({ query: 'subscription { albums { id } }' }), contentType: json }, 400, /WebSocket/],
    ['a subscription over HTTP (json)', { body: JSON.stringify({ query: 'subscription { albums { id } }' }), contentType: json, accept: json }, 200, /WebSocket/],
  ];
  for (const [what, init, status, message] of cases) {
    it(`${what}: ${status} GRAPHQL_BAD_REQUEST with a message`, async () => {
      const r = await send(init);
      const s = shape(r);
      expect(s).toMatchObject({ status, codes: ['GRAPHQL_BAD_REQUEST'] });
      expect('messages' in s ? s.messages[0] : '').toMatch(message);
      expect(r.contentType).toMatch(/^application\/(graphql-response\+)?json/);
    });
  }

  it('keeps the Allow header of a 405 (a mutation: POST only), and runs nothing: the albums are all still there', async () => {
    expect((await send({ method: 'DELETE' })).allow).toBe('GET, POST');
    const get = await send({ method: 'GET', search: `?query=${encodeURIComponent('mutation { delete_albums(where: {}) { affected_rows } }')}`, accept: json });
    expect(get.allow).toBe('POST');
    const count = await send({ body: JSON.stringify({ query: '{ albums_aggregate { aggregate { count } } }' }), contentType: json });
    expect(count.body).toEqual({ data: { albums_aggregate: { aggregate: { count: 2 } } } });
  });
});
