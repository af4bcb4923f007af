/** Tab completion: commands and their arguments, Batuta keywords for tables and columns, PRQL words, tables, columns. */
import { describe, expect, it } from 'vitest';
import { complete, type CompletionContext } from '../completer.js';
import { prqlCompletions } from '../prql-words.js';
import type { TableSummary } from '../repl-backend.js';

const tables: TableSummary[] = [
  { name: 'tracks', primaryKey: ['track_id'], schema: { fields: [{ name: 'track_id', type: 'int64', nullable: false }, { name: 'name', type: 'utf8', nullable: true }] } },
  { name: 'track_notes', primaryKey: [], schema: { fields: [{ name: 'note', type: 'utf8', nullable: true }] } },
  { name: 'albums', primaryKey: ['album_id'], schema: { fields: [{ name: 'album_id', type: 'int64', nullable: false }, { name: 'title', type: 'utf8', nullable: true }] } },
];

const BATUTA_WORDS = ['from', 'first-row', 'filter', 'defn', 'def', 'double'];

function ctx(lang: string): CompletionContext {
  return {
    lang,
    languages: ['batuta', 'prql'],
    tables,
    words: async (prefix) => (lang === 'batuta' ? BATUTA_WORDS.filter((w) => w.startsWith(prefix)) : prqlCompletions(prefix)),
  };
}

describe('complete', () => {
  it('completes commands, and their arguments', async () => {
    expect(await complete(':sch', ctx('prql'))).toEqual([[':schema'], ':sch']);
    expect(await complete(':t', ctx('prql'))).toEqual([[':tables', ':timing'], ':t']);
    expect(await complete(':schema al', ctx('prql'))).toEqual([['albums'], 'al']);
    expect(await complete(':lang p', ctx('batuta'))).toEqual([['prql'], 'p']);
    expect(await complete(':timing o', ctx('batuta'))).toEqual([['off', 'on'], 'o']);
  });

  it('in Batuta, a keyword names tables and columns, qualified once a / is typed; a line-start `:t` offers commands first', async () => {
    expect(await complete('(from :al', ctx('batuta'))).toEqual([[':album_id', ':albums'], ':al']);
    expect(await complete('(where rel (= :tracks/n', ctx('batuta'))).toEqual([[':tracks/name'], ':tracks/n']);
    expect(await complete(':tr', ctx('batuta'))).toEqual([[':track_id', ':track_notes', ':tracks'], ':tr']);
    expect((await complete(':ta', ctx('batuta')))[0]).toEqual([':tables']);
  });

  it('in Batuta, other words come from the session (forms, functions, definitions)', async () => {
    expect(await complete('(|> (fi', ctx('batuta'))).toEqual([['filter', 'first-row'], 'fi']);
    expect(await complete('[(d', ctx('batuta'))).toEqual([['def', 'defn', 'double'], 'd']);
    expect(await complete(':explain (fr', ctx('batuta'))).toEqual([['from'], 'fr']);
  });

  it('in PRQL, words, tables and columns, and alias-qualified columns', async () => {
    expect(await complete('from tr', ctx('prql'))).toEqual([['track_id', 'track_notes', 'tracks', 'true'], 'tr']);
    expect(await complete('from tracks | ag', ctx('prql'))).toEqual([['aggregate'], 'ag']);
    expect(await complete('from t = tracks | select {t.na', ctx('prql'))).toEqual([['t.name'], 't.na']);
    expect(await complete('derive x = math.ro', ctx('prql'))).toEqual([['math.round'], 'math.ro']);
    expect(await complete('from xyz', ctx('prql'))).toEqual([[], 'xyz']);
  });
});
