/**
 * Deeply nested request text is refused before parsing (docs/graphql.md
 * "Limits"): selections, lists and `_not` chains thousands deep come back as
 * QUERY_TOO_DEEP at the bracket past the cap, not as a stack overflow;
 * brackets inside strings and comments do not count, and nesting within the
 * cap runs normally.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, runGraphql, type Database } from '../../src/index.js';
import { MAX_GRAPHQL_NESTING } from '../../src/lang/graphql/text-depth.js';

let db: Database;
beforeAll(() => {
  db = open(':memory:');
  db.createTable('t', [{ name: 'id', type: 'int64' }, { name: 'name', type: 'utf8' }], ['id']);
  db.table('t').insert([{ id: 1n, name: 'a{[(' }, { id: 2n, name: 'b' }]);
});
afterAll(() => db.close());

/** The offset of the (cap+1)-th opening bracket of `text`, as line/column (1-based). */
function pastCap(text: string): { line: number; column: number } {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') depth--;
    if (depth > MAX_GRAPHQL_NESTING) {
      const before = text.slice(0, i).split('\n');
      return { line: before.length, column: (before.at(-1) ?? '').length + 1 };
    }
  }
  throw new Error('text within the cap');
}

describe('bracket nesting past the cap', () => {
  const cases: [string, string][] = [
    ['selections 8,000 deep', `${'{a'.repeat(8000)}${'}'.repeat(8000)}`],
    ['an _in list nested 5,000 deep', `{ t(where: {id: {_in: ${'['.repeat(5000)}1${']'.repeat(5000)}}}) { id } }`],
    ['_not 3,000 deep, over two lines', `{ t(where:\n${'{_not: '.repeat(3000)}{id: {_eq: 1}}${'}'.repeat(3000)}) { id } }`],
  ];
  for (const [name, query] of cases) {
    it(`refuses ${name} with QUERY_TOO_DEEP at the bracket past the cap`, async () => {
      const res = await runGraphql(db, { query });
      expect(res.data).toBeUndefined();
      expect(res.errors).toHaveLength(1);
      const e = res.errors?.[0];
      expect(e?.extensions['code']).toBe('QUERY_TOO_DEEP');
      expect(e?.message).toBe(`brackets are nested deeper than ${MAX_GRAPHQL_NESTING} levels, the limit`);
      expect(e?.locations).toEqual([pastCap(query)]);
    });
  }
});

describe('within the cap', () => {
  it('runs a 40-deep _not chain (an even number of nots keeps the rows)', async () => {
    const query = `{ t(where: ${'{_not: '.repeat(40)}{id: {_eq: 1}}${'}'.repeat(40)}) { id } }`;
    expect(await runGraphql(db, { query })).toEqual({ data: { t: [{ id: 1 }] } });
  });

  it('does not count brackets inside strings, block strings and comments', async () => {
    const deep = '{'.repeat(200);
    const query = `# ${deep}\n{ t(where: {name: {_neq: "${deep}\\"["}}, order_by: {id: asc}) { id } t2: t(where: {name: {_eq: """${deep}"""}}) { id } }`;
    expect(await runGraphql(db, { query })).toEqual({ data: { t: [{ id: 1 }, { id: 2 }], t2: [] } });
  });
});
