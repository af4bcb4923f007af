import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBatutaSession } from '../../../engine/batuta-session.js';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { openFixture, type Fixture } from './session-fixture.js';

// `rows` and `first-row` turn rows into maps keyed by column name. A join
// whose inputs share a column name (artists.name, tracks.name) must not let
// one value overwrite the other: such columns are keyed by their qualified
// name, and columns that cannot be told apart are an error, not lost data.
let fx: Fixture;
beforeAll(() => {
  fx = openFixture();
});
afterAll(() => fx.cleanup());

async function edn(text: string): Promise<string> {
  const s = openBatutaSession(fx.db);
  try {
    const o = await s.evaluate(text);
    return o.kind === 'value' ? o.edn : `relation`;
  } finally {
    s.close();
  }
}

const joined = '(|> (join (from :tracks) (from :artists) :on (= :tracks/track_id :artists/artist_id)) (where (= :track_id 3)))';
const row = '{:track_id 3, :tracks/name "Fast As a Shark", :album_id 3, :milliseconds 230619, :unit_price 0.99, :composer "Dirkschneider", :artist_id 3, :artists/name "Nobody"}';

describe('rows of a relation with repeated column names', () => {
  it('keys repeated names by their qualified name, others plainly', async () => {
    expect(await edn(`(first-row ${joined})`)).toBe(row);
    expect(await edn(`(rows ${joined})`)).toBe(`[${row}]`);
  });

  it('keys by the alias when the inputs have aliases', async () => {
    expect(await edn('(first-row (|> (join (from :albums :as :a) (from :albums :as :b) :on (= :a/album_id :b/album_id)) (where (= :a/album_id 2))))')).toBe(
      '{:a/album_id 2, :a/title "Balls to the Wall", :a/artist_id 2, :b/album_id 2, :b/title "Balls to the Wall", :b/artist_id 2}',
    );
  });

  it('refuses columns that share both name and qualifier instead of dropping one', async () => {
    const e = await edn('(rows (join (from :artists) (from :artists) :on (= 1 1)))').then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(PyralogError);
    expect((e as PyralogError).code).toBe('BATUTA_EVAL_ERROR');
    expect((e as PyralogError).message).toContain(':artists/artist_id');
    expect((e as PyralogError).render()).toContain('1 | (rows (join (from :artists) (from :artists) :on (= 1 1)))\n  | ^^^^^^');
  });

  it('keeps plain keys when names do not repeat', async () => {
    expect(await edn('(first-row (select (where (from :artists) (= :artist_id 1)) [:artist_id :name]))')).toBe('{:artist_id 1, :name "AC/DC"}');
  });
});

describe('forms that add named columns refuse a name the output already has (as select and derive do)', () => {
  const compileError = async (text: string): Promise<string> => {
    const e = await edn(text).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(PyralogError);
    expect((e as PyralogError).code).toBe('BATUTA_COMPILE_ERROR');
    return (e as PyralogError).render();
  };

  it('group-by: an aggregate named like a key, or a key given twice', async () => {
    expect(await compileError('(rows (group-by (from :artists) [:name] {:name (count)}))')).toContain('1 | (rows (group-by (from :artists) [:name] {:name (count)}))\n  |                                          ^^^^^\n');
    expect(await compileError('(rows (group-by (from :artists) [:name :name] {:n (count)}))')).toMatch(/group-by names the column :name twice/);
  });

  it('window: a window column named like an input column', async () => {
    expect(await compileError('(rows (window (from :artists) {} {:name (row-number)}))')).toContain('window adds columns, and the input already has :name');
  });

  it('distinct names still work', async () => {
    expect(await edn('(rows (order-by (group-by (from :albums) [:artist_id] {:n (count)}) :artist_id))')).toBe('[{:artist_id 1, :n 1} {:artist_id 2, :n 2}]');
    expect(await edn('(first-row (window (from :artists) {} {:pos (row-number)}))')).toBe('{:artist_id 1, :name "AC/DC", :pos 1}');
  });
});
