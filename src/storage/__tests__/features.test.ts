import { makeData, makeVector, RecordBatch, Int32, Int64, Utf8, type Vector } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, cleanup, open, rowsOf, scanAll, tempDir } from './helpers.js';
import { openStore, type Snapshot, type TableDef } from '../index.js';

afterAll(cleanup);

const kv2: TableDef = {
  name: 't',
  fields: [
    { name: 'k', type: 'int64', nullable: false },
    { name: 'v', type: 'int64', nullable: true },
  ],
  primaryKey: ['k'],
};

function vec(data: unknown): Vector {
  return makeVector(data as never) as Vector;
}

function intBatch(keys: number[], values: (n: number) => number = (n) => n * 10): RecordBatch {
  return new RecordBatch({
    k: vec(makeData({ type: new Int64(), length: keys.length, nullCount: 0, data: BigInt64Array.from(keys.map(BigInt)) })),
    v: vec(makeData({ type: new Int64(), length: keys.length, nullCount: 0, data: BigInt64Array.from(keys.map((k) => BigInt(values(k)))) })),
  } as never) as RecordBatch;
}

function counters(snap: Snapshot): { segmentsRead: number; segmentsSkipped: number } {
  return (snap as unknown as { counters: { segmentsRead: number; segmentsSkipped: number } }).counters;
}

