import { describe, expect, it } from 'vitest';
import { compilePrql } from '../index.js';
import { printPlan } from '../../../planner/ir/index.js';
import { chinookCatalog } from '../../../../test/prql/chinook-schema.js';

const catalog = chinookCatalog();
const plan = (q: string, params?: Record<string, bigint | number | string>): string =>
  printPlan(compilePrql(q, catalog, params === undefined ? {} : { params }));
const names = (q: string): string[] => compilePrql(q, catalog).schema.fields.map((f) => f.name);

describe('PRQL lowering: printed plans', () => {
  it('from | filter | derive | select | sort | take', () => {
    expect(plan('from tracks | filter milliseconds > 100 | derive {x = bytes / 2, y = bytes // 3} | select {name, x, y} | sort {-x} | take 5')).toMatchInlineSnapshot(`
      "Project: #1 name, div(#7 bytes, 2) as x, div_int(#7 bytes, 3) as y
        Limit: 5
          Sort: div(#7 bytes, 2) desc nulls last
            Filter: gt(#6 milliseconds, 100)
              Scan: tracks [track_id, name, album_id, media_type_id, genre_id, composer, milliseconds, bytes, unit_price]"
    `);
  });
  it('group + aggregate with COALESCE for sum and an expression over aggregates', () => {
    expect(plan('from tracks | group {album_id} (aggregate {n = count this, s = sum milliseconds, m = (average bytes) + 1})')).toMatchInlineSnapshot(`
      "Project: #0 _g0 as album_id, #1 _a0 as n, coalesce(#2 _a1, 0) as s, add(#3 _a2, 1) as m
        Aggregate: by [#2 album_id as _g0] [count() as _a0, sum(#6 milliseconds) as _a1, avg(#7 bytes) as _a2]
          Scan: tracks [track_id, name, album_id, media_type_id, genre_id, composer, milliseconds, bytes, unit_price]"
    `);
  });
  it('aggregate without group', () => {
    expect(plan('from tracks | aggregate {n = count this, mx = max bytes, c = count_distinct album_id}')).toMatchInlineSnapshot(`
      "Project: #0 _a0 as n, #1 _a1 as mx, #2 _a2 as c
        Aggregate: by [] [count() as _a0, max(#7 bytes) as _a1, count_distinct(#2 album_id) as _a2]
          Scan: tracks [track_id, name, album_id, media_type_id, genre_id, composer, milliseconds, bytes, unit_price]"
    `);
  });
  it('join with aliases', () => {
    expect(plan('from t=tracks | join side:left a=albums (==album_id) | select {t.name, a.title}')).toMatchInlineSnapshot(`
      "Project: #1 name, #10 title
        Join left: eq(#2 album_id, #9 album_id)
          Scan: tracks as t [track_id, name, album_id, media_type_id, genre_id, composer, milliseconds, bytes, unit_price]
          Scan: albums as a [album_id, title, artist_id]"
    `);
  });
  it('window frames: rolling rows, ranking without frame', () => {
    expect(plan('from tracks | group {album_id} (sort {-bytes} | window rows:-2..0 (derive {r = row_number this, rs = sum bytes, l = lag 1 bytes}))')).toMatchInlineSnapshot(`
      "Project: #0 track_id, #1 name, #2 album_id, #3 media_type_id, #4 genre_id, #5 composer, #6 milliseconds, #7 bytes, #8 unit_price, #9 _w3_0 as r, #10 _w4_0 as rs, #11 _w5_0 as l
        Window: row_number() partition by [#2 album_id] order by [#7 bytes desc nulls last] as _w3_0, sum(#7 bytes) partition by [#2 album_id] order by [#7 bytes desc nulls last] rows between 2 preceding and current row as _w4_0, lag(#7 bytes, 1) partition by [#2 album_id] order by [#7 bytes desc nulls last] as _w5_0
          Scan: tracks [track_id, name, album_id, media_type_id, genre_id, composer, milliseconds, bytes, unit_price]"
    `);
  });
  it('take a range and per-group take', () => {
    expect(plan('from tracks | sort {name, track_id} | take 10..20')).toMatchInlineSnapshot(`
      "Project: #0 track_id, #1 name, #2 album_id, #3 media_type_id, #4 genre_id, #5 composer, #6 milliseconds, #7 bytes, #8 unit_price
        Limit: 11 offset 9
          Sort: #1 name asc nulls first, #0 track_id asc nulls first
            Scan: tracks [track_id, name, album_id, media_type_id, genre_id, composer, milliseconds, bytes, unit_price]"
    `);
    expect(plan('from tracks | group {album_id} (sort {-bytes} | take 2) | select {album_id, name}')).toMatchInlineSnapshot(`
      "Project: #2 album_id, #1 name
        Filter: le(#9 _row_number, 2)
          Window: row_number() partition by [#2 album_id] order by [#7 bytes desc nulls last] as _row_number
            Scan: tracks [track_id, name, album_id, media_type_id, genre_id, composer, milliseconds, bytes, unit_price]"
    `);
  });
  it('distinct as group + take 1', () => {
    expect(plan('from tracks | select {album_id, genre_id} | group {album_id, genre_id} (take 1)')).toMatchInlineSnapshot(`
      "Project: #0 album_id, #1 genre_id
        Distinct
          Project: #2 album_id, #4 genre_id
            Scan: tracks [track_id, name, album_id, media_type_id, genre_id, composer, milliseconds, bytes, unit_price]"
    `);
  });
  it('append, intersect and remove', () => {
    expect(plan('from artists | select {artist_id} | append (from albums | select {artist_id}) | remove (from genres | select {genre_id})')).toMatchInlineSnapshot(`
      "Project: #0 artist_id
        Filter: is_null(#1 genre_id)
          Join left: eq(#0 artist_id, #1 genre_id)
            SetOp: union_all
              Project: #0 artist_id
                Scan: artists [artist_id, name]
              Project: #0 artist_id
                Project: #2 artist_id
                  Scan: albums [album_id, title, artist_id]
            Project: #0 genre_id
              Scan: genres [genre_id, name]"
    `);
  });
  it('loop', () => {
    expect(plan('from [{n = 1}] | loop (filter n < 5 | select {n = n + 1})')).toMatchInlineSnapshot(`
      "Project: #0 n
        Recursive: _loop_0
          Project: #0 n
            Values: 1 row [n]
          Project: add(#0 n, 1) as n + 1
            Filter: lt(#0 n, 5)
              RecursiveRef: _loop_0"
    `);
  });
  it('expressions: case, ??, == null, in, f-string, text and math', () => {
    expect(
      plan('from tracks | select {a = case [bytes > 100 => "big", true => "small"], b = composer ?? "none", c = composer == null, d = (album_id | in [1, 2]), e = f"{name}/{bytes}", g = text.upper name, h = math.round 2 unit_price, i = (text.starts_with "A" name)}'),
    ).toMatchInlineSnapshot(`
      "Project: case(when gt(#7 bytes, 100) then 'big', else 'small') as a, coalesce(#5 composer, 'none') as b, is_null(#5 composer) as c, in(#2 album_id, [1, 2]) as d, concat(concat(#1 name, '/'), to_text(#7 bytes)) as e, upper(#1 name) as g, round(#8 unit_price, 2) as h, starts_with(#1 name, 'A') as i
        Scan: tracks [track_id, name, album_id, media_type_id, genre_id, composer, milliseconds, bytes, unit_price]"
    `);
  });
  it('parameters', () => {
    expect(plan('from tracks | filter album_id == $1 && name == $nm | select {track_id}', { '1': 5n, nm: 'x' })).toMatchInlineSnapshot(`
      "Project: #0 track_id
        Filter: and(eq(#2 album_id, $1), eq(#1 name, $nm))
          Scan: tracks [track_id, name, album_id, media_type_id, genre_id, composer, milliseconds, bytes, unit_price]"
    `);
  });
  it('let-bound relations and from_text', () => {
    expect(plan('let x = (from tracks | derive y = 1)\nfrom x | select {name, y}')).toMatchInlineSnapshot(`
      "Project: #1 name, #9 y
        Project: #0 track_id, #1 name, #2 album_id, #3 media_type_id, #4 genre_id, #5 composer, #6 milliseconds, #7 bytes, #8 unit_price, 1 as y
          Scan: tracks [track_id, name, album_id, media_type_id, genre_id, composer, milliseconds, bytes, unit_price]"
    `);
    expect(plan('from_text format:json """[{"a":1,"b":"x"},{"a":2.5,"b":null}]"""')).toMatchInlineSnapshot(`
      "Project: #0 a, #1 b
        Values: 2 rows [a, b]"
    `);
  });
});

describe('PRQL lowering: output column names follow prqlc SQL', () => {
  it('a derive after a wildcard lists the table, then the new columns', () => {
    expect(names('from artists | derive {x = artist_id + 1}')).toEqual(['artist_id', 'name', 'x']);
  });
  it('a join without select lists both tables in full', () => {
    expect(names('from a=albums | join r=artists (==artist_id)')).toEqual(['album_id', 'title', 'artist_id', 'artist_id', 'name']);
  });
  it('aliases and group keys', () => {
    expect(names('from tracks | group {album_id} (aggregate {n = count this})')).toEqual(['album_id', 'n']);
    expect(names('from tracks | select {t = name, album_id}')).toEqual(['t', 'album_id']);
  });
});
