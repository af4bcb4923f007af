#!/usr/bin/env node
// The `pyralog` executable: runs the compiled CLI in dist/ (built by `npm install` / `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const mainPath = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
if (!existsSync(mainPath)) {
  process.stderr.write(`pyralog is not built yet (${mainPath} is missing).\nRun \`npm run build\` in ${fileURLToPath(new URL('..', import.meta.url))} first.\n`);
  process.exit(1);
}
const { main } = await import(pathToFileURL(mainPath).href);
process.exitCode = await main(process.argv.slice(2));
