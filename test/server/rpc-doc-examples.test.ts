/**
 * Runs every example of docs/rpc.md: each `-->` line is sent on one
 * WebSocket in document order, each `<--` line must match the next message
 * received (`"$ANY"` matches anything; `"$HANDLE"`/`"$SUB"` are bound on first
 * sight and must agree later). Also checks every method of the server's
 * method table has a row in the doc's table.
 */
import * as fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { METHODS } from '../../src/server/dispatcher.js';
import { startFixture, type Fixture } from './server-fixture.js';

const doc = fs.readFileSync(new URL('../../docs/rpc.md', import.meta.url), 'utf8');
let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f.stop();
});

function bind(template: unknown, actual: unknown, vars: Map<string, unknown>, where: string): void {
  if (typeof template === 'string' && template.startsWith('$') && /^\$[A-Z]+$/.test(template)) {
    if (template === '$ANY') return;
    if (!vars.has(template)) vars.set(template, actual);
    expect(actual, where).toEqual(vars.get(template));
    return;
  }
  if (Array.isArray(template)) {
    expect(Array.isArray(actual), where).toBe(true);
    expect((actual as unknown[]).length, where).toBe(template.length);
    template.forEach((t, i) => bind(t, (actual as unknown[])[i], vars, `${where}[${i}]`));
    return;
  }
  if (typeof template === 'object' && template !== null) {
    for (const [k, t] of Object.entries(template)) bind(t, (actual as Record<string, unknown>)[k], vars, `${where}.${k}`);
    return;
  }
  expect(actual, where).toEqual(template);
}

function substitute(text: string, vars: Map<string, unknown>): string {
  return text.replace(/"(\$[A-Z]+)"/g, (m, name: string) => (vars.has(name) ? JSON.stringify(vars.get(name)) : m));
}

it('every method is in the table of docs/rpc.md', () => {
  for (const m of Object.keys(METHODS)) expect(doc, m).toMatch(new RegExp(`\\| (\`[a-z.]+\` / )*\`${m.replace('.', '\\.')}\`( / \`[a-z.]+\`)* \\|`));
});

it('runs every example of docs/rpc.md and gets the documented answers', async () => {
  const block = /```jsonrpc\n([\s\S]*?)```/.exec(doc)?.[1];
  expect(block).toBeDefined();
  const lines = (block as string).split('\n').filter((l) => l.trim() !== '');
  const ws = await new Promise<WebSocket>((resolve, reject) => {
    const s = new WebSocket(f.server.wsUrl);
    s.once('open', () => resolve(s));
    s.once('error', reject);
  });
  const queue: string[] = [];
  const waiters: ((s: string) => void)[] = [];
  ws.on('message', (d) => {
    const w = waiters.shift();
    if (w !== undefined) w(d.toString());
    else queue.push(d.toString());
  });
  const next = (): Promise<string> => (queue.length > 0 ? Promise.resolve(queue.shift() as string) : new Promise((r) => waiters.push(r)));
  const vars = new Map<string, unknown>();
  let checked = 0;
  for (const line of lines) {
    const body = line.slice(4);
    if (line.startsWith('--> ')) ws.send(substitute(body, vars));
    else if (line.startsWith('<-- ')) {
      bind(JSON.parse(body), JSON.parse(await next()), vars, body.slice(0, 60));
      checked++;
    } else throw new Error(`bad example line: ${line}`);
  }
  expect(checked).toBeGreaterThanOrEqual(20);
  ws.close();
});
