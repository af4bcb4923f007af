/**
 * A WebSocket client may pipeline: it sends many calls without waiting for
 * answers (what `Promise.all` over the client does). Past 64 calls in flight
 * the server stops reading the socket until calls end, instead of closing
 * the connection; every call is answered, in the client's order of ids.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { connect } from '../../src/client/index.js';
import { startFixture, type Fixture } from './server-fixture.js';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f.stop();
});

describe('pipelined WebSocket calls', () => {
  it('answers 300 calls sent in one burst over a raw socket, and keeps the connection', async () => {
    const ws = new WebSocket(f.server.wsUrl);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    let closeCode: number | undefined;
    ws.on('close', (code) => {
      closeCode = code;
    });
    const n = 300;
    const answers = new Map<number, unknown>();
    const all = new Promise<void>((resolve) => {
      ws.on('message', (data) => {
        const r = JSON.parse(String(data)) as { id: number; result: unknown };
        answers.set(r.id, r.result);
        if (answers.size === n) resolve();
      });
    });
    // One write per frame, all before the first answer can arrive: the server reads them in a few chunks.
    for (let id = 0; id < n; id++) {
      const call = id % 3 === 0 ? { method: 'tables' } : { method: 'query', params: { lang: 'prql', text: `from tracks | filter id == ${(id % 3) + 1} | select {name}` } };
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, ...call }));
    }
    await all;
    expect(closeCode).toBeUndefined();
    expect(answers.get(0)).toEqual(['albums', 'tracks']);
    expect(answers.get(1)).toEqual({ columns: [{ name: 'name', type: 'utf8' }], rows: [['two']] });
    expect(answers.get(299)).toEqual({ columns: [{ name: 'name', type: 'utf8' }], rows: [['three']] });
    expect([...answers.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    ws.close();
  });

  it('Promise.all of 200 calls through pyralog/client succeeds', async () => {
    const c = await connect(f.server.wsUrl);
    try {
      const results = await Promise.all(Array.from({ length: 200 }, (_, i) => c.call<{ value: string | null }>('kv.get', { ns: 'pipe', key: `k${i}` })));
      expect(results).toHaveLength(200);
      expect(results.every((r) => r.value === null)).toBe(true);
      expect(await c.call('tables')).toEqual(['albums', 'tracks']);
    } finally {
      await c.close();
    }
  });
});
