/**
 * A Batuta value (its JSON) seen as a result table, so that values made from
 * relations (`value`, `first-row`, `rows`, a column pulled out with `map`)
 * compare with SQLite's answer through the same comparison as relations.
 * What shape to expect is stated by the program, never guessed from the value.
 */
import type { Expect } from './corpus.js';
import type { QueryResult as Rows } from '../prql/sqlite-runner.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `json` as rows with the columns it names; a string describing the problem when it has the wrong shape. */
export function valueAsRows(json: unknown, expect: Exclude<Expect, 'relation'>, expected: Rows): Rows | string {
  switch (expect) {
    case 'scalar':
      if (typeof json === 'object' && json !== null) return `expected a scalar, got ${JSON.stringify(json)}`;
      return { columns: expected.columns, rows: [[json]] };
    case 'row':
      if (!isRecord(json)) return `expected a map, got ${JSON.stringify(json)}`;
      return { columns: Object.keys(json), rows: [Object.values(json)] };
    case 'rows': {
      if (!Array.isArray(json) || !json.every(isRecord)) return `expected a vector of maps, got ${JSON.stringify(json)?.slice(0, 200)}`;
      const first = json[0];
      return { columns: first === undefined ? expected.columns : Object.keys(first), rows: json.map((m) => Object.values(m)) };
    }
    case 'column':
      if (!Array.isArray(json) || json.some((v) => typeof v === 'object' && v !== null)) return `expected a vector of scalars, got ${JSON.stringify(json)?.slice(0, 200)}`;
      return { columns: expected.columns, rows: json.map((v) => [v]) };
  }
}
