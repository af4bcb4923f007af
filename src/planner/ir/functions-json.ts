/**
 * Typing of the JSON-building vocabulary, with which a front end (GraphQL)
 * assembles nested results inside one plan:
 *
 * - `json_object(k1, v1, k2, v2, …)`: a JSON object text (utf8, never NULL).
 *   Keys are text literals; each value is encoded by its type
 *   (types/json-encode.ts), NULL as `null`. A key ending in `:json` (the
 *   suffix is not part of the name) marks a value that already is JSON text
 *   (a nested json_object or json_agg), embedded as is.
 * - aggregate `json_agg(text [, ordinal])`: a JSON array (utf8) of the
 *   group's JSON texts, ordered by the int64 `ordinal` (input order without
 *   one, and for ties); NULL texts are skipped; `[]` for no rows.
 */
import type { SourceSpan } from '../../errors/pyralog-error.js';
import type { DataType } from '../../types/data-type.js';
import { planError } from './plan-error.js';
import type { TypeInfo } from './type-rules.js';

/** The suffix of a json_object key whose value is embedded as JSON text. */
export const JSON_RAW_SUFFIX = ':json';

/** Result type of json_object for these argument types (keys at even positions must be text). */
export function jsonObjectResult(types: readonly DataType[], fail: (message: string) => never): DataType {
  if (types.length % 2 !== 0) fail(`needs key/value pairs, got ${types.length} arguments`);
  for (let i = 0; i < types.length; i += 2) {
    if (types[i] !== 'utf8') fail(`argument ${i + 1} (a key) must be a text literal, got ${types[i]}`);
    const raw = types[i + 1];
    if (raw === 'interval') fail(`argument ${i + 2} cannot be an interval`);
  }
  return 'utf8';
}

/** Result type of the json_agg aggregate. */
export function jsonAggResult(args: readonly TypeInfo[], span: SourceSpan | undefined): TypeInfo {
  if (args.length < 1 || args.length > 2) throw planError('WRONG_ARGUMENT_COUNT', `json_agg takes 1 to 2 argument(s), got ${args.length}`, span);
  const [value, ordinal] = args;
  if (value?.type !== 'utf8' && value?.type !== 'null') throw planError('TYPE_MISMATCH', `json_agg needs JSON text (utf8), got ${value?.type}`, span);
  if (ordinal !== undefined && ordinal.type !== 'int64' && ordinal.type !== 'null') {
    throw planError('TYPE_MISMATCH', `json_agg: the ordinal must be int64, got ${ordinal.type}`, span);
  }
  return { type: 'utf8', nullable: false };
}
