/**
 * The REPL with piped input, in-process, over an LMDB database holding two
 * Chinook tables: entries run in order, results and errors (with the caret)
 * go to their streams, :quit stops, and the exit code says whether any
 * entry failed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open } from '../../engine/database.js';
import { importCsv } from '../../io/import-csv.js';
import { LocalBackend } from '../local-backend.js';
import { runRepl } from '../run-repl.js';

const CHINOOK = path.resolve(import.meta.dirname, '../../../test/data/chinook');
let tmp: string;
let dir: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-repl-script-'));
  dir = path.join(tmp, 'db');
  const db = open(dir);
  try {
    await importCsv(db.storage, path.join(CHINOOK, 'artists.csv'), { key: ['artist_id'] });
    await importCsv(db.storage, path.join(CHINOOK, 'albums.csv'), { key: ['album_id'] });
  } finally {
    db.close();
  }
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** `lang` null: the backend's default language. */
async function script(text: string, lang: string | null = 'prql'): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runRepl({
    backend: new LocalBackend(open(dir), { onOutput: (t) => (out += t) }),
    ...(lang === null ? {} : { lang }),
    input: Readable.from([text]),
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    env: { PYRALOG_HISTORY: '' },
  });
  return { code, out, err };
}

describe('piped REPL input', () => {
  it('runs PRQL paragraphs and commands in order and exits 0', async () => {
    const r = await script('from artists\nsort name\ntake 2\n\n:schema albums\n:timing on\nfrom albums | aggregate {n = count this}\n');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const out = r.out.split('\n');
    expect(out.slice(0, 7)).toEqual([
      '+-----------+--------------+',
      '| artist_id | name         |',
      '+-----------+--------------+',
      '|        43 | A Cor Do Som |',
      '|         1 | AC/DC        |',
      '+-----------+--------------+',
      '(2 rows)',
    ]);
    expect(r.out).toContain('| album_id  | int64 | no       | 1   |');
    expect(r.out).toContain('timing: on');
    expect(r.out).toMatch(/\| 347 \|\n\+-----\+\n\(1 row\)\n\(\d+\.\d ms\)\n$/);
  });

  it('prints errors with the caret, goes on, and exits 1', async () => {
    const r = await script('from artists | filter nme == 1\n\nfrom albums | take 1\n:schema nope\n');
    expect(r.code).toBe(1);
    expect(r.err).toContain('error[PRQL_UNKNOWN_COLUMN]');
    expect(r.err).toContain('1 | from artists | filter nme == 1\n  |                       ^^^');
    expect(r.err).toContain('error[UNKNOWN_TABLE]');
    expect(r.out).toContain('| For Those About To Rock We Salute You |');
  });

  it('stops at :quit', async () => {
    const r = await script('from artists | take 1\n:quit\nfrom nope\n');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('(1 row)');
  });

  it('refuses a language the database does not have, and :lang to one', async () => {
    await expect(script('from artists', 'cobol')).rejects.toMatchObject({ code: 'CLI_USAGE' });
    const r = await script(':lang cobol\n:lang\n');
    expect(r.code).toBe(1);
    expect(r.err).toContain('error[CLI_USAGE]: no language "cobol" here');
    expect(r.out).toMatch(/^language: prql \(available: .*prql.*\)\n$/);
  });

  it(':explain prints the plans, in PRQL and in Batuta, over lines', async () => {
    const prql = await script(':explain from artists |\n  filter artist_id == 3\n\n');
    expect(prql.err).toBe('');
    expect(prql.out).toContain('== rule trace ==');
    expect(prql.out).toMatch(/== physical plan ==\n.*\n *Scan: artists .*\[point_get \(3\)\]/);
    const batuta = await script(':explain (|> (from :artists)\n  (where (= :artist_id 3)))\n', 'batuta');
    expect(batuta.err).toBe('');
    expect(batuta.out).toMatch(/Scan: artists .*\[point_get \(3\)\]/);
  });

  it(':help lists every command and the input rules', async () => {
    const r = await script(':help\n');
    for (const line of [':help', ':tables', ':schema TABLE', ':explain ENTRY', ':lang LANGUAGE', ':timing on|off', ':quit']) expect(r.out).toContain(`  ${line} `);
    expect(r.out).toContain('the line ends in |');
    expect(r.out).toContain('Ctrl-D exits');
  });

  it('README-style PRQL typed in Batuta (the default) fails with a hint to switch; after :lang prql it runs', async () => {
    const r = await script('from albums | take 2\n:explain from albums | take 2\n:lang prql\nfrom albums | sort album_id | take 2 | select {album_id}\n\n(|> (from :albums) (limit 2))\n', null);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error[BATUTA_EVAL_ERROR]: from is a special form, not a value');
    const hint = 'hint: this looks like PRQL: switch with `:lang prql`, or write Batuta: (|> (from :albums) (limit 2))';
    expect(r.err.split(hint)).toHaveLength(3); // the entry and :explain
    expect(r.out).toContain('language: prql\n+----------+\n| album_id |\n+----------+\n|        1 |\n|        2 |');
    // The other way round: a Batuta form typed in PRQL.
    expect(r.err).toMatch(/error\[PRQL_[A-Z_]+\][\s\S]*hint: this looks like Batuta: switch with `:lang batuta`/);
  });

  it('a Batuta error on Batuta-looking text gets no language hint', async () => {
    const r = await script('(from albums)\n', null);
    expect(r.err).toContain('error[BATUTA_UNBOUND_SYMBOL]');
    expect(r.err).not.toContain('looks like');
  });

  it('an error inside a function from an earlier entry shows the caret under that entry', async () => {
    const r = await script('(defn g [x]\n  (if (> x 0)\n    (g (dec x))\n    (/ 1 :a)))\n(g 3)\n', null);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error[BATUTA_EVAL_ERROR]: /: expected a number, got :a\n  --> <query>:4:5\n  |\n4 |     (/ 1 :a)))\n  |     ^^^^^^^^');
  });

  it('rows of a join whose tables share a column name keep both values', async () => {
    const r = await script('(first-row (|> (join (from :albums) (from :artists) :on (= :albums/artist_id :artists/artist_id)) (where (= :album_id 1))))\n', null);
    expect(r.out.trim()).toBe('{:album_id 1, :title "For Those About To Rock We Salute You", :albums/artist_id 1, :artists/artist_id 1, :name "AC/DC"}');
  });

  it(':tables lists every table with its row count and key', async () => {
    const r = await script(':tables\n');
    expect(r.out.split('\n').slice(1, 6)).toEqual([
      '| table   | columns | rows | key       |',
      '+---------+---------+------+-----------+',
      '| albums  |       3 |  347 | album_id  |',
      '| artists |       2 |  275 | artist_id |',
      '+---------+---------+------+-----------+',
    ]);
  });

  it('Batuta is the default: forms split where they balance, defs persist, values print as EDN, println goes to stdout', async () => {
    const r = await script(
      [
        '(def n 2) ; a comment (',
        '(defn firsts [k]',
        '  (|> (from :artists)',
        '      (order-by :artist_id)',
        '      (limit k)))',
        '(firsts n)',
        '(println "hello" (+ n 40))',
        '(map inc [1 2 3])',
        '(first-row (firsts 1))',
        '(firsts "x"',
      ].join('\n'),
      null,
    );
    expect(r.out.split('\n')).toEqual([
      "#'n",
      "#'firsts",
      '+-----------+--------+',
      '| artist_id | name   |',
      '+-----------+--------+',
      '|         1 | AC/DC  |',
      '|         2 | Accept |',
      '+-----------+--------+',
      '(2 rows)',
      'hello 42',
      'nil',
      '(2 3 4)',
      '{:artist_id 1, :name "AC/DC"}',
      '',
    ]);
    expect(r.err).toContain('error[BATUTA_READ_ERROR]');
    expect(r.code).toBe(1);
  });
});
