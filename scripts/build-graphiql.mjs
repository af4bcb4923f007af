#!/usr/bin/env node
// Bundles GraphiQL (the `graphiql` npm package: ESM, React, Monaco) with
// esbuild into dist/graphiql/, the self-contained assets that the GraphQL
// endpoint serves at /graphql/assets/ (no CDN): graphiql.js and graphiql.css
// (the page), editor/json/graphql worker scripts (Monaco's web workers), the
// codicon font, and a .gz of each script and style sheet. Run by
// `npm run build` / `prepare` after tsc; the server starts without these
// files and says how to build them.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'graphiql');
const require = createRequire(import.meta.url);

// What the bundle is made of: the packages' versions and this script and its entry. When the
// stamp of the last build matches, the bundle is current and the build is skipped (npm run build
// runs before every bench run); --force rebuilds anyway.
const version = (name) => require(`${name}/package.json`).version;
const stamp = createHash('sha256')
  .update(JSON.stringify(['graphiql', '@graphiql/react', '@graphiql/toolkit', 'monaco-editor', 'monaco-graphql', 'react', 'react-dom', 'graphql', 'graphql-ws', 'esbuild'].map((n) => [n, version(n)])))
  .update(readFileSync(fileURLToPath(import.meta.url)))
  .update(readFileSync(join(root, 'scripts', 'graphiql', 'entry.jsx')))
  .digest('hex');
const stampFile = join(out, 'build-stamp.txt');
if (!process.argv.includes('--force') && existsSync(join(out, 'graphiql.js')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
  console.log(`graphiql bundle in ${out} is current`);
  process.exit(0);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const common = {
  bundle: true,
  minify: true,
  legalComments: 'linked',
  target: ['es2022'],
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
  absWorkingDir: root,
};

const started = Date.now();
await Promise.all([
  build({
    ...common,
    entryPoints: { graphiql: 'scripts/graphiql/entry.jsx' },
    outdir: out,
    format: 'esm',
    jsx: 'automatic',
    loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'dataurl' },
    assetNames: '[name]-[hash]',
  }),
  build({
    ...common,
    entryPoints: {
      'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
      'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
      'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
    },
    outdir: out,
    format: 'iife',
  }),
]);
// Pre-compressed copies: the server sends them to clients that accept gzip (no compression at run time).
for (const f of readdirSync(out).filter((n) => /\.(js|css)$/.test(n))) {
  writeFileSync(join(out, `${f}.gz`), gzipSync(readFileSync(join(out, f)), { level: constants.Z_BEST_COMPRESSION }));
}
writeFileSync(stampFile, stamp);
const files = readdirSync(out).map((f) => `${f} ${(statSync(join(out, f)).size / 1024).toFixed(0)} KiB`);
console.log(`graphiql bundled into ${out} in ${Date.now() - started} ms: ${files.join(', ')}`);
