import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeSchema } from '../../../planner/ir/schema-utils.js';
import type { CatalogView } from '../../registry.js';
import { FUZZ_SEEDS, checkProgram, mutateProgram, prng, randomProgram } from '../fuzz-programs.js';

const tracks = makeSchema(
  [
    { name: 'track_id', type: 'int64', nullable: false },
    { name: 'name', type: 'utf8', nullable: true },
    { name: 'album_id', type: 'int64', nullable: true },
    { name: 'milliseconds', type: 'int64', nullable: true },
  ],
  [0],
);
const albums = makeSchema(
  [
    { name: 'album_id', type: 'int64', nullable: false },
    { name: 'title', type: 'utf8', nullable: true },
  ],
  [0],
);
const catalog: CatalogView = {
  table: (n) => (n === 'tracks' ? { name: n, schema: tracks, primaryKey: ['track_id'] } : n === 'albums' ? { name: n, schema: albums, primaryKey: ['album_id'] } : undefined),
  tables: () => ['albums', 'tracks'],
  version: 1,
};

describe('Batuta fuzzing: reader, expander and planner fail only with PyralogErrors', () => {
  it('plans every seed program', () => {
    expect(FUZZ_SEEDS.map((s) => checkProgram(s, catalog).kind)).toEqual(FUZZ_SEEDS.map(() => 'plan'));
  });

  it('random token programs', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const text = randomProgram(prng(seed));
        const r = checkProgram(text, catalog);
        if (r.kind === 'crash') throw new Error(`crash on ${JSON.stringify(text)}: ${String(r.error)}`);
      }),
      { numRuns: 500 },
    );
  });

  it('mutated real programs', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(FUZZ_SEEDS.length - 1), (seed, i) => {
        const text = mutateProgram(prng(seed), FUZZ_SEEDS[i] as string);
        const r = checkProgram(text, catalog);
        if (r.kind === 'crash') throw new Error(`crash on ${JSON.stringify(text)}: ${String(r.error)}`);
      }),
      { numRuns: 500 },
    );
  });

  it('arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const r = checkProgram(text, catalog);
        if (r.kind === 'crash') throw new Error(`crash on ${JSON.stringify(text)}: ${String(r.error)}`);
      }),
      { numRuns: 300 },
    );
  });
});