describe.each(BACKENDS)('storage features (%s)', (kind) => {
  it('zone maps skip segments, and a skipped newer segment still hides older versions', () => {
    const store = open(kind, { segmentRows: 100 });
    store.createTable(kv2);
    store.write((tx) => tx.table('t').appendBatch(intBatch(Array.from({ length: 1000 }, (_, i) => i))));
    store.compact();
    let snap = store.snapshot();
    const got = rowsOf(snap.scan('t', { predicates: [{ column: 'k', op: '>=', value: 950n }] }));
    expect(counters(snap)).toEqual({ segmentsRead: 1, segmentsSkipped: 9 });
    expect(got.length).toBe(100);
    expect(got[0]).toEqual({ k: 900n, v: 9000n });
    snap.close();
    // Key 5 had v=50 (old segment); it is updated to v=-1 in a newer segment.
    store.write((tx) => tx.table('t').upsert([{ k: 5n, v: -1n }]));
    store.flush();
    snap = store.snapshot();
    const low = rowsOf(snap.scan('t', { predicates: [{ column: 'v', op: '>', value: 0n }, { column: 'v', op: '<', value: 100n }] }));
    expect(low.find((r) => r.k === 5n)).toEqual(undefined);
    // Predicates only skip segments: the first segment is read whole, minus the key its newer version hides.
    expect(low.map((r) => r.k)).toEqual(Array.from({ length: 100 }, (_, i) => BigInt(i)).filter((k) => k !== 5n));
    expect(counters(snap).segmentsRead).toBe(1);
    snap.close();
    store.close();
  });

  it('snapshots stay consistent while writers commit, flush and compact', () => {
    const store = open(kind, { segmentRows: 50 });
    store.createTable(kv2);
    store.write((tx) => tx.table('t').upsert(Array.from({ length: 200 }, (_, i) => ({ k: BigInt(i), v: 1n }))));
    store.flush();
    const snap = store.snapshot();
    const batches = [...snap.scan('t', { batchSize: 30 })];
    store.write((tx) => {
      tx.table('t').upsert(Array.from({ length: 200 }, (_, i) => ({ k: BigInt(i), v: 2n })));
      tx.table('t').delete([[0n], [1n]]);
    });
    store.flush();
    store.compact();
    expect(rowsOf(snap.scan('t')).every((r) => r.v === 1n)).toBe(true);
    expect(rowsOf(batches).length).toBe(200);
    expect(rowsOf(batches).every((r) => r.v === 1n)).toBe(true);
    expect(snap.get('t', [0n])).toEqual({ k: 0n, v: 1n });
    snap.close();
    const now = scanAll(store, 't');
    expect(now.length).toBe(198);
    expect(now.every((r) => r.v === 2n)).toBe(true);
    store.close();
  });

  it('key-value namespaces commit atomically with table writes', () => {
    const store = open(kind);
    store.createTable(kv2);
    store.write((tx) => {
      tx.kv('coins').put('a', 'one');
      tx.kv('coins').put(Uint8Array.of(0, 1), Uint8Array.of(9));
      tx.kv('other').put('a', 'elsewhere');
      tx.table('t').insert([{ k: 1n, v: 1n }]);
      expect(new TextDecoder().decode(tx.kv('coins').get('a'))).toBe('one');
      expect(tx.get('t', [1n])).toEqual({ k: 1n, v: 1n });
    });
    expect(() =>
      store.write((tx) => {
        tx.kv('coins').put('b', 'two');
        tx.kv('coins').delete('a');
        tx.table('t').insert([{ k: 2n, v: 2n }]);
        tx.table('t').insert([{ k: 1n, v: 9n }]); // DUPLICATE_KEY aborts everything
      }),
    ).toThrow(expect.objectContaining({ code: 'DUPLICATE_KEY' }));
    const snap = store.snapshot();
    const coins = snap.kv('coins');
    expect([...coins.range()].map((e) => Buffer.from(e.key).toString('hex'))).toEqual(['0001', '61']);
    expect(coins.get('b')).toBeUndefined();
    expect([...coins.range({ reverse: true, limit: 1 })].map((e) => Buffer.from(e.key).toString())).toEqual(['a']);
    expect([...coins.range({ start: 'a' })].length).toBe(1);
    expect([...coins.range({ reverse: true })].map((e) => Buffer.from(e.key).toString('hex'))).toEqual(['61', '0001']);
    expect([...coins.range({ reverse: true, end: 'a' })].map((e) => Buffer.from(e.key).toString('hex'))).toEqual(['0001']);
    expect([...coins.range({ reverse: true, start: 'a' })].map((e) => Buffer.from(e.key).toString('hex'))).toEqual(['61']);
    expect(new TextDecoder().decode(snap.kv('other').get('a'))).toBe('elsewhere');
    expect(rowsOf(snap.scan('t'))).toEqual([{ k: 1n, v: 1n }]);
    snap.close();
    store.close();
  });

  it('reads old data through schema migrations (add, rename, widen, drop) without rewriting it', () => {
    const store = open(kind);
    store.createTable({ name: 'p', fields: [{ name: 'id', type: 'int64', nullable: false }, { name: 'qty', type: 'int64', nullable: true }, { name: 'note', type: 'utf8', nullable: true }], primaryKey: ['id'] });
    store.write((tx) => tx.table('p').insert([{ id: 1n, qty: 10n, note: 'a' }, { id: 2n, qty: null, note: 'b' }]));
    store.flush(); // segment under version 1
    store.write((tx) => tx.table('p').insert([{ id: 3n, qty: 30n, note: 'c' }])); // memtable, version 1
    expect(store.alterTable('p', { kind: 'add_column', field: { name: 'flag', type: 'bool', nullable: false }, default: true }).version).toBe(2);
    store.alterTable('p', { kind: 'rename_column', from: 'qty', to: 'quantity' });
    store.alterTable('p', { kind: 'widen_column', name: 'quantity', to: 'float64' });
    const info = store.alterTable('p', { kind: 'drop_column', name: 'note' });
    expect(info.version).toBe(5);
    expect(info.fields.map((f) => `${f.name}:${f.type}`)).toEqual(['id:int64', 'quantity:float64', 'flag:bool']);
    store.write((tx) => tx.table('p').insert([{ id: 4n, quantity: 4.5, flag: false }]));
    store.write((tx) => tx.table('p').insert([{ id: 5n }])); // flag left out: its default
    expect(store.snapshot().get('p', [5n])).toEqual({ id: 5n, quantity: null, flag: true });
    store.write((tx) => tx.table('p').delete([[5n]]));
    const expected = [
      { id: 1n, quantity: 10, flag: true },
      { id: 2n, quantity: null, flag: true },
      { id: 3n, quantity: 30, flag: true },
      { id: 4n, quantity: 4.5, flag: false },
    ];
    expect(scanAll(store, 'p')).toEqual(expected);
    const snap = store.snapshot();
    expect(snap.get('p', [1n])).toEqual(expected[0]);
    expect(snap.get('p', [3n])).toEqual(expected[2]);
    expect(snap.stats('p').columns['quantity']).toMatchObject({ min: 4.5, max: 30, nullCount: 1 });
    expect(rowsOf(snap.scan('p', { predicates: [{ column: 'quantity', op: '>', value: 20 }] })).map((r) => r.id)).toContain(3n);
    snap.close();
    store.alterTable('p', { kind: 'widen_column', name: 'flag', to: 'utf8' });
    expect(scanAll(store, 'p', { columns: ['flag'] })).toEqual([{ flag: 'true' }, { flag: 'true' }, { flag: 'true' }, { flag: 'false' }]);
    store.compact();
    expect(scanAll(store, 'p', { columns: ['id', 'flag'] }).map((r) => r.flag)).toEqual(['true', 'true', 'true', 'false']);
    expect(() => store.alterTable('p', { kind: 'drop_column', name: 'id' })).toThrow(expect.objectContaining({ code: 'INVALID_ALTER' }));
    expect(() => store.alterTable('p', { kind: 'widen_column', name: 'quantity', to: 'int64' })).toThrow(expect.objectContaining({ code: 'INVALID_ALTER' }));
    expect(() => store.alterTable('p', { kind: 'rename_column', from: 'nope', to: 'x' })).toThrow(expect.objectContaining({ code: 'UNKNOWN_COLUMN' }));
    store.close();
  });

  it('reports stable error codes and writes nothing of a failed transaction', () => {
    const store = open(kind);
    store.createTable(kv2);
    const code = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (e) {
        return (e as { code?: string }).code;
      }
      return undefined;
    };
    expect(code(() => store.createTable(kv2))).toBe('TABLE_EXISTS');
    expect(code(() => store.createTable({ name: 'x', fields: [{ name: 'a', type: 'int64', nullable: false }, { name: 'a', type: 'utf8', nullable: true }], primaryKey: [] }))).toBe('INVALID_SCHEMA');
    expect(code(() => store.createTable({ name: 'x', fields: [{ name: 'a', type: 'int64', nullable: false }], primaryKey: ['b'] }))).toBe('INVALID_SCHEMA');
    expect(code(() => store.createTable({ name: 'x', fields: [{ name: 'a', type: 'interval', nullable: false }], primaryKey: [] }))).toBe('INVALID_SCHEMA');
    expect(code(() => store.tableInfo('nope'))).toBe('UNKNOWN_TABLE');
    expect(code(() => store.dropTable('nope'))).toBe('UNKNOWN_TABLE');
    const attempt = (fn: (tx: Parameters<Parameters<typeof store.write>[0]>[0]) => void): string | undefined =>
      code(() =>
        store.write((tx) => {
          tx.table('t').insert([{ k: 100n, v: 1n }]);
          tx.kv('ns').put('x', 'y');
          fn(tx);
        }),
      );
    expect(attempt((tx) => tx.table('nope').insert([]))).toBe('UNKNOWN_TABLE');
    expect(attempt((tx) => tx.table('t').insert([{ k: 'one' }]))).toBe('TYPE_MISMATCH');
    expect(attempt((tx) => tx.table('t').insert([{ k: 1n, v: 1.5 }]))).toBe('TYPE_MISMATCH');
    expect(attempt((tx) => tx.table('t').insert([{ v: 1n }]))).toBe('MISSING_KEY');
    expect(attempt((tx) => tx.table('t').insert([{ k: 1n, w: 1n }]))).toBe('UNKNOWN_COLUMN');
    expect(attempt((tx) => tx.table('t').insert([{ k: 1n }, { k: 1n }]))).toBe('DUPLICATE_KEY');
    expect(attempt((tx) => tx.table('t').delete([[1n, 2n]]))).toBe('MISSING_KEY');
    expect(attempt((tx) => tx.table('t').appendBatch(new RecordBatch({ k: vec(makeData({ type: new Int32(), length: 1, nullCount: 0, data: Int32Array.of(1) })) } as never) as RecordBatch))).toBe('TYPE_MISMATCH');
    expect(attempt((tx) => tx.table('t').appendBatch(new RecordBatch({ v: vec(makeData({ type: new Int64(), length: 1, nullCount: 0, data: BigInt64Array.of(1n) })) } as never) as RecordBatch))).toBe('MISSING_KEY');
    store.createTable({ name: 'nn', fields: [{ name: 'a', type: 'utf8', nullable: false }], primaryKey: [] });
    expect(attempt((tx) => tx.table('nn').insert([{ a: null }]))).toBe('NOT_NULL_VIOLATION');
    expect(attempt((tx) => tx.table('nn').appendBatch(new RecordBatch({ a: vec(makeData({ type: new Utf8(), length: 1, nullCount: 1, nullBitmap: Uint8Array.of(0), data: new Uint8Array(0), valueOffsets: Int32Array.of(0, 0) })) } as never) as RecordBatch))).toBe('NOT_NULL_VIOLATION');
    // Keys past LMDB's 1,978 bytes: a clear KEY_TOO_LARGE on every write path, never lmdb-js's raw error.
    store.createTable({ name: 'u', fields: [{ name: 'id', type: 'utf8', nullable: false }], primaryKey: ['id'] });
    const long = 'x'.repeat(3000);
    const utf8Batch = (text: string): RecordBatch => {
      const bytes = new TextEncoder().encode(text);
      return new RecordBatch({ id: vec(makeData({ type: new Utf8(), length: 1, nullCount: 0, data: bytes, valueOffsets: Int32Array.of(0, bytes.length) })) } as never) as RecordBatch;
    };
    expect(attempt((tx) => tx.table('u').insert([{ id: long }]))).toBe('KEY_TOO_LARGE');
    expect(attempt((tx) => tx.table('u').upsert([{ id: long }]))).toBe('KEY_TOO_LARGE');
    expect(attempt((tx) => tx.table('u').appendBatch(utf8Batch(long)))).toBe('KEY_TOO_LARGE');
    expect(attempt((tx) => tx.kv('ns').put(long, 'v'))).toBe('KEY_TOO_LARGE');
    expect(scanAll(store, 'u')).toEqual([]);
    store.write((tx) => tx.table('u').appendBatch(utf8Batch('y'.repeat(1900))));
    expect(scanAll(store, 'u').map((r) => (r['id'] as string).length)).toEqual([1900]);
    expect(scanAll(store, 't')).toEqual([]);
    const snap = store.snapshot();
    expect(snap.kv('ns').get('x')).toBeUndefined();
    snap.close();
    // A key already in a segment is a duplicate too.
    store.write((tx) => tx.table('t').insert([{ k: 7n, v: 7n }]));
    store.flush();
    expect(code(() => store.write((tx) => tx.table('t').insert([{ k: 7n, v: 8n }])))).toBe('DUPLICATE_KEY');
    store.write((tx) => tx.table('t').delete([[7n]]));
    store.write((tx) => tx.table('t').insert([{ k: 7n, v: 9n }]));
    expect(scanAll(store, 't')).toEqual([{ k: 7n, v: 9n }]);
    store.close();
    expect(code(() => store.tables())).toBe('STORE_CLOSED');
  });

  it('appendBatch sorts, keeps the last row of a duplicate key, and gives hidden row ids', () => {
    const store = open(kind, { segmentRows: 500 });
    store.createTable(kv2);
    const keys = Array.from({ length: 1500 }, (_, i) => (i * 7919) % 1200);
    store.write((tx) => tx.table('t').appendBatch(intBatch(keys, (k) => k)));
    store.write((tx) => tx.table('t').appendBatch(intBatch(keys.slice(0, 1100), (k) => -k)));
    const rows = scanAll(store, 't');
    expect(rows.length).toBe(1200);
    expect(rows.map((r) => r.k)).toEqual(Array.from({ length: 1200 }, (_, i) => BigInt(i)));
    const updated = new Set(keys.slice(0, 1100));
    expect(rows.every((r) => r.v === (updated.has(Number(r.k)) ? -r.k! : r.k))).toBe(true);
    store.createTable({ name: 'h', fields: [{ name: 'k', type: 'int64', nullable: false }, { name: 'v', type: 'int64', nullable: true }], primaryKey: [] });
    store.write((tx) => tx.table('h').insert([{ k: 1n }]));
    store.write((tx) => tx.table('h').appendBatch(intBatch(Array.from({ length: 1100 }, () => 5))));
    const h = scanAll(store, 'h', { columns: ['__rowid', 'k'] });
    expect(h.length).toBe(1101);
    expect(h[0]).toEqual({ __rowid: 1n, k: 1n });
    expect(h[1100]).toEqual({ __rowid: 1101n, k: 5n });
    store.close();
  });

  it('stops at maxMapSize with MAP_FULL and stays readable and consistent', () => {
    const store = open(kind, { maxMapSize: 6 << 20, mapSize: 1 << 20 });
    store.createTable({ name: 'b', fields: [{ name: 'k', type: 'int64', nullable: false }, { name: 'blob', type: 'binary', nullable: false }], primaryKey: ['k'] });
    let written = 0;
    let error: unknown;
    try {
      for (let i = 0; i < 100; i++) {
        store.write((tx) => {
          tx.table('b').insert([{ k: BigInt(i), blob: new Uint8Array(256 * 1024).fill(i) }]);
          tx.kv('ns').put(`k${i}`, 'v');
        });
        written++;
      }
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'MAP_FULL' });
    expect(written).toBeGreaterThan(2);
    const rows = scanAll(store, 'b', { columns: ['k'] });
    expect(rows.map((r) => r.k)).toEqual(Array.from({ length: written }, (_, i) => BigInt(i)));
    const snap = store.snapshot();
    expect([...snap.kv('ns').range()].length).toBe(written);
    snap.close();
    store.write((tx) => tx.table('b').delete([[0n]]));
    expect(store.verify().errors).toEqual([]);
    store.close();
  });

  it('rejects unknown columns in scans and use of a closed snapshot', () => {
    const store = open(kind);
    store.createTable(kv2);
    const snap = store.snapshot();
    expect(() => [...snap.scan('t', { columns: ['nope'] })]).toThrow(expect.objectContaining({ code: 'UNKNOWN_COLUMN' }));
    expect(() => [...snap.scan('t', { predicates: [{ column: 'nope', op: '=', value: 1n }] })]).toThrow(expect.objectContaining({ code: 'UNKNOWN_COLUMN' }));
    expect(() => snap.get('nope', [1n])).toThrow(expect.objectContaining({ code: 'UNKNOWN_TABLE' }));
    snap.close();
    expect(() => snap.get('t', [1n])).toThrow(expect.objectContaining({ code: 'SNAPSHOT_CLOSED' }));
    store.close();
  });

  it('stats come from zone maps and the memtable', () => {
    const store = open(kind);
    store.createTable(kv2);
    store.write((tx) => tx.table('t').insert([{ k: 1n, v: 5n }, { k: 2n, v: null }, { k: 3n, v: -2n }]));
    store.flush();
    store.write((tx) => tx.table('t').insert([{ k: 10n, v: 50n }]));
    const snap = store.snapshot();
    expect(snap.stats('t')).toEqual({
      rowCount: 4,
      segmentCount: 1,
      memtableRows: 1,
      columns: { k: { min: 1n, max: 10n, nullCount: 0, distinctEstimate: 4 }, v: { min: -2n, max: 50n, nullCount: 1 } },
    });
    snap.close();
    store.close();
  });
});

