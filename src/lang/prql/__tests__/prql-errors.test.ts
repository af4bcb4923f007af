import { describe, expect, it } from 'vitest';
import { compilePrql } from '../index.js';
import { getLanguage } from '../../registry.js';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { chinookCatalog } from '../../../../test/prql/chinook-schema.js';

const catalog = chinookCatalog();

function errorOf(q: string, params?: Record<string, bigint>): PyralogError {
  try {
    compilePrql(q, catalog, params === undefined ? {} : { params });
  } catch (e) {
    if (e instanceof PyralogError) return e;
    throw e;
  }
  throw new Error(`expected ${q} to fail`);
}

describe('PRQL errors', () => {
  it('a syntax error is a parse-phase error with the compiler span and a caret', () => {
    const e = errorOf('from tracks | select {x = }');
    expect(e.code).toBe('PRQL_PARSE_ERROR');
    expect(e.phase).toBe('parse');
    expect(e.spans[0]).toMatchObject({ line: 1, column: 27, endColumn: 28 });
    expect(e.render()).toMatchInlineSnapshot(`
      "error[PRQL_PARSE_ERROR]: pipeline expected one of !, (, +, -, ->, ==, [, an identifier, keyword case or {, but found }
        --> <query>:1:27
        |
      1 | from tracks | select {x = }
        |                           ^"
    `);
  });

  it('a multi-line syntax error points at the right line', () => {
    const e = errorOf('from tracks\n| group {a} (select {b})');
    expect(e.spans[0]).toMatchObject({ line: 2, column: 1 });
    expect(e.message).toContain('unexpected |');
  });

  it('a name error from the PRQL resolver keeps its hints', () => {
    const e = errorOf('from t = tracks\njoin a = albums (==album_id)\njoin r = artists (==artist_id)');
    expect(e.code).toBe('PRQL_COMPILE_ERROR');
    expect(e.phase).toBe('lower');
    expect(e.message).toBe('Ambiguous name');
    expect(e.hints).toEqual(['could be any of: a.artist_id, t.artist_id']);
    expect(e.spans[0]).toMatchObject({ line: 3, column: 21, endColumn: 30 });
  });

  it('an unknown table names the tables there are', () => {
    const e = errorOf('from trakcs | select {name}');
    expect(e.code).toBe('PRQL_UNKNOWN_TABLE');
    expect(e.spans[0]).toMatchObject({ line: 1, column: 6, endColumn: 12 });
    expect(e.hints[0]).toContain('tracks');
    expect(e.render()).toMatchInlineSnapshot(`
      "error[PRQL_UNKNOWN_TABLE]: unknown table trakcs
        --> <query>:1:6
        |
      1 | from trakcs | select {name}
        |      ^^^^^^
        hint: tables: albums, artists, customers, employees, genres, invoice_items, invoices, media_types, playlist_track, playlists, tracks"
    `);
  });

  it('an unknown column is located in the query', () => {
    const e = errorOf('from tracks\nselect {name, lenght}');
    expect(e.code).toBe('PRQL_UNKNOWN_COLUMN');
    expect(e.spans[0]).toMatchObject({ line: 2, column: 15, endColumn: 21 });
    expect(e.sourceText).toBe('from tracks\nselect {name, lenght}');
  });

  it('s-strings (raw SQL) are refused with the span of the s-string', () => {
    const e = errorOf('from tracks | derive {x = s"UPPER({name})"}');
    expect(e.code).toBe('PRQL_UNSUPPORTED');
    expect(e.spans[0]).toMatchObject({ line: 1, column: 27 });
    expect(e.hints[0]).toContain('rewrite');
  });

  it('a relation given as an s-string is refused too', () => {
    expect(errorOf('from s"SELECT * FROM tracks"').code).toBe('PRQL_UNSUPPORTED');
  });

  it('functions outside the vocabulary are refused by name', () => {
    const e = errorOf('from tracks | derive {c = math.cos bytes}');
    expect(e.code).toBe('PRQL_UNSUPPORTED');
    expect(e.message).toContain('math.cos');
    expect(e.spans[0]).toMatchObject({ line: 1, column: 27, endColumn: 35 });
  });

  it('a parameter without a value is an error naming it', () => {
    const e = errorOf('from tracks | filter album_id == $album');
    expect(e.code).toBe('PRQL_MISSING_PARAM');
    expect(e.spans[0]).toMatchObject({ line: 1, column: 34, endColumn: 40 });
  });

  it('type errors from the IR carry the query text', () => {
    const e = errorOf('from tracks | filter name > 3');
    expect(e.code).toBe('TYPE_MISMATCH');
    expect(e.sourceText).toBe('from tracks | filter name > 3');
  });

  it('the registry finds PRQL by name and rejects unknown languages', () => {
    expect(getLanguage('PRQL').name).toBe('prql');
    try {
      getLanguage('cobol');
      expect.unreachable();
    } catch (e) {
      expect((e as PyralogError).code).toBe('UNKNOWN_LANGUAGE');
      expect((e as PyralogError).hints[0]).toContain('prql');
    }
  });
});
