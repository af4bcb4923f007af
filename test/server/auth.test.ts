/**
 * Capability tokens end to end: a server with tokens required, and forged,
 * garbage, expired, revoked, widened and cross-table tokens tried on every
 * method — each refused, and nothing read or written. Also attenuation,
 * revocation of one attenuation, caveats (methods, read-only, max-rows, kv),
 * the root key file's permissions and the loopback-only rule.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, RpcCallError } from '../../src/client/index.js';
import { revokeIds } from '../../src/server/authenticator.js';
import { attenuateToken, mintToken, newRootKey } from '../../src/server/capability-tokens.js';
import { startServer } from '../../src/server/rpc-server.js';
import { serverConfig } from '../../src/server/server-config.js';
import { isPyralogError } from '../../src/errors/pyralog-error.js';
import { post, startFixture, type Fixture } from './server-fixture.js';

const rootKey = newRootKey();
const hex = Buffer.from(rootKey).toString('hex');
let f: Fixture;
let root: string;

beforeAll(async () => {
  f = await startFixture({ 'auth.enabled': true, 'auth.rootKey': hex });
  root = mintToken(rootKey, []).token;
});
afterAll(async () => {
  await f.stop();
});

/** Every method with params that succeed for the root token. */
const CALLS: readonly [string, Record<string, unknown>][] = [
  ['query', { lang: 'prql', text: 'from albums | select {title}' }],
  ['explain', { lang: 'prql', text: 'from albums' }],
  ['prepare', { lang: 'prql', text: 'from albums' }],
  ['execute', { handle: 'q_000000000000000000000000' }],
  ['close', { handle: 'q_000000000000000000000000' }],
  ['tables', {}],
  ['schema', { table: 'albums' }],
  ['insert', { table: 'albums', rows: [{ id: 900, title: 'new' }] }],
  ['upsert', { table: 'albums', rows: [{ id: 1, title: 'changed' }] }],
  ['delete', { table: 'albums', keys: [[2]] }],
  ['kv.get', { ns: 'secrets', key: 'k' }],
  ['kv.put', { ns: 'secrets', key: 'k2', value: 'v' }],
  ['kv.delete', { ns: 'secrets', key: 'k' }],
  ['kv.range', { ns: 'secrets' }],
  ['subscribe', { lang: 'prql', text: 'from albums' }],
  ['unsubscribe', { subscription: 's_x' }],
];

function state(): string {
  const albums = f.db.querySync('prql', 'from albums | sort id').toJSON();
  const kv = f.db.kv('secrets').range().map((e) => `${Buffer.from(e.key).toString()}=${Buffer.from(e.value).toString()}`);
  return JSON.stringify({ albums, kv });
}

async function httpCall(token: string | undefined, method: string, params: unknown): Promise<{ error?: { code: number; message: string; data?: { code: string } }; result?: unknown }> {
  const r = await post(f.server.url, JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }), token === undefined ? {} : { authorization: `Bearer ${token}` });
  return JSON.parse(r.text) as { error?: { code: number; message: string; data?: { code: string } } };
}

function tamper(token: string, from: string, to: string): string {
  const bytes = Buffer.from(token, 'base64url');
  const at = bytes.indexOf(Buffer.from(from));
  expect(at).toBeGreaterThan(0);
  Buffer.from(to).copy(bytes, at);
  return bytes.toString('base64url');
}

