/**
 * Importing the package must change no process-wide state: no V8 flags, no
 * environment variables, no global handlers. The CLI executable may tune V8
 * for its own short process (bin/pyralog.js); the library may not.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../../src/', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === '__tests__' ? [] : sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

describe('the library leaves the process alone', () => {
  const files = sources(SRC).map((path) => ({ path: path.slice(SRC.length), text: readFileSync(path, 'utf8') }));

  it('sets no V8 flag anywhere under src/', () => {
    expect(files.filter((f) => /setFlagsFromString/.test(f.text)).map((f) => f.path)).toEqual([]);
  });

  it('writes no environment variable under src/', () => {
    expect(files.filter((f) => /process\.env(\[[^\]]+\]|\.\w+)\s*=[^=]/.test(f.text)).map((f) => f.path)).toEqual([]);
  });

  it('loads the PRQL compiler without the executable (the library works unchanged)', async () => {
    const { open } = await import('../../src/index.js');
    const db = open(':memory:');
    try {
      db.createTable('t', [{ name: 'id', type: 'int64' }], ['id']);
      db.table('t').insert([{ id: 7n }]);
      expect(db.querySync('prql', 'from t | select {id}').rows()).toEqual([{ id: 7n }]);
    } finally {
      db.close();
    }
  });
});
