/**
 * GraphQL over HTTP against the real server on loopback (tokens required):
 * graphql-http's audit suite passes every MUST; queries, variables and
 * mutations run and their effects are in the database; forged, expired,
 * missing, cross-table and read-only tokens are refused with the
 * PyralogError code in `extensions.code` and nothing is written; a body over
 * the limit is 413; GET mutations are 405; an operation past the query-time
 * limit is cancelled; /metrics on the RPC port counts GraphQL operations; the GraphiQL page is served to browsers (and says how
 * to build it when the bundle is missing).
 */
import * as fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { GraphQLError } from 'graphql';
import { serverAudits } from 'graphql-http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attenuateToken, mintToken, newRootKey } from '../../src/server/capability-tokens.js';
import type { PreparedGraphql } from '../../src/engine/graphql-request.js';
import { isPyralogError } from '../../src/errors/pyralog-error.js';
import { GraphiqlAssets } from '../../src/server/graphql/graphiql-assets.js';
import { executeOperation } from '../../src/server/graphql/graphql-operation.js';
import { loadServerConfig, serverConfig } from '../../src/server/server-config.js';
import { postGraphql, startGraphqlFixture, type GraphqlFixture } from './graphql-fixture.js';

const rootKey = newRootKey();
let f: GraphqlFixture;
let root: string;

beforeAll(async () => {
  f = await startGraphqlFixture({ 'auth.enabled': true, 'auth.rootKey': Buffer.from(rootKey).toString('hex'), 'limits.maxBodyBytes': 64 * 1024 });
  root = mintToken(rootKey, []).token;
});
afterAll(async () => {
  await f.stop();
});

/** The albums table's row count and the keys the refused requests try to write (cheap: no query compiler). */
function albums(): string {
  const snapshot = f.db.snapshot();
  try {
    return JSON.stringify([snapshot.stats('albums').rowCount, ...[50n, 60n, 70n].map((id) => f.db.table('albums').get([id]) ?? null)]);
  } finally {
    snapshot.close();
  }
}

describe('GraphQL over HTTP', () => {
  it("passes every MUST of graphql-http's audit suite", async () => {
    const withToken = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> =>
      fetch(input, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${root}` } });
    const results = await Promise.all(serverAudits({ url: f.graphql.url, fetchFn: withToken }).map((a) => a.fn()));
    const musts = results.filter((r) => r.name.startsWith('MUST'));
    expect(musts.length).toBeGreaterThanOrEqual(10);
    const failed = results.filter((r) => r.status === 'error').map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`);
    expect(failed).toEqual([]);
    expect(musts.every((r) => r.status === 'ok')).toBe(true);
  });

  it('runs a query with variables through one plan and answers data', async () => {
    const r = await postGraphql(f.graphql.url, 'query Q($min: bigint) { tracks(where: {id: {_gte: $min}}, order_by: {id: asc}) { id name } }', { token: root, variables: { min: 2 } });
    expect(r.status).toBe(200);
    expect(r.contentType).toContain('application/graphql-response+json');
    expect(r.body).toEqual({ data: { tracks: [{ id: 2, name: 'two' }, { id: 3, name: 'three' }] } });
  });

  it('answers a GET query; refuses a mutation over GET with 405 and writes nothing', async () => {
    const get = await fetch(`${f.graphql.url}?query=${encodeURIComponent('{ albums_by_pk(id: 2) { title } }')}`, { headers: { accept: 'application/json', authorization: `Bearer ${root}` } });
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ data: { albums_by_pk: { title: 'Red' } } });
    const before = albums();
    const m = await fetch(`${f.graphql.url}?query=${encodeURIComponent('mutation { insert_albums_one(object: {id: 70, title: "by GET"}) { id } }')}`, {
      headers: { accept: 'application/json', authorization: `Bearer ${root}` },
    });
    expect(m.status).toBe(405);
    expect(albums()).toBe(before);
  });

  it('runs a mutation atomically and the row is in the database', async () => {
    const r = await postGraphql(f.graphql.url, 'mutation { insert_albums(objects: [{id: 10, title: "Green"}, {id: 11, title: "Gold"}]) { affected_rows returning { id } } }', { token: root });
    expect(r.body).toEqual({ data: { insert_albums: { affected_rows: 2, returning: [{ id: 10 }, { id: 11 }] } } });
    expect(f.db.table('albums').get([10n])?.title).toBe('Green');
  });

  it('compile errors are GraphQL errors with locations (400 for graphql-response+json, 200 for json)', async () => {
    const a = await postGraphql(f.graphql.url, '{ nosuchtable { id } }', { token: root });
    expect(a.status).toBe(400);
    expect(a.body.data).toBeUndefined();
    expect(a.body.errors?.[0]?.message).toContain('nosuchtable');
    const b = await postGraphql(f.graphql.url, '{ tracks { id ', { token: root, accept: 'application/json' });
    expect(b.status).toBe(200);
    expect(b.body.errors?.length).toBe(1);
  });
});

