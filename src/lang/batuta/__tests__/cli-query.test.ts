import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.js';
import { open } from '../../../index.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'batuta-cli-'));
  const db = open(dir);
  db.createTable('t', [{ name: 'id', type: 'int64' }, { name: 'name', type: 'utf8' }], ['id']);
  db.table('t').insert([{ id: 1n, name: 'a' }, { id: 2n, name: 'b' }]);
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['query', '--db', dir, '--lang', 'batuta', ...args], { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, cwd: dir, env: {} });
  return { code, out, err };
}

describe('pyralog query --lang batuta', () => {
  it('prints a relation as JSON and a value as {"value": …}', async () => {
    expect(await cli('--format', 'json', '(|> (from :t) (where (> :id 1)))')).toEqual({ code: 0, out: '{"columns":[{"name":"id","type":"int64"},{"name":"name","type":"utf8"}],"rows":[[2,"b"]]}\n', err: '' });
    expect((await cli('--format', 'json', '(map :name (rows (from :t)))')).out).toBe('{"value":["a","b"]}\n');
  });

  it('prints other values as EDN, runs writes, and passes parameters', async () => {
    expect((await cli('(insert! :t [{:id 3 :name "c"}]) {:n (value (|> (from :t) (aggregate {:n (count)})))}')).out).toBe('{:n 3}\n');
    expect((await cli('--param', 'x=3', '(:name (first-row (|> (from :t) (where (= :id $x)))))')).out).toBe('"c"\n');
  });

  it('reports an error with its caret and exit code 1', async () => {
    const r = await cli('(from :nope)');
    expect(r.code).toBe(1);
    expect(r.err).toContain('error[BATUTA_UNKNOWN_TABLE]: unknown table :nope');
    expect(r.err).toContain('1 | (from :nope)');
  });
});
