/**
 * `pyralog serve [--db DIR] [--port N] [--host ADDR] [--graphql-port N]
 * [--config FILE] [--auth]`: runs the JSON-RPC server (HTTP and WebSocket on
 * one port) and the GraphQL endpoint (HTTP, graphql-ws and GraphiQL at
 * /graphql on its own port) until SIGTERM or SIGINT, then shuts down gracefully. Settings
 * come from defaults < the TOML file < PYRALOG_* variables < these flags
 * (docs/server.md lists every key).
 */
import * as path from 'node:path';
import { loadServerConfig } from '../../server/server-config.js';
import { startServer } from '../../server/rpc-server.js';
import type { Command } from '../command.js';
import { stringOption, usageError } from '../parse-command-args.js';

const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve a database over JSON-RPC 2.0 (HTTP and WebSocket on one port) and GraphQL (/graphql on another).',
  usage: 'pyralog serve [--db DIR] [--port N] [--host ADDR] [--graphql-port N] [--config FILE] [--auth]',
  help: `options:
  --db DIR            database directory (default ./pyralog-data; created if missing)
  --port N            JSON-RPC port for HTTP and WebSocket (default 8545; 0 picks one)
  --host ADDR         address to bind (default 127.0.0.1); another address needs --auth
  --graphql-port N    GraphQL port (default 4000): HTTP, graphql-ws and GraphiQL at /graphql
  --config FILE       a TOML file of settings (see docs/server.md)
  --auth              require capability tokens (root key: <db>/server-root.key, see pyralog token)

Without tokens the server runs open and binds loopback only. Logs are JSON
lines (pino) on stdout. SIGTERM: stop accepting, finish the calls in flight,
close the database.

example:
  pyralog serve --db ./music --port 8545`,
  options: {
    db: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    'graphql-port': { type: 'string' },
    config: { type: 'string' },
    auth: { type: 'boolean' },
  },
  async run(args, context) {
    const num = (name: string): number | undefined => {
      const v = stringOption(args, name, serveCommand);
      if (v === undefined) return undefined;
      if (!/^\d{1,5}$/.test(v) || Number(v) > 65535) throw usageError(`serve: --${name} wants a port number, got ${JSON.stringify(v)}`, serveCommand);
      return Number(v);
    };
    const db = stringOption(args, 'db', serveCommand);
    const configFile = stringOption(args, 'config', serveCommand);
    const config = loadServerConfig({
      ...(configFile !== undefined ? { configFile: path.resolve(context.cwd, configFile) } : {}),
      env: context.env,
      overrides: {
        db: db === undefined ? undefined : path.resolve(context.cwd, db),
        port: num('port'),
        host: stringOption(args, 'host', serveCommand),
        graphqlPort: num('graphql-port'),
        'auth.enabled': args.values['auth'] === true ? true : undefined,
      },
    });
    const server = await startServer({ config: { ...config, db: path.resolve(context.cwd, config.db) }, graphql: true });
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
        resolve();
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });
    await server.close();
    return 0;
  },
};

export default serveCommand;