describe('refused tokens on every method, nothing read or written', () => {
  beforeAll(() => {
    f.db.kv('secrets').put('k', 'secret-value');
  });

  const bad: [string, () => string | undefined, string][] = [
    ['no token', () => undefined, 'AUTH_REQUIRED'],
    ['garbage', () => 'not-a-token', 'AUTH_INVALID'],
    ['forged (another root key)', () => mintToken(newRootKey(), []).token, 'AUTH_INVALID'],
    ['expired', () => mintToken(rootKey, ['expires 2020-01-01T00:00:00Z']).token, 'AUTH_EXPIRED'],
    ['widened (a caveat edited in place)', () => tamper(attenuateToken(root, ['tables zzzzzz:r']).token, 'tables zzzzzz:r', 'tables albums:rw'), 'AUTH_INVALID'],
    ['revoked', () => {
      const t = mintToken(rootKey, []);
      revokeIds(f.db, [t.id]);
      return t.token;
    }, 'AUTH_REVOKED'],
  ];
  for (const [what, make, code] of bad) {
    it(`${what}: ${code} on every method`, async () => {
      const token = make();
      const before = state();
      for (const [method, params] of CALLS) {
        const r = await httpCall(token, method, params);
        expect(r.error?.code, method).toBe(2);
        expect(r.error?.data?.code, method).toBe(code);
      }
      expect(state()).toBe(before);
    });
  }

  it('cross-table and cross-namespace tokens: refused on every method that touches albums or secrets', async () => {
    const narrow = attenuateToken(root, ['tables tracks:rw', 'kv public:rw']).token;
    const before = state();
    for (const [method, params] of CALLS) {
      const r = await httpCall(narrow, method, params);
      if (method === 'tables') {
        expect(r.result).toEqual(['tracks']);
      } else if (['execute', 'close'].includes(method)) {
        expect(r.error?.data?.code, method).toBe('UNKNOWN_HANDLE');
      } else if (['subscribe', 'unsubscribe'].includes(method)) {
        expect(r.error?.code, method).toBe(-32601); // HTTP: checked below over WebSocket
      } else {
        expect(r.error?.code, method).toBe(3);
        expect(r.error?.data?.code, method).toBe('AUTH_FORBIDDEN');
      }
    }
    expect(state()).toBe(before);
    const ws = await connect(f.server.wsUrl, { token: narrow });
    const sub = await ws.subscribe('prql', 'from albums', undefined, () => {}).catch((e: RpcCallError) => e);
    expect((sub as RpcCallError).data?.code).toBe('AUTH_FORBIDDEN');
    const ok = await ws.query('prql', 'from tracks | filter id == 1 | select {name}');
    expect(ok.rows).toEqual([['one']]);
    await ws.close();
  });

  it('a join reading a forbidden table is refused (the plan scans are checked)', async () => {
    const narrow = attenuateToken(root, ['tables tracks:r']).token;
    const r = await httpCall(narrow, 'query', { lang: 'prql', text: 'from tracks | join albums (this.album == that.id) | select {tracks.name, albums.title}' });
    expect(r.error?.data?.code).toBe('AUTH_FORBIDDEN');
  });

  it('a WebSocket with a bad token is refused at the upgrade', async () => {
    const e = await connect(f.server.wsUrl, { token: mintToken(newRootKey(), []).token }).catch((x: unknown) => x);
    expect(String((e as Error).message)).toContain('401');
    const noToken = await connect(f.server.wsUrl);
    const r = await noToken.tables().catch((x: RpcCallError) => x);
    expect((r as RpcCallError).data?.code).toBe('AUTH_REQUIRED');
    await noToken.auth(root);
    expect(await noToken.tables()).toEqual(expect.arrayContaining(['albums', 'tracks']));
    await noToken.close();
  });
});

