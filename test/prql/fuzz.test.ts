import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type Database from 'better-sqlite3';
import type { Database as PyralogDatabase } from '../../src/index.js';
import { checkQuery } from './fuzz-check.js';
import { openChinookPyralog } from './pyralog-runner.js';
import { buildQuery, prqlQueryArbitrary } from './query-generator.js';
import { openChinookSqlite } from './sqlite-runner.js';

let sqlite: Database.Database;
let pyralog: PyralogDatabase;
beforeAll(async () => {
  sqlite = openChinookSqlite();
  pyralog = await openChinookPyralog();
});
afterAll(() => {
  sqlite.close();
  pyralog.close();
});

describe('random PRQL pipelines', () => {
  it('the generator builds a pipeline from its choices', () => {
    const choices = [0, 1, 0, 2, 1, 0];
    let i = 0;
    const q = buildQuery(() => choices[i++ % choices.length] ?? 0);
    expect(q.split('\n')[0]).toBe('from tracks');
    expect(q.split('\n').length).toBeGreaterThan(1);
  });

  it('50 random pipelines give the same result on Pyralog and SQLite', () => {
    fc.assert(
      fc.property(prqlQueryArbitrary, (query) => {
        const outcome = checkQuery(sqlite, pyralog, query);
        if (!outcome.ok) throw new Error(`${outcome.message}\n--- query ---\n${query}`);
      }),
      { numRuns: 50, seed: 20261122 },
    );
  });
});
