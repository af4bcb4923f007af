/**
 * Argument checks for the public embedded API (Database and its handles).
 * TypeScript callers get these from the types; JavaScript callers, and data
 * that arrives untyped (JSON, a REPL), get an INVALID_ARGUMENT PyralogError
 * that names the method, the argument and what was passed, instead of a raw
 * TypeError from deep inside the engine. Only the shape is checked here
 * (strings are strings, rows are objects, keys are arrays); what the values
 * mean (a column's type, a table's existence) is checked where it is used.
 */
import { PyralogError } from '../errors/pyralog-error.js';

/** What `v` is, in words: `null`, `an array`, `a Uint8Array`, `a number`, … */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') {
    const name = (Object.getPrototypeOf(v) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    return typeof name === 'string' && name !== 'Object' ? `a ${name}` : 'an object';
  }
  return `a ${typeof v}`;
}

function invalid(method: string, what: string, expected: string, got: unknown): PyralogError {
  return new PyralogError('INVALID_ARGUMENT', `${method}: ${what} must be ${expected}, got ${describeValue(got)}`, {
    phase: 'execute',
    hints: ['see docs/api.md for the signature'],
  });
}

/** A plain object (its prototype is Object.prototype or null): what rows, options and statements are. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function checkString(method: string, what: string, v: unknown): asserts v is string {
  if (typeof v !== 'string') throw invalid(method, what, 'a string', v);
}

export function checkOptionalString(method: string, what: string, v: unknown): asserts v is string | undefined {
  if (v !== undefined && typeof v !== 'string') throw invalid(method, what, 'a string or omitted', v);
}

export function checkFunction(method: string, what: string, v: unknown): void {
  if (typeof v !== 'function') throw invalid(method, what, 'a function', v);
}

export function checkOptionalObject(method: string, what: string, v: unknown): void {
  if (v !== undefined && !isPlainObject(v)) throw invalid(method, what, 'an object or omitted', v);
}

/** Query text and its language, and parameters (an array for $1…, an object for $name, or omitted). */
export function checkQuery(method: string, lang: unknown, text: unknown, params?: unknown): void {
  checkString(method, 'the language', lang);
  checkString(method, 'the query text', text);
  if (params !== undefined && params !== null && !Array.isArray(params) && !isPlainObject(params)) {
    throw invalid(method, 'params', 'an array ($1, $2, …), an object ($name) or omitted', params);
  }
}

/** Rows: an array of plain objects keyed by column name. */
export function checkRows(method: string, rows: unknown): void {
  if (!Array.isArray(rows)) throw invalid(method, 'rows', 'an array of row objects', rows);
  rows.forEach((row: unknown, i) => {
    if (!isPlainObject(row)) throw invalid(method, `rows[${i}]`, 'an object keyed by column name', row);
  });
}

/** One full primary key: an array of its column values. */
export function checkKey(method: string, what: string, key: unknown): void {
  if (!Array.isArray(key)) throw invalid(method, what, 'an array of key column values', key);
}

/** Keys for delete: an array of key arrays. */
export function checkKeys(method: string, keys: unknown): void {
  if (!Array.isArray(keys)) throw invalid(method, 'keys', 'an array of keys (each an array of key column values)', keys);
  keys.forEach((key: unknown, i) => checkKey(method, `keys[${i}]`, key));
}

/** A key-value key or value: bytes or a string. */
export function checkBytes(method: string, what: string, v: unknown): void {
  if (typeof v !== 'string' && !(v instanceof Uint8Array)) throw invalid(method, what, 'a string or a Uint8Array', v);
}

/** Options of kv range(): start/end bytes or strings, reverse a boolean, limit a whole number. */
export function checkRangeOptions(method: string, options: unknown): void {
  if (options === undefined) return;
  if (!isPlainObject(options)) throw invalid(method, 'options', 'an object or omitted', options);
  for (const k of ['start', 'end'] as const) if (options[k] !== undefined) checkBytes(method, `options.${k}`, options[k]);
  if (options['reverse'] !== undefined && typeof options['reverse'] !== 'boolean') throw invalid(method, 'options.reverse', 'a boolean', options['reverse']);
  const limit = options['limit'];
  if (limit !== undefined && !(typeof limit === 'number' && Number.isInteger(limit) && limit >= 0)) {
    throw invalid(method, 'options.limit', 'a whole number >= 0', limit);
  }
}

/** Column definitions of createTable: objects with a string name and a string type. */
export function checkColumns(method: string, columns: unknown, primaryKey: unknown): void {
  if (!Array.isArray(columns)) throw invalid(method, 'columns', 'an array of {name, type} objects', columns);
  columns.forEach((c: unknown, i) => {
    if (!isPlainObject(c)) throw invalid(method, `columns[${i}]`, 'a {name, type} object', c);
    checkString(method, `columns[${i}].name`, c['name']);
    checkString(method, `columns[${i}].type`, c['type']);
    if (c['nullable'] !== undefined && typeof c['nullable'] !== 'boolean') throw invalid(method, `columns[${i}].nullable`, 'a boolean or omitted', c['nullable']);
  });
  if (primaryKey === undefined) return;
  if (!Array.isArray(primaryKey)) throw invalid(method, 'primaryKey', 'an array of column names', primaryKey);
  primaryKey.forEach((k: unknown, i) => checkString(method, `primaryKey[${i}]`, k));
}

/** An ALTER change: an object with a string `kind` (what each kind needs is checked by the catalog). */
export function checkChange(method: string, change: unknown): void {
  if (!isPlainObject(change) || typeof change['kind'] !== 'string') throw invalid(method, 'the change', 'an object with a string kind', change);
}

/** A statement for exec(): its kind picks what else it needs. */
export function checkStatement(method: string, statement: unknown): void {
  if (!isPlainObject(statement) || typeof statement['kind'] !== 'string') throw invalid(method, 'the statement', 'an object with a string kind', statement);
  const s = statement;
  switch (s['kind']) {
    case 'create_table':
      checkString(method, 'statement.name', s['name']);
      checkColumns(method, s['columns'], s['primaryKey']);
      return;
    case 'drop_table':
      checkString(method, 'statement.name', s['name']);
      return;
    case 'alter_table':
      checkString(method, 'statement.name', s['name']);
      checkChange(method, s['change']);
      return;
    case 'insert':
    case 'upsert':
      checkString(method, 'statement.table', s['table']);
      checkRows(method, s['rows']);
      return;
    case 'delete':
      checkString(method, 'statement.table', s['table']);
      checkKeys(method, s['keys']);
      return;
    case 'add_foreign_key': // the key itself is checked by the catalog (INVALID_FOREIGN_KEY)
      checkString(method, 'statement.table', s['table']);
      return;
    case 'drop_foreign_key':
      checkString(method, 'statement.table', s['table']);
      checkString(method, 'statement.name', s['name']);
      return;
    default:
      throw new PyralogError('INVALID_ARGUMENT', `${method}: unknown statement kind ${JSON.stringify(s['kind'])}`, {
        phase: 'execute',
        hints: ['one of create_table, drop_table, alter_table, insert, upsert, delete, add_foreign_key, drop_foreign_key'],
      });
  }
}

/** The path given to open(): a non-empty string. */
export function checkOpenArgs(path: unknown, options: unknown): void {
  checkString('open', 'the path', path);
  checkOptionalObject('open', 'options', options);
}