describe('caveats and attenuation', () => {
  it('an attenuation only narrows: adding a wider grant after a narrow one grants nothing more', async () => {
    const t = attenuateToken(attenuateToken(root, ['tables tracks:r']).token, ['tables tracks:rw,albums:rw']).token;
    const c = await connect(f.server.url, { token: t });
    expect((await c.insert('tracks', [{ id: 500, name: 'x', album: 1, ms: 1 }]).catch((e: RpcCallError) => e) as RpcCallError).data?.code).toBe('AUTH_FORBIDDEN');
    expect(f.db.table('tracks').get([500n])).toBeUndefined();
    expect((await c.query('prql', 'from tracks | filter id == 2 | select {name}')).rows).toEqual([['two']]);
    await c.close();
  });

  it('methods, read-only and max-rows caveats', async () => {
    const onlyQuery = await connect(f.server.url, { token: attenuateToken(root, ['methods query']).token });
    expect((await onlyQuery.tables().catch((e: RpcCallError) => e) as RpcCallError).data?.code).toBe('AUTH_FORBIDDEN');
    const ro = await connect(f.server.url, { token: attenuateToken(root, ['read-only']).token });
    expect((await ro.kv('public').put('a', 'b').catch((e: RpcCallError) => e) as RpcCallError).data?.code).toBe('AUTH_FORBIDDEN');
    expect(f.db.kv('public').get('a')).toBeUndefined();
    const two = await connect(f.server.url, { token: attenuateToken(root, ['max-rows 2']).token });
    const big = (await two.query('prql', 'from tracks').catch((e: RpcCallError) => e)) as RpcCallError;
    expect(big.code).toBe(4);
    expect(big.data?.code).toBe('RESULT_TOO_LARGE');
    expect((await two.query('prql', 'from tracks | sort id | take 2 | select {id}')).rows).toEqual([[1], [2]]);
    const w = (await two.insert('tracks', [1, 2, 3].map((i) => ({ id: 600 + i, name: 'x', album: 1, ms: 1 }))).catch((e: RpcCallError) => e)) as RpcCallError;
    expect(w.data?.code).toBe('RESULT_TOO_LARGE');
    expect(f.db.table('tracks').get([601n])).toBeUndefined();
    await Promise.all([onlyQuery.close(), ro.close(), two.close()]);
  });

  it('a max-rows token cannot run a Batuta program (its writes and values are not counted in rows)', async () => {
    const two = attenuateToken(root, ['max-rows 2']).token;
    const program = '(insert! :tracks [{:id 701 :name "a" :album 1 :ms 1.0} {:id 702 :name "b" :album 1 :ms 1.0} {:id 703 :name "c" :album 1 :ms 1.0}])';
    const r = await httpCall(two, 'query', { lang: 'batuta', text: program });
    expect(r.error?.code).toBe(3);
    expect(r.error?.data?.code).toBe('AUTH_FORBIDDEN');
    expect(r.error?.message).toContain('2 rows per call');
    expect(f.db.table('tracks').get([701n])).toBeUndefined();
    expect((await httpCall(two, 'explain', { lang: 'batuta', text: '(from :tracks)' })).error?.data?.code).toBe('AUTH_FORBIDDEN');
  });

  it('revoking an attenuation leaves its parent working; revoking the root id ends both', async () => {
    const parent = mintToken(rootKey, []);
    const child = attenuateToken(parent.token, ['read-only']);
    revokeIds(f.db, [child.id]);
    expect((await httpCall(child.token, 'tables', {})).error?.data?.code).toBe('AUTH_REVOKED');
    expect((await httpCall(parent.token, 'tables', {})).result).toEqual(expect.arrayContaining(['tracks']));
    revokeIds(f.db, [parent.id]);
    expect((await httpCall(parent.token, 'tables', {})).error?.data?.code).toBe('AUTH_REVOKED');
  });

  it('the reserved namespace is out of reach even for the root token', async () => {
    const r = await httpCall(root, 'kv.range', { ns: '__pyralog.revoked' });
    expect(r.error?.data?.code).toBe('AUTH_FORBIDDEN');
  });

  it('a Batuta program can neither read the revocation list nor revoke a token through it', async () => {
    const victim = mintToken(rootKey, []);
    const put = await httpCall(root, 'query', { lang: 'batuta', text: `(kv-put! :__pyralog.revoked "${victim.id}" "x")` });
    expect(put.error?.data?.code).toBe('AUTH_FORBIDDEN');
    expect((await httpCall(victim.token, 'tables', {})).result).toEqual(expect.arrayContaining(['tracks']));
    const inTx = await httpCall(root, 'query', { lang: 'batuta', text: `(transaction (kv-put! :__pyralog.revoked "${victim.id}" "x"))` });
    expect(inTx.error).toBeDefined();
    expect((await httpCall(victim.token, 'tables', {})).result).toEqual(expect.arrayContaining(['tracks']));
    revokeIds(f.db, ['0123456789abcdef']);
    const get = await httpCall(root, 'query', { lang: 'batuta', text: '(kv-get :__pyralog.revoked "0123456789abcdef")' });
    expect(get.error?.data?.code).toBe('AUTH_FORBIDDEN');
    // Other namespaces still work from a program.
    expect((await httpCall(root, 'query', { lang: 'batuta', text: '(do (kv-put! :prog "k" "v") (kv-get :prog "k"))' })).result).toEqual({ value: 'v', edn: '"v"' });
  });
});

describe('bind policy and root key', () => {
  it('refuses a non-loopback bind without tokens', async () => {
    const e = await startServer({ db: f.db, config: serverConfig({ host: '0.0.0.0', port: 0 }), logger: pino({ level: 'silent' }) }).catch((x: unknown) => x);
    expect(isPyralogError(e) && e.code).toBe('SERVER_INSECURE_BIND');
  });

  it('refuses a root key file readable by others; accepts it at 0600', async () => {
    const file = path.join(f.dir, 'root.key');
    fs.writeFileSync(file, `${hex}\n`, { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const cfg = serverConfig({ port: 0, 'auth.enabled': true, 'auth.rootKeyFile': file });
    const e = await startServer({ db: f.db, config: cfg, logger: pino({ level: 'silent' }) }).catch((x: unknown) => x);
    expect(isPyralogError(e) && e.code).toBe('SERVER_CONFIG');
    fs.chmodSync(file, 0o600);
    const s = await startServer({ db: f.db, config: cfg, logger: pino({ level: 'silent' }) });
    const c = await connect(s.url, { token: root });
    expect(await c.tables()).toContain('tracks');
    await c.close();
    await s.close();
  });
});
