/**
 * Batuta programs run server-side through `query` with lang "batuta", over
 * HTTP and WebSocket: a relational program returns rows, another value its
 * JSON and EDN; definitions persist on a WebSocket (one session per
 * connection) but not between HTTP requests; an error carries its code,
 * line and column; a program past the step budget (limits.batutaMaxSteps)
 * is a coded error and the server keeps serving; println comes back as
 * `output` notifications; `complete` offers the connection's definitions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, RpcCallError, type Client } from '../../src/client/index.js';
import { startFixture, type Fixture } from './server-fixture.js';

let f: Fixture;
let ws: Client;
let http: Client;

beforeAll(async () => {
  f = await startFixture({ 'limits.batutaMaxSteps': 20_000 });
  ws = await connect(f.server.wsUrl);
  http = await connect(f.server.url);
});
afterAll(async () => {
  await ws.close();
  await http.close();
  await f.stop();
});

async function failure(p: Promise<unknown>): Promise<RpcCallError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(RpcCallError);
  return e as RpcCallError;
}

const RELATION = '(|> (from :tracks) (where (> :id 1)) (order-by :id) (select [:id :name]))';

describe.each([
  ['WebSocket', () => ws],
  ['HTTP', () => http],
])('Batuta over %s', (_name, client) => {
  it('returns the rows of a relational program', async () => {
    const r = await client().call('query', { lang: 'batuta', text: RELATION });
    expect(r).toEqual({ columns: [{ name: 'id', type: 'int64' }, { name: 'name', type: 'utf8' }], rows: [[2, 'two'], [3, 'three']] });
  });

  it('returns another value as JSON and EDN', async () => {
    const r = await client().call('query', { lang: 'batuta', text: '(let [xs (rows (|> (from :albums) (order-by :id)))] {:n (count xs) :first (:title (first xs))})' });
    expect(r).toEqual({ value: { n: 2, first: 'Blue' }, edn: '{:n 2, :first "Blue"}' });
  });

  it('reports an error with its code, line and column', async () => {
    const e = await failure(client().call('query', { lang: 'batuta', text: '(+ 1\n   (undefined-thing 2))' }));
    expect(e.code).toBe(1);
    expect(e.data).toMatchObject({ code: 'BATUTA_UNBOUND_SYMBOL', line: 2, column: 5 });
  });

  it('stops a program past the step budget with a coded error, and keeps serving', async () => {
    const e = await failure(client().call('query', { lang: 'batuta', text: '(loop [i 0] (recur (+ i 1)))' }));
    expect(e.code).toBe(1);
    expect(e.pyralogCode).toBe('BATUTA_BUDGET_EXCEEDED');
    expect(await client().call('query', { lang: 'batuta', text: '(+ 20 22)' })).toEqual({ value: 42, edn: '42' });
    expect((await client().query('prql', 'from tracks | filter id == 1 | select {name}')).rows).toEqual([['one']]);
  });
});

it('keeps definitions for the life of a WebSocket, not between HTTP requests', async () => {
  await ws.call('query', { lang: 'batuta', text: '(def base 40)' });
  expect(await ws.call('query', { lang: 'batuta', text: '(+ base 2)' })).toEqual({ value: 42, edn: '42' });
  await http.call('query', { lang: 'batuta', text: '(def base 40)' });
  expect((await failure(http.call('query', { lang: 'batuta', text: '(+ base 2)' }))).pyralogCode).toBe('BATUTA_UNBOUND_SYMBOL');
  const other = await connect(f.server.wsUrl);
  expect((await failure(other.call('query', { lang: 'batuta', text: 'base' }))).pyralogCode).toBe('BATUTA_UNBOUND_SYMBOL');
  await other.close();
});

it('sends what a program prints as output notifications, and completes the connection\'s definitions', async () => {
  const printed: string[] = [];
  const stop = ws.on('output', (p) => printed.push((p as { text: string }).text));
  const r = await ws.call('query', { lang: 'batuta', text: '(do (println "hello" 1) (prn [1 "a"]) :done)' });
  expect(r).toEqual({ value: 'done', edn: ':done' });
  expect(printed.join('')).toBe('hello 1\n[1 "a"]\n');
  stop();
  await ws.call('query', { lang: 'batuta', text: '(defn remote-helper [x] x)' });
  expect(await ws.complete('batuta', 'remote-h')).toEqual(['remote-helper']);
  expect(await ws.complete('prql', 'fr')).toEqual([]);
});

it('writes through a program and the write is visible to the next query', async () => {
  await ws.call('query', { lang: 'batuta', text: '(insert! :albums [{:id 9 :title "Nine"}])' });
  expect((await http.query('prql', 'from albums | filter id == 9 | select {title}')).rows).toEqual([['Nine']]);
});
