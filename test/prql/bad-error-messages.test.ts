/**
 * The rendered message of each bad query, snapshotted (as prqlc's
 * bad_error_messages.rs): a change to any message shows in review. Queries
 * compile against the Chinook catalog; nothing runs. Each entry notes what a
 * good message must contain, which is asserted besides the snapshot.
 */
import { describe, expect, it } from 'vitest';
import { compilePrql } from '../../src/lang/prql/index.js';
import { PyralogError } from '../../src/errors/pyralog-error.js';
import { chinookCatalog } from './chinook-schema.js';

const catalog = chinookCatalog();

/** [query, code, a fragment the message or a hint must contain, whether a caret is expected] */
const BAD: readonly (readonly [string, string, string, boolean])[] = [
  ['from tracks | select {x = }', 'PRQL_PARSE_ERROR', 'but found }', true],
  ['from tracks | select {x = "abc}', 'PRQL_PARSE_ERROR', 'unterminated string', true],
  ["from tracks | select {x = 'abc}", 'PRQL_PARSE_ERROR', 'unterminated string', true],
  ['from `tracks', 'PRQL_PARSE_ERROR', 'unterminated quoted identifier', true],
  ['from tracks | selec {name}', 'PRQL_COMPILE_ERROR', 'Unknown name `selec`', true],
  ['from trakcs', 'PRQL_UNKNOWN_TABLE', 'tables: albums', true],
  ['from tracks | select {nme}', 'PRQL_UNKNOWN_COLUMN', 'nme', true],
  ['from tracks | filter name > 3', 'TYPE_MISMATCH', 'cannot compare', true],
  ['from tracks | derive {x = name + 1}', 'TYPE_MISMATCH', 'number', true],
  ['from tracks | derive {x = bytes + "a"}', 'TYPE_MISMATCH', 'number', true],
  ['from tracks | select {x = 99999999999999999999}', 'NUMERIC_OVERFLOW', 'does not fit in int64', true],
  ['from tracks | select {x = -9223372036854775809}', 'NUMERIC_OVERFLOW', '-9223372036854775809', true],
  ['from tracks | select {x = 1e400}', 'NUMERIC_OVERFLOW', 'float64', true],
  [`from tracks | select {x = ${'('.repeat(30)}bytes${')'.repeat(30)}}`, 'QUERY_TOO_DEEP', 'limit is 16', true],
  [`from tracks | select {x = ${Array.from({ length: 60 }, () => 'bytes').join(' + ')}}`, 'QUERY_TOO_DEEP', 'recursion limit', true],
  ['from tracks | derive {x = s"random()"}', 'PRQL_UNSUPPORTED', 's-strings', true],
  ['from tracks | derive {c = math.cos bytes}', 'PRQL_UNSUPPORTED', 'math.cos', true],
  ['from tracks | filter album_id == $album', 'PRQL_MISSING_PARAM', '$album', true],
  ['from tracks | aggregate {n = count this.track_id, name}', 'PRQL_NOT_AGGREGATED', 'group key', true],
  ['from `date`', 'PRQL_COMPILE_ERROR', 'default_db.`name`', false],
  ['from tracks | select {x = @2020-13-45}', 'PRQL_INVALID_LITERAL', '2020-13-45', true],
  // type errors RQ gives no position for: located at the other operand or at the transform's keyword
  ['from tracks | derive {x = (name | text.length) + "a"}', 'TYPE_MISMATCH', 'number', true],
  ['from tracks | filter name', 'TYPE_MISMATCH', 'must be bool', true],
  ['from customers | derive {full = first_name ++ " " ++ last_name}', 'TYPE_MISMATCH', 'f-string', true],
  ['from tracks | aggregate {s = sum name}', 'TYPE_MISMATCH', 'number', true],
  ['from tracks | sort name | derive {l = lag 1 name} | filter l > 3', 'TYPE_MISMATCH', 'cannot compare', true],
  ['from tracks | filter (name | in [1, 2])', 'TYPE_MISMATCH', 'IN list', true],
  ['from tracks | append albums', 'SCHEMA_MISMATCH', '9 and 3 columns', true],
  ['from tracks | derive {x = case [milliseconds > 1 => "a", true => 1]}', 'TYPE_MISMATCH', 'case branches', true],
  ['from invoices | sort {total, invoice_id} | window range:0..1 (derive {s = sum total})', 'INVALID_PLAN', 'exactly one ORDER BY key', true],
];

function render(q: string): PyralogError {
  try {
    compilePrql(q, catalog, {});
  } catch (e) {
    if (e instanceof PyralogError) return e;
    throw e;
  }
  throw new Error(`expected ${q} to fail`);
}

describe('bad error messages', () => {
  it.each(BAD)('%s', (q, code, fragment, caret) => {
    const e = render(q);
    expect(e.code).toBe(code);
    expect(`${e.message}\n${e.hints.join('\n')}`).toContain(fragment);
    const text = e.render();
    expect(text).not.toMatch(/line \d+ column \d+/);
    if (caret) expect(text).toMatch(/\n\s*\|\s*\^/);
    expect(text).toMatchSnapshot();
  });
});
