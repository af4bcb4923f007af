/**
 * GraphiQL for browsers: the page served at `/graphql` to a GET that
 * accepts text/html, and the files under `/graphql/assets/` that
 * scripts/build-graphiql.mjs bundled from the `graphiql` package into
 * `<package>/dist/graphiql/` (no CDN: the page fetches nothing from another
 * origin). Files are read once and kept; the build writes a `.gz` beside
 * each script and style sheet, sent to clients that accept gzip. When the bundle is missing (a checkout that was never
 * built) the page says how to build it and the API still works.
 */
import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The path GraphiQL's assets are served under. */
export const ASSETS_PATH = '/graphql/assets/';

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

const DEFAULT_QUERY = `# Pyralog GraphQL: one plan per request.
# Every table T has T, T_by_pk and T_aggregate; see docs/graphql.md.
query {
  __schema { queryType { fields { name } } }
}
`;

/** The package's root: the nearest folder above this file whose package.json is pyralog's. */
function packageRoot(): string | undefined {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (pkg.name === 'pyralog') return dir;
    } catch {
      // no package.json here
    }
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** Where the bundle lives: `<package>/dist/graphiql`. */
export function defaultAssetDir(): string {
  return path.join(packageRoot() ?? process.cwd(), 'dist', 'graphiql');
}

interface Asset {
  readonly type: string;
  readonly raw: Buffer;
  readonly gzip: Buffer | undefined;
}

function escapeAttr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export class GraphiqlAssets {
  private readonly cache = new Map<string, Asset>();
  private readonly names: ReadonlySet<string>;

  constructor(readonly dir: string = defaultAssetDir()) {
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir);
    } catch {
      // missing: `available` is false
    }
    this.names = new Set(names.filter((n) => /^[\w.-]+$/.test(n) && path.extname(n) in TYPES));
  }

  /** Whether the bundle was built. */
  get available(): boolean {
    return this.names.has('graphiql.js') && this.names.has('graphiql.css');
  }

  /** What to do when it is missing (logged at start and shown on the page). */
  get missingMessage(): string {
    return `GraphiQL is not built (${path.join(this.dir, 'graphiql.js')} is missing): run \`npm run build\` (or \`node scripts/build-graphiql.mjs\`) in the pyralog package; the GraphQL API itself works without it`;
  }

  /** The GraphiQL page for the endpoint at `endpoint`. */
  page(res: ServerResponse, endpoint: string): void {
    if (!this.available) {
      const body = `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>GraphiQL is not built</title></head><body><h1>GraphiQL is not built</h1><p>${escapeAttr(this.missingMessage)}</p></body></html>\n`;
      res.writeHead(503, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    const body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pyralog GraphiQL</title>
<link rel="stylesheet" href="${ASSETS_PATH}graphiql.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql" data-endpoint="${escapeAttr(endpoint)}" data-assets="${ASSETS_PATH}" data-default-query="${escapeAttr(DEFAULT_QUERY)}"></div>
<script type="module" src="${ASSETS_PATH}graphiql.js"></script>
</body>
</html>
`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-cache' });
    res.end(body);
  }

  /** Serves `name` (a file of the bundle) or 404. */
  serve(req: IncomingMessage, res: ServerResponse, name: string): void {
    const asset = this.names.has(name) ? this.load(name) : undefined;
    if (asset === undefined) {
      const body = `not found: ${ASSETS_PATH}${name.slice(0, 100)}\n`;
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    const gzip = asset.gzip !== undefined && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip && asset.gzip !== undefined ? asset.gzip : asset.raw;
    res.writeHead(200, {
      'content-type': asset.type,
      'content-length': body.length,
      'cache-control': 'public, max-age=3600',
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  private load(name: string): Asset | undefined {
    let asset = this.cache.get(name);
    if (asset === undefined) {
      let raw: Buffer;
      try {
        raw = fs.readFileSync(path.join(this.dir, name));
      } catch {
        return undefined;
      }
      let gzip: Buffer | undefined;
      try {
        gzip = fs.readFileSync(path.join(this.dir, `${name}.gz`));
      } catch {
        gzip = undefined;
      }
      asset = { type: TYPES[path.extname(name)] ?? 'application/octet-stream', raw, gzip };
      this.cache.set(name, asset);
    }
    return asset;
  }
}
