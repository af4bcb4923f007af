/**
 * The PRQL query corpus: every `queries/NNN-name.prql` file, picked up
 * automatically, and whether its result order is fixed (the main pipeline's
 * last sort is not followed by a transform that forgets order).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compilePrqlToRq } from '../../src/lang/prql/index.js';
import { tagOf } from '../../src/lang/prql/rq-types.js';
import { repoPath } from './repo-path.js';

export interface CorpusQuery {
  readonly file: string;
  readonly name: string;
  readonly text: string;
}

export const QUERY_DIR = repoPath('test/prql/queries');

export function loadCorpus(dir = QUERY_DIR): CorpusQuery[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.prql'))
    .sort()
    .map((file) => ({ file, name: file.replace(/\.prql$/, ''), text: readFileSync(join(dir, file), 'utf8') }));
}

/** Whether the query fixes the order of its result (a final sort, as SQL's outer ORDER BY). */
export function hasFixedOrder(prql: string): boolean {
  const rq = compilePrqlToRq(prql);
  const pipeline = (rq.relation.kind as { Pipeline?: readonly object[] }).Pipeline ?? [];
  let ordered = false;
  for (const t of pipeline) {
    const tag = tagOf(t);
    if (tag === 'Sort') ordered = true;
    else if (tag === 'Aggregate' || tag === 'Append' || tag === 'Loop') ordered = false;
  }
  return ordered;
}
