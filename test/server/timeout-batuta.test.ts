/**
 * The query timeout where no query worker helps, over a real server on
 * loopback (threads.queryWorkers 0, limits.queryTimeoutMs 1000): a Batuta
 * program that loops forever stops at the timeout with QUERY_TIMEOUT (not
 * after its step budget), and the server answers /health meanwhile, and so
 * does `explain` of such a program (it yields like `query`); a cross
 * join run in the server's own thread is cancelled by the executor's
 * deadline check with QUERY_TIMEOUT instead of holding the thread for hours.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect, RpcCallError, type Client } from '../../src/client/index.js';
import { startFixture, type Fixture } from './server-fixture.js';

let f: Fixture;
let c: Client;
beforeAll(async () => {
  f = await startFixture({ 'limits.queryTimeoutMs': 1000, 'threads.queryWorkers': 0, 'threads.writer': false }, (db) => {
    db.createTable('many', [{ name: 'id', type: 'int64' }], ['id']);
    db.table('many').insert(Array.from({ length: 1500 }, (_, i) => ({ id: BigInt(i) })));
  });
  c = await connect(f.server.wsUrl);
});
afterAll(async () => {
  await c.close();
  await f.stop();
});

async function failure(p: Promise<unknown>): Promise<{ code: string | undefined; ms: number }> {
  const t0 = Date.now();
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(RpcCallError);
    return { code: (e as RpcCallError).data?.code, ms: Date.now() - t0 };
  }
  throw new Error('the call succeeded');
}

it('a Batuta loop stops at the query timeout with QUERY_TIMEOUT; /health answers meanwhile', async () => {
  const looping = failure(c.query('batuta', '(loop [i 0] (recur (inc i)))'));
  await new Promise((r) => setTimeout(r, 200));
  const t0 = performance.now();
  const h = await fetch(`${f.server.url}/health`);
  expect(h.status).toBe(200);
  expect(performance.now() - t0).toBeLessThan(1000);
  const { code, ms } = await looping;
  expect(code).toBe('QUERY_TIMEOUT');
  expect(ms).toBeGreaterThanOrEqual(900);
  expect(ms).toBeLessThan(8000);
  // the session still works after the timeout
  expect(await c.query('batuta', '(+ 1 2)')).toMatchObject({ value: 3 });
});

it('a cross join in the server thread is cancelled at the deadline (QUERY_TIMEOUT)', async () => {
  const { code, ms } = await failure(c.query('prql', 'from many | join side:full t2=many (true) | join t3=many (true) | aggregate {c = count this}'));
  expect(code).toBe('QUERY_TIMEOUT');
  expect(ms).toBeLessThan(8000);
  const h = (await (await fetch(`${f.server.url}/health`)).json()) as { queries: { streamed: number; small: number } };
  expect(h.queries.streamed).toBeGreaterThanOrEqual(1);
});

it('explain of a looping Batuta program stops at the query timeout too, and /health answers before it', async () => {
  const order: string[] = [];
  const explaining = failure(c.call('explain', { lang: 'batuta', text: '(do (loop [i 0] (recur (inc i))) (from :albums))' })).then((r) => {
    order.push('explain');
    return r;
  });
  await new Promise((r) => setTimeout(r, 200));
  const h = await fetch(`${f.server.url}/health`);
  order.push('health');
  expect(h.status).toBe(200);
  const { code } = await explaining;
  expect(code).toBe('QUERY_TIMEOUT');
  expect(order).toEqual(['health', 'explain']);
  // a program that ends in a relation still explains
  const plan = await c.call<{ text: string; plan: null }>('explain', { lang: 'batuta', text: '(|> (from :albums) (where (= :id 2)))' });
  expect(plan.text).toContain('albums');
  expect(plan.plan).toBeNull();
});
