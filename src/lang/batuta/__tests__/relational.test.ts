import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBatutaSession, type BatutaOutcome, type BatutaSession } from '../../../engine/batuta-session.js';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { openFixture, type Fixture } from './session-fixture.js';

let fx: Fixture;
let session: BatutaSession;
beforeAll(() => {
  fx = openFixture();
  session = openBatutaSession(fx.db, { onOutput: () => undefined });
});
afterAll(() => {
  session.close();
  fx.cleanup();
});

function table(o: BatutaOutcome): { columns: string[]; rows: unknown[][] } {
  if (o.kind !== 'relation') throw new Error(`expected a relation, got ${o.edn}`);
  return { columns: o.result.columns.map((c) => c.name), rows: o.result.arrays() };
}
const rel = async (text: string, params?: Record<string, unknown>): Promise<{ columns: string[]; rows: unknown[][] }> =>
  table(await session.evaluate(text, params === undefined ? {} : { params: params as never }));
const value = async (text: string): Promise<string> => {
  const o = await session.evaluate(text);
  if (o.kind !== 'value') throw new Error('expected a value');
  return o.edn;
};
async function failure(text: string): Promise<PyralogError> {
  try {
    await session.evaluate(text);
  } catch (e) {
    if (e instanceof PyralogError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('Batuta relational forms (program mode)', () => {
  it('from / where / select with lexical values and params', async () => {
    expect(await rel('(|> (from :tracks) (where (> :milliseconds 300000)) (select [:track_id :name]))')).toEqual({
      columns: ['track_id', 'name'],
      rows: [
        [1n, 'For Those'],
        [2n, 'Balls'],
      ],
    });
    expect((await rel('(def limit-ms 240000) (|> (from :tracks) (where (< :milliseconds limit-ms)) (select [:track_id]))')).rows).toEqual([[3n], [5n]]);
    expect((await rel('(|> (from :tracks) (where (= :album_id $a)) (select [:track_id]))', { a: 3n })).rows).toEqual([[3n], [4n]]);
  });

  it('user functions inline on columns (defn long-tracks)', async () => {
    await session.evaluate('(defn long-tracks [ms] (|> (from :tracks) (where (> :milliseconds ms))))');
    await session.evaluate('(defn seconds [ms] (quot ms 1000))');
    expect(await rel('(|> (long-tracks 300000) (select [:name {:secs (seconds :milliseconds)}]))')).toEqual({
      columns: ['name', 'secs'],
      rows: [
        ['For Those', 343n],
        ['Balls', 342n],
      ],
    });
  });

  it('derive, group-by with computed aggregates, order-by, limit/offset', async () => {
    expect(
      await rel('(|> (from :tracks) (group-by [:album_id] {:n (count) :total (sum :milliseconds) :avg-s (/ (sum :milliseconds) (* 1000 (count)))}) (order-by [:n :desc] :album_id) (limit 2))'),
    ).toEqual({
      columns: ['album_id', 'n', 'total', 'avg-s'],
      rows: [
        [1n, 2n, 549381n, 274.6905],
        [3n, 2n, 482670n, 241.335],
      ],
    });
    expect((await rel('(|> (from :tracks) (derive {:cents (* 100 :unit_price)}) (order-by :track_id) (offset 3) (limit 1) (select [:cents]))')).rows).toEqual([[199]]);
  });

  it('NULLs: order-by puts them last ascending; count skips them; aggregate of nothing', async () => {
    expect((await rel('(|> (from :tracks) (order-by :composer) (select [:track_id]))')).rows.map((r) => r[0])).toEqual([4n, 3n, 1n, 5n, 2n]);
    expect((await rel('(|> (from :tracks) (aggregate {:n (count) :c (count :composer) :d (count-distinct :composer)}))')).rows).toEqual([[5n, 4n, 3n]]);
    expect((await rel('(|> (from :tracks) (where false) (aggregate {:n (count) :s (sum :milliseconds)}))')).rows).toEqual([[0n, null]]);
  });

  it('joins with aliases and qualified columns; semi and anti joins', async () => {
    const q = `(|> (from :tracks :as :t)
                   (join (from :albums :as :a) :on (= :t/album_id :a/album_id))
                   (join (from :artists) :on (= :a/artist_id :artists/artist_id))
                   (where (= :artists/name "Accept"))
                   (select [:t/name :title])
                   (order-by :name))`;
    expect(await rel(q)).toEqual({ columns: ['name', 'title'], rows: [['Balls', 'Balls to the Wall'], ['Fast As a Shark', 'Restless'], ['Restless', 'Restless']] });
    expect((await rel('(|> (from :artists) (anti-join (from :albums) :on (= :artists/artist_id :albums/artist_id)) (select [:name]))')).rows).toEqual([['Nobody']]);
    expect((await rel('(|> (from :artists) (semi-join (from :albums) :on (= :artists/artist_id :albums/artist_id)) (select [:name]) (order-by :name))')).rows).toEqual([['AC/DC'], ['Accept']]);
    expect((await rel('(|> (from :artists) (left-join (from :albums) :on (= :artists/artist_id :albums/artist_id)) (where (nil? :title)) (select [:name]))')).rows).toEqual([['Nobody']]);
  });

  it('set operations and distinct', async () => {
    const a = '(|> (from :tracks) (select [:album_id]))';
    expect((await rel(`(|> (union ${a} (|> (from :albums) (select [:album_id]))) (order-by :album_id))`)).rows).toEqual([[1n], [2n], [3n]]);
    expect((await rel(`(|> (union-all ${a} ${a}) (aggregate {:n (count)}))`)).rows).toEqual([[10n]]);
    expect((await rel(`(|> (distinct ${a}) (aggregate {:n (count)}))`)).rows).toEqual([[3n]]);
    expect((await rel(`(except (|> (from :albums) (select [:album_id])) (|> (from :tracks) (where (> :album_id 1)) (select [:album_id])))`)).rows).toEqual([[1n]]);
  });

  it('window columns', async () => {
    const q = '(|> (from :tracks) (window {:partition [:album_id] :order [[:track_id :asc]]} {:rn (row-number) :running (sum :milliseconds)}) (select [:track_id :rn :running]) (order-by :track_id))';
    expect((await rel(q)).rows).toEqual([
      [1n, 1n, 343719n],
      [2n, 1n, 342562n],
      [3n, 1n, 230619n],
      [4n, 2n, 482670n],
      [5n, 2n, 549381n],
    ]);
    const framed = '(|> (from :tracks) (window {:order [:track_id] :rows [-1 0]} {:pair (sum :track_id)}) (select [:pair]) (order-by :pair))';
    expect((await rel(framed)).rows.map((r) => r[0])).toEqual([1n, 3n, 5n, 7n, 9n]);
  });

  it('rows, first-row and value flow back into ordinary code', async () => {
    expect(await value('(map :name (rows (|> (from :artists) (order-by :artist_id) (limit 2))))')).toBe('("AC/DC" "Accept")');
    expect(await value('(first-row (|> (from :artists) (where (= :artist_id 3))))')).toBe('{:artist_id 3, :name "Nobody"}');
    expect(await value('(value (|> (from :tracks) (aggregate {:n (count)})))')).toBe('5');
  });

  it('macros build queries and expand before planning', async () => {
    await session.evaluate('(defmacro by-album [rel id] `(where ~rel (= :album_id ~id)))');
    expect((await rel('(|> (from :tracks) (by-album 1) (select [:track_id]))')).rows).toEqual([[1n], [5n]]);
  });

  it('reports unknown tables and columns with a caret and a hint', async () => {
    const t = await failure('(from :trakcs)');
    expect([t.code, t.hints[0]]).toEqual(['BATUTA_UNKNOWN_TABLE', 'tables: albums, artists, tracks']);
    const c = await failure('(|> (from :tracks)\n    (where (> :milis 1)))');
    expect(c.code).toBe('BATUTA_UNKNOWN_COLUMN');
    expect(c.render()).toContain('2 |     (where (> :milis 1)))\n  |               ^^^^^^');
    const f = await failure('(|> (from :tracks) (where (println :name)))');
    expect([f.code, f.spans[0]?.column]).toEqual(['BATUTA_COMPILE_ERROR', 27]);
    const ty = await failure('(|> (from :tracks) (where (> :name 1)))');
    expect(ty.code).toBe('TYPE_MISMATCH');
  });

  it('writes: create-table!, insert!, update!, delete!, upsert!, transaction, kv', async () => {
    await session.evaluate('(create-table! :notes {:id :int64 :body :utf8 :at :timestamp} :key [:id])');
    expect(await value('(insert! :notes [{:id 1 :body "a" :at @2024-01-31T10:00:00} {:id 2 :body "b"}])')).toBe('2');
    expect(await value('(update! :notes (= :id 2) {:body (str :body "!")})')).toBe('1');
    expect(await value('(upsert! :notes [{:id 3 :body "c"}])')).toBe('1');
    expect(await value('(delete! :notes (= :id 1))')).toBe('1');
    expect(await value('(rows (|> (from :notes) (order-by :id)))')).toBe('[{:id 2, :body "b!", :at nil} {:id 3, :body "c", :at nil}]');
    const failed = await failure('(transaction (insert! :notes [{:id 9 :body "x"}]) (insert! :notes [{:id 2 :body "dup"}]))');
    expect(failed.code).toBe('DUPLICATE_KEY');
    expect(await value('(count (rows (from :notes)))')).toBe('2');
    expect(await value('(kv-put! :cfg "k" "v") (kv-get :cfg "k")')).toBe('"v"');
    await session.evaluate('(drop-table! :notes)');
    expect((await failure('(from :notes)')).code).toBe('BATUTA_UNKNOWN_TABLE');
  });

  it('select naming a column twice, and derive of a name the input has, are compile errors (a row map would lose one)', async () => {
    const twice = await failure('(|> (from :albums) (select [{:a :title} :album_id {:a :album_id}]))');
    expect([twice.code, twice.message, twice.spans[0]?.column]).toEqual(['BATUTA_COMPILE_ERROR', 'select names the column :a twice', 51]);
    const shadow = await failure('(first-row (|> (from :albums)\n  (derive {:n 1 :title 1})))');
    expect([shadow.code, shadow.message, shadow.spans[0]?.line, shadow.spans[0]?.column]).toEqual([
      'BATUTA_COMPILE_ERROR',
      'derive adds columns, and the input already has :title',
      2,
      17,
    ]);
    expect((await failure('(|> (from :albums) (offset 9223372036854775807))')).message).toBe('offset takes an integer from 0 to 9007199254740991, got 9223372036854775807');
    expect(await value('(first-row (|> (from :albums) (order-by :album_id) (select [{:title2 :title} :title]) (limit 1)))')).toMatch(/^\{:title2 "(.*)", :title "\1"\}$/);
  });

  it('update! that moves keys: a shift or a swap works; landing on another row is DUPLICATE_KEY and changes nothing', async () => {
    await session.evaluate('(create-table! :moves {:id :int64 :v :utf8} :key [:id])');
    await session.evaluate('(insert! :moves [{:id 1 :v "a"} {:id 2 :v "b"} {:id 3 :v "c"}])');
    const all = '(rows (order-by (from :moves) :id))';
    const before = await value(all);
    for (const text of ['(update! :moves true {:id 1})', '(update! :moves (= :id 1) {:id 2})', '(update! :moves (= :id 3) {:id 1 :v "lost?"})']) {
      expect((await failure(text)).code, text).toBe('DUPLICATE_KEY');
      expect(await value(all), text).toBe(before);
    }
    expect(await value('(update! :moves true {:id (+ :id 1)})')).toBe('3');
    expect(await value('(update! :moves true {:id (- 6 :id)})')).toBe('3');
    expect(await value(all)).toBe('[{:id 2, :v "c"} {:id 3, :v "b"} {:id 4, :v "a"}]');
    expect(await value('(update! :moves (= :id 2) {:v "z"})')).toBe('1');
    expect(await value(all)).toBe('[{:id 2, :v "z"} {:id 3, :v "b"} {:id 4, :v "a"}]');
    await session.evaluate('(drop-table! :moves)');
  });

  it('completes names: special forms, built-ins and session definitions', () => {
    expect(session.completions('long-')).toEqual(['long-tracks']);
    expect(session.completions('group')).toEqual(['group-by']);
    expect(session.completions('str/up')).toEqual(['str/upper', 'str/upper-case']);
  });
});

describe('Batuta as a query language (db.query / explain)', () => {
  it('compiles the last form; definitions before it are evaluated', async () => {
    const r = await fx.db.query('batuta', '(defn cheap [rel] (where rel (< :unit_price 1.0)))\n(|> (from :tracks) cheap (aggregate {:n (count)}))');
    expect(r.arrays()).toEqual([[3n]]);
  });

  it('refuses writes in compile mode', async () => {
    await expect(fx.db.query('batuta', '(insert! :artists [{:artist_id 9 :name "x"}]) (from :artists)')).rejects.toMatchObject({ code: 'BATUTA_WRITE_IN_QUERY' });
  });

  it('prints the plan of a Batuta query', () => {
    const e = fx.db.explain('batuta', '(|> (from :tracks) (where (> :milliseconds 300000)) (select [:name]))');
    expect(e.logical).toMatchInlineSnapshot(`
      "Project: #1 name
        Filter: gt(#3 milliseconds, 300000)
          Scan: tracks [track_id, name, album_id, milliseconds, unit_price, composer]"
    `);
    expect(session.explain('(|> (from :tracks) (where (> :milliseconds 300000)) (select [:name]))')).toContain('== optimized plan ==');
  });
});
