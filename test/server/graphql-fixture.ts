/**
 * Test fixture for the GraphQL endpoint: a real server (startServer with
 * `graphql: true`, JSON-RPC and GraphQL each on a free loopback port) over a
 * real LMDB database in a temporary directory, seeded with server-fixture's
 * `tracks` and `albums`, and a helper that POSTs a GraphQL request.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pino } from 'pino';
import { open, type Database } from '../../src/index.js';
import type { GraphqlServer } from '../../src/server/graphql/graphql-server.js';
import { startServer, type PyralogServer } from '../../src/server/rpc-server.js';
import { serverConfig, type ConfigOverrides } from '../../src/server/server-config.js';
import { seed } from './server-fixture.js';

export interface GraphqlFixture {
  readonly db: Database;
  readonly server: PyralogServer;
  readonly graphql: GraphqlServer;
  stop(): Promise<void>;
}

export async function startGraphqlFixture(overrides: ConfigOverrides = {}, graphiqlDir?: string): Promise<GraphqlFixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-graphql-'));
  const db = open(path.join(dir, 'db'));
  seed(db);
  const server = await startServer({
    db,
    config: serverConfig({ port: 0, graphqlPort: 0, logLevel: 'silent', ...overrides }),
    logger: pino({ level: process.env['PYRALOG_TEST_LOG'] ?? 'silent' }),
    graphql: true,
    ...(graphiqlDir !== undefined ? { graphiqlDir } : {}),
  });
  if (server.graphql === undefined) throw new Error('the GraphQL endpoint did not start');
  const graphql = server.graphql;
  return {
    db,
    server,
    graphql,
    async stop() {
      await server.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface GraphqlReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: {
    readonly data?: unknown;
    readonly errors?: readonly { readonly message: string; readonly extensions?: { readonly code?: string } }[];
  };
}

/** POSTs `{query, variables}` as JSON (with a bearer token when given). */
export async function postGraphql(url: string, query: string, options: { token?: string; variables?: Record<string, unknown>; accept?: string } = {}): Promise<GraphqlReply> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: options.accept ?? 'application/graphql-response+json',
      ...(options.token !== undefined ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: JSON.stringify({ query, ...(options.variables !== undefined ? { variables: options.variables } : {}) }),
  });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: (await res.json()) as GraphqlReply['body'] };
}
