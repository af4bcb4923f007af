/**
 * User regular expressions (`~=`, std.regex_search) run on RE2: catastrophic
 * patterns finish on long text, results match the JS engine where the two
 * agree, and what RE2 cannot do (backreferences, lookaround) is a clear
 * INVALID_ARGUMENT naming the pattern.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, type Database } from '../../src/engine/database.js';
import { PyralogError } from '../../src/errors/pyralog-error.js';

let db: Database;

beforeAll(() => {
  db = open(':memory:');
  db.createTable('s', [{ name: 'id', type: 'int64' }, { name: 'txt', type: 'utf8' }], ['id']);
  db.table('s').insert([
    { id: 1n, txt: 'aaaa' },
    { id: 2n, txt: `${'a'.repeat(20_000)}!` },
    { id: 3n, txt: 'Grüße, 2024-01-31' },
    { id: 4n, txt: 'b' },
  ]);
});

afterAll(() => db.close());

const ids = (q: string): unknown[] => db.querySync('prql', q).arrays().map((r) => r[0]);

describe('regular expressions in linear time', () => {
  it('a catastrophic pattern on a 20,000-character row gives the right answer', () => {
    // With a backtracking engine `^(a+)+$` on a…a! takes 2^n steps: the query would never end.
    expect(ids('from s | filter txt ~= "^(a+)+$" | sort id | select {id}')).toEqual([1n]);
    expect(ids('from s | filter txt ~= "(a|aa)*b" | sort id | select {id}')).toEqual([4n]);
  });

  it('classes, anchors, unicode and alternation behave like the JS engine on the same rows', () => {
    const rows = db.querySync('prql', 'from s | sort id | select {txt}').arrays().map((r) => r[0] as string);
    for (const pattern of ['^a+$', '\\d{4}-\\d{2}', 'ü', '^(b|Gr)', '[[:alpha:]]+!$', '(?i)GRÜSSE|GRÜßE']) {
      const js = new RegExp(pattern.replace('[[:alpha:]]', '[A-Za-z]').replace('(?i)', ''), pattern.startsWith('(?i)') ? 'iu' : 'u');
      const expected = rows.map((t, i) => (js.test(t) ? BigInt(i + 1) : null)).filter((x) => x !== null);
      expect(ids(`from s | filter txt ~= "${pattern.replace(/\\/g, '\\\\')}" | sort id | select {id}`), pattern).toEqual(expected);
    }
  });

  it('a backreference or lookaround is INVALID_ARGUMENT naming the pattern', () => {
    for (const pattern of ['(a)\\\\1', 'a(?=b)', '(?<!x)a']) {
      let err: unknown;
      try {
        db.querySync('prql', `from s | filter txt ~= "${pattern}"`);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(PyralogError);
      expect((err as PyralogError).code).toBe('INVALID_ARGUMENT');
      expect((err as PyralogError).message).toBe(`invalid regular expression '${pattern.replace('\\\\', '\\')}': backreferences and lookaround are not supported`);
    }
  });

  it('a malformed pattern is INVALID_ARGUMENT with RE2 reason', () => {
    let err: unknown;
    try {
      db.querySync('prql', 'from s | filter txt ~= "a("');
    } catch (e) {
      err = e;
    }
    expect((err as PyralogError).code).toBe('INVALID_ARGUMENT');
    expect((err as PyralogError).message).toMatch(/^invalid regular expression 'a\(': .*missing/);
  });
});
