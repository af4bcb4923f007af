/**
 * End-to-end over real loopback sockets: every method through the typed
 * client, over WebSocket and over HTTP, against a real server on LMDB.
 */
import { tableToIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, RpcCallError, type Client } from '../../src/client/index.js';
import { startFixture, type Fixture } from './server-fixture.js';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f.stop();
});

for (const transport of ['ws', 'http'] as const) {
  describe(`methods over ${transport}`, () => {
    let c: Client;
    beforeAll(async () => {
      c = await connect(transport === 'ws' ? f.server.wsUrl : f.server.url);
    });
    afterAll(async () => {
      await c.close();
    });

    it('query returns the CLI JSON, with params', async () => {
      const r = await c.query('prql', 'from tracks | filter id == $1 | select {id, name, ms}', [2]);
      expect(r).toEqual({ columns: [{ name: 'id', type: 'int64' }, { name: 'name', type: 'utf8' }, { name: 'ms', type: 'float64' }], rows: [[2, 'two', 2.5]] });
    });

    it('query with format arrow returns Arrow IPC', async () => {
      const t = await c.queryArrow('prql', 'from tracks | sort id | select {id, name}');
      expect(t.numRows).toBe(3);
      expect(t.getChild('name')?.toArray()).toEqual(['one', 'two', 'three']);
      expect(t.getChild('id')?.get(2)).toBe(3n);
    });

    it('query errors carry the PyralogError code, line and column', async () => {
      const e = await c.query('prql', 'from tracks\nselect {nme}').catch((x: unknown) => x);
      expect(e).toBeInstanceOf(RpcCallError);
      const err = e as RpcCallError;
      expect(err.code).toBe(1);
      expect(err.data?.code).toBe('PRQL_UNKNOWN_COLUMN');
      expect(err.data?.line).toBe(2);
      expect(err.data?.column).toBeGreaterThan(1);
      expect(err.data?.hint).toContain('name');
    });

    it('explain returns the text pyralog explain prints and the plan JSON', async () => {
      const e = await c.explain('prql', 'from tracks | filter id == 1');
      expect(e.text).toContain('== physical plan ==');
      expect(e.text).toContain('point_get');
      expect((e.plan as { tables: string[] }).tables).toEqual(['tracks']);
    });

    it('prepare / execute / close', async () => {
      const p = await c.prepare('prql', 'from tracks | filter album == $a | aggregate {n = count this}');
      expect(p.handle).toMatch(/^q_[0-9a-f]{24}$/);
      expect((await p.execute({ a: 1 })).rows).toEqual([[2]]);
      expect((await p.execute({ a: 2 })).rows).toEqual([[1]]);
      await p.close();
      const e = await p.execute({ a: 1 }).catch((x: RpcCallError) => x);
      expect((e as RpcCallError).data?.code).toBe('UNKNOWN_HANDLE');
    });

    it('tables and schema', async () => {
      expect(await c.tables()).toEqual(expect.arrayContaining(['albums', 'tracks']));
      const s = await c.schema('albums');
      expect(s.key).toEqual(['id']);
      expect(s.columns.map((col) => `${col.name}:${col.type}`)).toEqual(['id:int64', 'title:utf8']);
      expect(s.rows).toBeGreaterThanOrEqual(2);
    });

    it('insert / upsert / delete return the count and the commit sequence, exact int64', async () => {
      const base = transport === 'ws' ? 100 : 200;
      const big = 2n ** 62n + BigInt(base);
      const ins = await c.insert('albums', [{ id: base, title: 'x' }, { id: big, title: 'big' }]);
      expect(ins.count).toBe(2);
      const before = ins.sequence;
      const up = await c.upsert('albums', [{ id: base, title: 'y' }]);
      expect(up).toEqual({ count: 1, sequence: before + 1 });
      expect(f.db.table('albums').get([BigInt(base)])).toEqual({ id: BigInt(base), title: 'y' });
      expect(f.db.table('albums').get([big])?.title).toBe('big');
      const r = await c.query('prql', `from albums | filter id == $1 | select {id}`, [big]);
      expect(r.rows).toEqual([[big.toString()]]);
      const del = await c.delete('albums', [[base], [{ $bigint: big.toString() }]]);
      expect(del.count).toBe(2);
      expect(f.db.table('albums').get([BigInt(base)])).toBeUndefined();
      const dup = await c.insert('albums', [{ id: 1, title: 'again' }]).catch((x: RpcCallError) => x);
      expect((dup as RpcCallError).data?.code).toBe('DUPLICATE_KEY');
    });

    it('kv.put / kv.get / kv.range / kv.delete', async () => {
      const kv = c.kv(`ns-${transport}`);
      await kv.put('a', 'one');
      await kv.put('b', new Uint8Array([0xff, 0x00]));
      await kv.put('c', 'three');
      expect(await kv.get('a')).toBe('one');
      expect(await kv.get('b')).toEqual({ $bytes: 'ff00' });
      expect(await kv.range({ start: 'b' })).toEqual([{ key: 'b', value: { $bytes: 'ff00' } }, { key: 'c', value: 'three' }]);
      await kv.delete('a');
      expect(await kv.get('a')).toBeNull();
      expect(new TextDecoder().decode(f.db.kv(`ns-${transport}`).get('c'))).toBe('three');
    });

    it('a batch answers each call by id, skips notifications, and reports per-call errors', async () => {
      const out = await c.batch([
        { method: 'tables' },
        { method: 'kv.put', params: { ns: `batch-${transport}`, key: 'k', value: 'v' }, notification: true },
        { method: 'no.such' },
        { method: 'query', params: { lang: 'prql', text: 'from albums | filter id == 2 | select {title}' } },
      ]);
      expect(out).toHaveLength(3);
      expect(out[0]?.ok).toBe(true);
      expect(out[1]?.ok === false && out[1].error.code).toBe(-32601);
      expect(out[2]?.ok === true && out[2].result).toEqual({ columns: [{ name: 'title', type: 'utf8' }], rows: [['Red']] });
      expect(new TextDecoder().decode(f.db.kv(`batch-${transport}`).get('k'))).toBe('v');
    });

    it('a notification runs and is not answered', async () => {
      await c.notify('kv.put', { ns: `notify-${transport}`, key: 'k', value: 'v2' });
      for (let i = 0; i < 100 && f.db.kv(`notify-${transport}`).get('k') === undefined; i++) await new Promise((r) => setTimeout(r, 10));
      expect(new TextDecoder().decode(f.db.kv(`notify-${transport}`).get('k'))).toBe('v2');
    });
  });
}