describe('reopen (lmdb)', () => {
  it('keeps catalog, data, sequences, row ids and schema versions across close/open', () => {
    const dir = tempDir();
    let store = openStore(dir);
    store.createTable(kv2);
    store.createTable({ name: 'h', fields: [{ name: 'm', type: 'utf8', nullable: false }], primaryKey: [] });
    store.write((tx) => {
      tx.table('t').insert([{ k: 1n, v: 1n }]);
      tx.table('h').insert([{ m: 'a' }]);
      tx.kv('ns').put('key', 'value');
    });
    store.flush();
    store.write((tx) => tx.table('t').insert([{ k: 2n, v: 2n }]));
    store.alterTable('t', { kind: 'rename_column', from: 'v', to: 'value' });
    store.close();
    store = openStore(dir);
    expect(store.tables().map((t) => [t.name, t.version])).toEqual([['t', 2], ['h', 1]]);
    expect(scanAll(store, 't')).toEqual([{ k: 1n, value: 1n }, { k: 2n, value: 2n }]);
    store.write((tx) => tx.table('h').insert([{ m: 'b' }]));
    expect(scanAll(store, 'h', { columns: ['__rowid', 'm'] })).toEqual([{ __rowid: 1n, m: 'a' }, { __rowid: 2n, m: 'b' }]);
    const snap = store.snapshot();
    expect(new TextDecoder().decode(snap.kv('ns').get('key'))).toBe('value');
    snap.close();
    expect(store.verify()).toEqual({ segments: 2, errors: [] });
    store.close();
    const ro = openStore(dir, { readOnly: true });
    expect(scanAll(ro, 't').length).toBe(2);
    expect(() => ro.write(() => undefined)).toThrow(expect.objectContaining({ code: 'READ_ONLY' }));
    ro.close();
  });

  it('verify() detects a corrupted segment blob', () => {
    const dir = tempDir();
    const store = openStore(dir);
    store.createTable(kv2);
    store.write((tx) => tx.table('t').insert([{ k: 1n, v: 1n }]));
    store.flush();
    store.close();
    // Corrupt the first column blob directly through LMDB.
    return import('lmdb').then(({ open }) => {
      const env = open({ path: dir });
      const blobs = env.openDB({ name: 'blobs', keyEncoding: 'binary', encoding: 'binary' });
      const first = [...blobs.getRange({})][0]!;
      const bad = Buffer.from(first.value as Buffer);
      bad[bad.length - 1] = bad[bad.length - 1]! ^ 0xff;
      blobs.putSync(first.key as Buffer, bad);
      env.close();
      const again = openStore(dir);
      const result = again.verify();
      expect(result.segments).toBe(1);
      expect(result.errors).toEqual([expect.stringContaining('checksum mismatch')]);
      again.close();
    });
  });
});
