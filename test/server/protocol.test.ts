/**
 * JSON-RPC 2.0 exactly as the specification says, over raw HTTP bodies and
 * raw WebSocket frames (no client library): parse errors, invalid requests,
 * unknown methods, bad params, ids echoed with their type, batches (empty,
 * mixed, all notifications), and HTTP routes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { post, startFixture, type Fixture } from './server-fixture.js';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f.stop();
});

async function rpc(body: string): Promise<unknown> {
  const r = await post(f.server.url, body);
  return r.status === 204 ? 'no content' : JSON.parse(r.text);
}

describe('single requests over HTTP', () => {
  it('-32700 on malformed JSON, with id null', async () => {
    const r = (await rpc('{"jsonrpc":"2.0","method":"tables",')) as { id: unknown; error: { code: number } };
    expect(r.id).toBeNull();
    expect(r.error.code).toBe(-32700);
  });

  it('-32600 on a request that is not an object, lacks jsonrpc 2.0, or has a bad method or id', async () => {
    for (const body of ['1', '"x"', '{"method":"tables","id":1}', '{"jsonrpc":"1.0","method":"tables","id":1}', '{"jsonrpc":"2.0","method":5,"id":1}', '{"jsonrpc":"2.0","method":"tables","id":{}}', '{"jsonrpc":"2.0","method":"tables","params":3,"id":1}']) {
      const r = (await rpc(body)) as { error: { code: number } };
      expect(r.error.code, body).toBe(-32600);
    }
  });

  it('-32601 for an unknown method, -32602 for bad params', async () => {
    expect(((await rpc('{"jsonrpc":"2.0","method":"nope","id":1}')) as { error: { code: number } }).error.code).toBe(-32601);
    expect(((await rpc('{"jsonrpc":"2.0","method":"__proto__","id":1}')) as { error: { code: number } }).error.code).toBe(-32601);
    const bad = (await rpc('{"jsonrpc":"2.0","method":"query","params":{"lang":"prql"},"id":1}')) as { error: { code: number; message: string } };
    expect(bad.error.code).toBe(-32602);
    expect(bad.error.message).toContain('"text"');
    const positional = (await rpc('{"jsonrpc":"2.0","method":"schema","params":["tracks"],"id":1}')) as { error: { code: number } };
    expect(positional.error.code).toBe(-32602);
  });

  it('echoes the id with its type: number, string, null', async () => {
    expect(((await rpc('{"jsonrpc":"2.0","method":"tables","id":7}')) as { id: unknown }).id).toBe(7);
    expect(((await rpc('{"jsonrpc":"2.0","method":"tables","id":"7"}')) as { id: unknown }).id).toBe('7');
    expect(((await rpc('{"jsonrpc":"2.0","method":"tables","id":null}')) as { id: unknown }).id).toBeNull();
    expect(((await rpc('{"jsonrpc":"2.0","method":"tables","id":1.5}')) as { id: unknown }).id).toBe(1.5);
  });

  it('echoes a numeric id exactly as sent, even where JSON.parse rounds it (past 2^53, long fractions)', async () => {
    const big = await post(f.server.url, '{"jsonrpc":"2.0","method":"tables","id":12345678901234567890}');
    expect(big.text).toBe('{"jsonrpc":"2.0","id":12345678901234567890,"result":["albums","tracks"]}');
    const err = await post(f.server.url, '{"jsonrpc":"2.0","method":"nope","id":-123456789012345678901234567890}');
    expect(err.text).toMatch(/^\{"jsonrpc":"2\.0","id":-123456789012345678901234567890,"error":\{"code":-32601/);
    const invalid = await post(f.server.url, '{"jsonrpc":"1.0","method":"tables","id":0.10000000000000000555}');
    expect(invalid.text).toMatch(/^\{"jsonrpc":"2\.0","id":0\.10000000000000000555,"error":\{"code":-32600/);
    // In a batch, each element keeps its own literal; an "id" nested in params is not the request's.
    const batch = await post(
      f.server.url,
      '[{"jsonrpc":"2.0","method":"kv.get","params":{"ns":"ids","key":"k","id":99999999999999999999},"id":"s"},7,{"id" : 18446744073709551615,"jsonrpc":"2.0","method":"tables"}]',
    );
    expect(batch.text).toContain('{"jsonrpc":"2.0","id":"s","result":{"value":null}}');
    expect(batch.text).toContain('{"jsonrpc":"2.0","id":18446744073709551615,"result":["albums","tracks"]}');
    expect(JSON.parse(batch.text)).toHaveLength(3);
    expect(((await rpc('{"jsonrpc":"2.0","method":"tables","id":9007199254740991}')) as { id: unknown }).id).toBe(9007199254740991);
  });

  it('a notification gets no response (204), even when it fails', async () => {
    expect(await rpc('{"jsonrpc":"2.0","method":"kv.put","params":{"ns":"n1","key":"a","value":"b"}}')).toBe('no content');
    expect(await rpc('{"jsonrpc":"2.0","method":"nope"}')).toBe('no content');
    expect(new TextDecoder().decode(f.db.kv('n1').get('a'))).toBe('b');
  });

  it('int64 params: beyond 2^53 as a raw number is refused (-32602), as $bigint is exact', async () => {
    const raw = (await rpc('{"jsonrpc":"2.0","method":"insert","params":{"table":"albums","rows":[{"id":9007199254740993,"title":"x"}]},"id":1}')) as { error: { code: number; message: string } };
    expect(raw.error.code).toBe(-32602);
    expect(raw.error.message).toContain('$bigint');
    expect(f.db.table('albums').get([9007199254740992n])).toBeUndefined();
    const ok = (await rpc('{"jsonrpc":"2.0","method":"insert","params":{"table":"albums","rows":[{"id":{"$bigint":"9007199254740993"},"title":"x"}]},"id":1}')) as { result: { count: number } };
    expect(ok.result.count).toBe(1);
    expect(f.db.table('albums').get([9007199254740993n])?.title).toBe('x');
    const out = (await rpc('{"jsonrpc":"2.0","method":"query","params":{"lang":"prql","text":"from albums | filter title == \\"x\\" | select {id}"},"id":2}')) as { result: { rows: unknown[][] } };
    expect(out.result.rows).toEqual([['9007199254740993']]);
    const huge = (await rpc('{"jsonrpc":"2.0","method":"insert","params":{"table":"albums","rows":[{"id":"99999999999999999999","title":"x"}]},"id":1}')) as { error: { code: number } };
    expect(huge.error.code).toBe(-32602);
    const inf = (await rpc('{"jsonrpc":"2.0","method":"insert","params":{"table":"albums","rows":[{"id":1e400,"title":"x"}]},"id":1}')) as { error: { code: number } };
    expect(inf.error.code).toBe(-32602);
  });

  it('wrong JSON types for a column are a storage TYPE_MISMATCH application error, nothing written', async () => {
    const r = (await rpc('{"jsonrpc":"2.0","method":"insert","params":{"table":"albums","rows":[{"id":77,"title":5}]},"id":1}')) as { error: { code: number; data: { code: string } } };
    expect(r.error.code).toBe(1);
    expect(r.error.data.code).toBe('TYPE_MISMATCH');
    expect(f.db.table('albums').get([77n])).toBeUndefined();
  });
});

describe('batches over HTTP', () => {
  it('an empty batch is one -32600 error', async () => {
    const r = (await rpc('[]')) as { error: { code: number } };
    expect(r.error.code).toBe(-32600);
  });

  it('invalid entries answer -32600 each; order and ids kept; notifications omitted', async () => {
    const r = (await rpc('[1, {"jsonrpc":"2.0","method":"tables","id":"a"}, {"jsonrpc":"2.0","method":"tables"}, {"jsonrpc":"2.0","method":"nope","id":3}]')) as { id: unknown; error?: { code: number }; result?: unknown }[];
    expect(r.map((x) => x.id)).toEqual([null, 'a', 3]);
    expect(r[0]?.error?.code).toBe(-32600);
    expect(r[1]?.result).toEqual(expect.arrayContaining(['albums', 'tracks']));
    expect(r[2]?.error?.code).toBe(-32601);
  });

  it('a batch of notifications only is answered with nothing', async () => {
    expect(await rpc('[{"jsonrpc":"2.0","method":"kv.put","params":{"ns":"n2","key":"a","value":"1"}},{"jsonrpc":"2.0","method":"kv.put","params":{"ns":"n2","key":"b","value":"2"}}]')).toBe('no content');
    expect(f.db.kv('n2').range().length).toBe(2);
  });
});

describe('HTTP routes', () => {
  it('/rpc works like /, GET / is 405, other paths 404, /health is JSON', async () => {
    const r = await fetch(`${f.server.url}/rpc`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0","method":"tables","id":1}' });
    expect(((await r.json()) as { result: string[] }).result).toContain('tracks');
    expect((await fetch(`${f.server.url}/`)).status).toBe(405);
    expect((await fetch(`${f.server.url}/nope`, { method: 'POST', body: '{}' })).status).toBe(404);
    const h = (await (await fetch(`${f.server.url}/health`)).json()) as { status: string; auth: string };
    expect(h).toMatchObject({ status: 'ok', auth: 'open' });
  });
});

describe('raw WebSocket frames', () => {
  function open(): Promise<{ ws: WebSocket; next: () => Promise<string> }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(f.server.wsUrl);
      const queue: string[] = [];
      const waiters: ((s: string) => void)[] = [];
      ws.on('message', (d) => {
        const s = d.toString();
        const w = waiters.shift();
        if (w !== undefined) w(s);
        else queue.push(s);
      });
      ws.once('open', () => resolve({ ws, next: () => (queue.length > 0 ? Promise.resolve(queue.shift() as string) : new Promise((r) => waiters.push(r))) }));
      ws.once('error', reject);
    });
  }

  it('answers parse errors, batches and ids like HTTP; a notification gets nothing back', async () => {
    const { ws, next } = await open();
    ws.send('{bad');
    expect(JSON.parse(await next())).toMatchObject({ id: null, error: { code: -32700 } });
    ws.send('{"jsonrpc":"2.0","method":"kv.put","params":{"ns":"n3","key":"a","value":"1"}}');
    ws.send('[{"jsonrpc":"2.0","method":"tables","id":"x"},{"jsonrpc":"2.0","method":"kv.get","params":{"ns":"n3","key":"a"},"id":2}]');
    const batch = JSON.parse(await next()) as { id: unknown; result: unknown }[];
    expect(batch.map((b) => b.id)).toEqual(['x', 2]);
    expect(batch[1]?.result).toEqual({ value: '1' });
    ws.close();
  });
});
