/**
 * Kernel of `json_object` (planner/ir/functions-json.ts): one JSON object text
 * per row from literal keys and typed values, encoded by types/json-encode.ts;
 * a key with the `:json` suffix embeds its (text) value as JSON as is.
 */
import type { DataType } from '../../../types/data-type.js';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { jsonText } from '../../../types/json-encode.js';
import { JSON_RAW_SUFFIX } from '../../../planner/ir/functions-json.js';
import { getScalar, makeColumn, type Column } from '../column.js';
import type { Chunk } from '../chunk.js';
import type { CompiledExpr } from './kernel-util.js';

export function jsonObject(args: readonly CompiledExpr[]): (c: Chunk) => Column {
  const prefixes: string[] = [];
  const raw: boolean[] = [];
  const values: CompiledExpr[] = [];
  for (let i = 0; i < args.length; i += 2) {
    const key = args[i]?.constant?.value;
    if (typeof key !== 'string') throw new PyralogError('INVALID_PLAN', 'json_object: keys must be text literals', { phase: 'execute' });
    const isRaw = key.endsWith(JSON_RAW_SUFFIX);
    const name = isRaw ? key.slice(0, -JSON_RAW_SUFFIX.length) : key;
    prefixes.push((i === 0 ? '{' : ',') + JSON.stringify(name) + ':');
    raw.push(isRaw);
    values.push(args[i + 1] as CompiledExpr);
  }
  const types: DataType[] = values.map((v) => v.type);
  return (c) => {
    const cols = values.map((v) => v.eval(c));
    const len = c.length;
    const out = new Array<string>(len).fill('');
    const sel = c.sel;
    const n = sel === null ? len : sel.length;
    for (let k = 0; k < n; k++) {
      const i = sel === null ? k : (sel[k] as number);
      let s = prefixes.length === 0 ? '{' : '';
      for (let j = 0; j < cols.length; j++) {
        const v = getScalar(cols[j] as Column, i);
        s += prefixes[j] as string;
        s += v === null ? 'null' : raw[j] === true ? (v as string) : jsonText(v, types[j] as DataType);
      }
      out[i] = s + '}';
    }
    return makeColumn('utf8', out, null, len);
  };
}
