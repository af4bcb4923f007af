/**
 * A request's cost and row budget over Chinook (docs/graphql.md "Limits"):
 * a list without `limit` is costed by its table's row count (an array
 * relationship by the child rows per parent row), so hundreds of aliased
 * full-table lists are refused before anything runs; an explicit `limit`
 * costs no more than the table holds, the same as none; and `maxRows`
 * bounds the whole response, root fields and nested lists summed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareGraphql, runGraphql, type Database, type GraphqlLimits } from '../../src/index.js';
import { openChinookGraphql } from './chinook-graphql.js';

let db: Database;
beforeAll(async () => {
  db = await openChinookGraphql();
});
afterAll(() => db.close());

function refusal(query: string, limits?: GraphqlLimits): { code: unknown; message: string } | 'accepted' {
  const out = prepareGraphql(db, { query }, limits);
  if (!('errors' in out)) return 'accepted';
  return { code: out.errors[0]?.extensions['code'], message: out.errors[0]?.message ?? '' };
}

const aliases = (n: number, body: (i: number) => string): string => Array.from({ length: n }, (_, i) => body(i)).join(' ');

describe('cost by table rows', () => {
  it('refuses 499 aliased full-table lists up front (3,503 tracks each)', () => {
    const r = refusal(`{ ${aliases(499, (i) => `a${i}: tracks { name }`)} }`);
    expect(r).toMatchObject({ code: 'GRAPHQL_LIMIT_EXCEEDED' });
    // 499 × (1 + 3503 × 1)
    expect(r !== 'accepted' && r.message).toContain(`estimated cost is ${499 * 3504};`);
  });

  it('costs no limit and a limit past the table alike, and a smaller limit less', () => {
    for (const q of ['{ tracks { name } }', '{ tracks(limit: 1000000) { name } }']) {
      expect(refusal(q, { maxCost: 3504 })).toBe('accepted');
      expect(refusal(q, { maxCost: 3503 })).toMatchObject({ code: 'GRAPHQL_LIMIT_EXCEEDED', message: expect.stringContaining('estimated cost is 3504;') });
    }
    expect(refusal('{ tracks(limit: 5) { name } }', { maxCost: 6 })).toBe('accepted');
  });

  it('costs a nested list by the child rows per parent row, not the whole child table', () => {
    // artists 275, albums 347 (2 per artist, rounded up), tracks 3,503 (11 per album): 1 + 275 × (1 + 2 × (1 + 11 × 1))
    const r = refusal('{ artists { albums { tracks { name } } } }', { maxCost: 500 });
    expect(r !== 'accepted' && r.message).toContain('estimated cost is 6876;');
    expect(refusal('{ artists { albums { tracks { name } } } }')).toBe('accepted');
  });
});

describe('maxRows over the whole response', () => {
  it('sums the root fields', async () => {
    const query = '{ a: tracks(limit: 60) { name } b: tracks(limit: 60) { name } }';
    const ok = await runGraphql(db, { query }, { maxRows: 120 });
    expect((ok.data?.['a'] as unknown[]).length + (ok.data?.['b'] as unknown[]).length).toBe(120);
    const over = await runGraphql(db, { query }, { maxRows: 100 });
    expect(over.data).toBeNull();
    expect(over.errors?.[0]?.extensions['code']).toBe('GRAPHQL_LIMIT_EXCEEDED');
    expect(over.errors?.[0]?.message).toContain('more than 100 rows');
  });

  it('counts nested list elements', async () => {
    const query = '{ albums(limit: 3, order_by: {album_id: asc}) { title tracks { name } } }';
    const full = await runGraphql(db, { query });
    const albums = full.data?.['albums'] as { tracks: unknown[] }[];
    const total = albums.length + albums.reduce((n, a) => n + a.tracks.length, 0);
    expect(total).toBe(3 + 10 + 1 + 3);
    expect((await runGraphql(db, { query }, { maxRows: total })).data).toEqual(full.data);
    const over = await runGraphql(db, { query }, { maxRows: total - 1 });
    expect(over.errors?.[0]).toMatchObject({ extensions: { code: 'GRAPHQL_LIMIT_EXCEEDED' }, message: expect.stringContaining(`more than ${total - 1} rows`) });
  });
});