describe('subscriptions', () => {
  it('pushes the fresh result after a committed write to a table the query reads, and not for other tables', async () => {
    const c = await connect(f.server.wsUrl);
    const w = await connect(f.server.url);
    const events: unknown[] = [];
    const sub = await c.subscribe('prql', 'from tracks | filter album == 2 | sort id | select {id, name}', undefined, (e) => events.push(e));
    expect(sub.initial.rows).toEqual([[3, 'three']]);
    const unrelated = await w.insert('albums', [{ id: 50, title: 'unrelated' }]);
    const written = await w.insert('tracks', [{ id: 10, name: 'ten', album: 2, ms: 1 }]);
    expect(written.sequence).toBe(unrelated.sequence + 1);
    for (let i = 0; i < 200 && events.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(events).toHaveLength(1);
    const e = events[0] as { subscription: string; result: { rows: unknown[] }; sequence: number };
    expect(e.subscription).toBe(sub.id);
    expect(e.result.rows).toEqual([[3, 'three'], [10, 'ten']]);
    expect(e.sequence).toBe(written.sequence);
    // a direct embedded write pushes too (the hook is on the write path, not in the server)
    f.db.table('tracks').delete([[10n]]);
    for (let i = 0; i < 200 && events.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect((events[1] as { result: { rows: unknown[] } }).result.rows).toEqual([[3, 'three']]);
    await sub.unsubscribe();
    await w.insert('tracks', [{ id: 11, name: 'eleven', album: 2, ms: 1 }]);
    await new Promise((r) => setTimeout(r, 50));
    expect(events).toHaveLength(2);
    await c.close();
    await w.close();
  });

  it('is refused over HTTP', async () => {
    const h = await connect(f.server.url);
    const e = await h.call('subscribe', { lang: 'prql', text: 'from tracks' }).catch((x: RpcCallError) => x);
    expect((e as RpcCallError).code).toBe(-32601);
  });
});

it('arrow ipc of an empty result keeps the columns', async () => {
  const c = await connect(f.server.wsUrl);
  const t = await c.queryArrow('prql', 'from tracks | filter id == 999 | select {id, name}');
  expect(t.numRows).toBe(0);
  expect(t.schema.fields.map((x) => x.name)).toEqual(['id', 'name']);
  expect(tableToIPC(t).byteLength).toBeGreaterThan(0);
  await c.close();
});