describe('capability tokens on /graphql', () => {
  const insert = 'mutation { insert_albums_one(object: {id: 50, title: "Forbidden"}) { id } }';
  const refusals: [string, () => string | undefined, number, string][] = [
    ['no token', () => undefined, 401, 'AUTH_REQUIRED'],
    ['forged (another root key)', () => mintToken(newRootKey(), []).token, 401, 'AUTH_INVALID'],
    ['expired', () => mintToken(rootKey, ['expires 2020-01-01T00:00:00Z']).token, 401, 'AUTH_EXPIRED'],
    ['cross-table (tracks only)', () => attenuateToken(root, ['tables tracks:rw']).token, 403, 'AUTH_FORBIDDEN'],
    ['read-only', () => attenuateToken(root, ['read-only']).token, 403, 'AUTH_FORBIDDEN'],
    ['albums read, not write', () => attenuateToken(root, ['tables albums:r']).token, 403, 'AUTH_FORBIDDEN'],
    ['methods without graphql', () => attenuateToken(root, ['methods query,insert']).token, 403, 'AUTH_FORBIDDEN'],
  ];
  for (const [what, make, status, code] of refusals) {
    it(`${what}: ${status} ${code}, nothing written`, async () => {
      const before = albums();
      const r = await postGraphql(f.graphql.url, insert, { token: make() });
      expect(r.status).toBe(status);
      expect(r.body.data).toBeUndefined();
      expect(r.body.errors?.map((e) => e.extensions?.code)).toEqual([code]);
      expect(albums()).toBe(before);
      expect(f.db.table('albums').get([50n])).toBeUndefined();
    });
  }

  it('a token is checked against every table the request reads; its max-rows caveat bounds results', async () => {
    const narrow = attenuateToken(root, ['tables tracks:r']).token;
    const ok = await postGraphql(f.graphql.url, '{ tracks_by_pk(id: 1) { name } }', { token: narrow });
    expect(ok.body).toEqual({ data: { tracks_by_pk: { name: 'one' } } });
    const both = await postGraphql(f.graphql.url, '{ tracks_by_pk(id: 1) { name } albums { title } }', { token: narrow });
    expect(both.status).toBe(403);
    expect(both.body.errors?.[0]?.extensions?.code).toBe('AUTH_FORBIDDEN');
    const twoRows = attenuateToken(root, ['max-rows 2']).token;
    const capped = await postGraphql(f.graphql.url, '{ tracks { id } }', { token: twoRows });
    expect(capped.body.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_LIMIT_EXCEEDED']);
    const fits = await postGraphql(f.graphql.url, '{ tracks(limit: 2, order_by: {id: asc}) { id } }', { token: twoRows });
    expect(fits.body).toEqual({ data: { tracks: [{ id: 1 }, { id: 2 }] } });
    const readOnly = attenuateToken(root, ['read-only']).token;
    const read = await postGraphql(f.graphql.url, '{ albums_aggregate { aggregate { count } } }', { token: readOnly });
    expect(read.status).toBe(200);
    expect((read.body.data as { albums_aggregate: { aggregate: { count: number } } }).albums_aggregate.aggregate.count).toBe(JSON.parse(albums())[0]);
  });
});

describe('limits and metrics', () => {
  it('a body over limits.maxBodyBytes is 413 and runs nothing', async () => {
    const before = albums();
    const big = `mutation { insert_albums_one(object: {id: 60, title: "${'x'.repeat(70 * 1024)}"}) { id } }`;
    const r = await postGraphql(f.graphql.url, big, { token: root });
    expect(r.status).toBe(413);
    expect(r.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_LARGE');
    expect(albums()).toBe(before);
  });

  it('variables nested deeper than limits.maxJsonDepth are refused before parsing (400)', async () => {
    const deep = JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`) as Record<string, unknown>;
    const r = await postGraphql(f.graphql.url, '{ __typename }', { token: root, variables: deep });
    expect(r.status).toBe(400);
    expect(r.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_LIMIT_EXCEEDED');
  });

  it('/metrics on the RPC port counts GraphQL operations and their errors', async () => {
    const text = await (await fetch(`${f.server.url}/metrics`)).text();
    const count = (re: RegExp): number => Number(re.exec(text)?.[1] ?? NaN);
    expect(count(/^pyralog_graphql_requests_total\{operation="mutation",transport="http"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(count(/^pyralog_graphql_requests_total\{operation="query",transport="http"\} (\d+)$/m)).toBeGreaterThanOrEqual(3);
    expect(count(/^pyralog_graphql_errors_total\{operation="\(invalid\)",code="AUTH_FORBIDDEN"\} (\d+)$/m)).toBeGreaterThanOrEqual(4);
    expect(count(/^pyralog_graphql_duration_seconds_count\{operation="query"\} (\d+)$/m)).toBeGreaterThanOrEqual(3);
  });
});

describe('configuration and the query-time limit', () => {
  it('graphqlPort comes from the config file, PYRALOG_GRAPHQL_PORT and --graphql-port, and must be a TCP port', () => {
    expect(loadServerConfig({}).graphqlPort).toBe(4000);
    expect(loadServerConfig({ env: { PYRALOG_GRAPHQL_PORT: '4100' } }).graphqlPort).toBe(4100);
    expect(loadServerConfig({ env: { PYRALOG_GRAPHQL_PORT: '4100' }, overrides: { graphqlPort: 4200 } }).graphqlPort).toBe(4200);
    let code: string | undefined;
    try {
      loadServerConfig({ overrides: { graphqlPort: 70_000 } });
    } catch (e) {
      code = isPyralogError(e) ? e.code : String(e);
    }
    expect(code).toBe('SERVER_CONFIG');
  });

  it('an operation still running at limits.queryTimeoutMs is cancelled with QUERY_TIMEOUT', async () => {
    let sawAbort = false;
    const stuck: PreparedGraphql = {
      operation: 'query',
      tablesRead: [],
      tablesWritten: [],
      execute: (options) =>
        new Promise((resolve) =>
          options?.signal?.addEventListener('abort', () => {
            sawAbort = true;
            resolve({ data: null, errors: [new GraphQLError('stopped')] });
          }),
        ),
    };
    const services = { limits: serverConfig({ 'limits.queryTimeoutMs': 20 }).limits, log: pino({ level: 'silent' }) };
    const result = await executeOperation(services, stuck, new AbortController().signal);
    expect(sawAbort).toBe(true);
    expect(result.data).toBeNull();
    expect(result.errors?.map((e) => e.extensions['code'])).toEqual(['QUERY_TIMEOUT']);
  });
});

describe('GraphiQL page', () => {
  it('is served to a browser GET (text/html) with its bundled assets, no CDN', async () => {
    const res = await fetch(f.graphql.url, { headers: { accept: 'text/html,application/xhtml+xml' } });
    const html = await res.text();
    if (!f.graphql.graphiqlAvailable) {
      expect(res.status).toBe(503);
      expect(html).toContain('npm run build');
      return;
    }
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('<script type="module" src="/graphql/assets/graphiql.js">');
    expect(html).not.toMatch(/https?:\/\//);
    const js = await fetch(new URL('/graphql/assets/graphiql.js', f.graphql.url), { method: 'HEAD', headers: { 'accept-encoding': 'gzip' } });
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect(js.headers.get('content-encoding')).toBe('gzip');
    expect(Number(js.headers.get('content-length'))).toBeGreaterThan(100_000);
    const worker = await fetch(new URL('/graphql/assets/editor.worker.js', f.graphql.url));
    expect((await worker.text()).length).toBe(fs.statSync(path.join(f.graphql.assetDir, 'editor.worker.js')).size);
    expect((await fetch(new URL('/graphql/assets/..%2Fpackage.json', f.graphql.url))).status).toBe(404);
  });

  it('without the bundle, the page says how to build it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-no-graphiql-'));
    const assets = new GraphiqlAssets(dir);
    expect(assets.available).toBe(false);
    let status = 0;
    let body = '';
    const res = {
      writeHead(s: number) {
        status = s;
        return res;
      },
      end(b: string) {
        body = b;
      },
    };
    assets.page(res as unknown as ServerResponse, '/graphql');
    expect(status).toBe(503);
    expect(body).toContain('GraphiQL is not built');
    expect(body).toContain('npm run build');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
