/**
 * Runs every example of docs/graphql.md: each ```graphql block followed by a
 * ```json block is a request and its exact response (variables, when any,
 * are the backquoted JSON object after "Variables" in the paragraph before
 * the request), in
 * document order, against Chinook with its foreign keys; and the plan the
 * "Plans" section prints is what `explain` gives.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGraphql, type Database } from '../../src/index.js';
import { repoPath } from '../prql/repo-path.js';
import { openChinookGraphql } from './chinook-graphql.js';

interface Example {
  readonly query: string;
  readonly variables: Record<string, unknown> | null;
  readonly response: string;
}

function examples(markdown: string): Example[] {
  const out: Example[] = [];
  const re = /```graphql\n([\s\S]*?)```\s*```json\n([\s\S]*?)```/g;
  let last = 0;
  for (let m = re.exec(markdown); m !== null; m = re.exec(markdown)) {
    const before = markdown.slice(last, m.index);
    const vars = /Variables \(`(\{[^`]*\})`\)/.exec(before.split('```').pop() ?? '');
    out.push({ query: m[1]!.trim(), variables: vars === null ? null : (JSON.parse(vars[1]!) as Record<string, unknown>), response: m[2]!.trim() });
    last = m.index + m[0].length;
  }
  return out;
}

let db: Database;
beforeAll(async () => {
  db = await openChinookGraphql();
});
afterAll(() => db.close());

describe('docs/graphql.md plan', () => {
  it("the 'Plans' section prints the optimized plan explain gives today", () => {
    const doc = readFileSync(repoPath('docs/graphql.md'), 'utf8');
    const m = /`pyralog explain --db DIR --lang graphql '([^`]*)'`\nprints \(optimized plan[^)]*\):\n\n```\n([\s\S]*?)```/.exec(doc);
    expect(m).not.toBeNull();
    expect(db.explain('graphql', m![1]!).optimized.trim()).toBe(m![2]!.trim());
  });
});

describe('docs/graphql.md examples', () => {
  const list = examples(readFileSync(repoPath('docs/graphql.md'), 'utf8'));
  it('has examples', () => {
    expect(list.length).toBeGreaterThanOrEqual(8);
  });
  for (const [i, ex] of list.entries()) {
    it(`example ${i + 1}: ${ex.query.slice(0, 60)}`, async () => {
      const result = await runGraphql(db, { query: ex.query, variables: ex.variables });
      expect(JSON.stringify(result)).toBe(ex.response);
    });
  }
});
