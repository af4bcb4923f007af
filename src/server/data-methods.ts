/**
 * The catalog, table-write and key-value methods: `tables`, `schema`,
 * `insert` / `upsert` / `delete` (→ `{count, sequence}`, each call atomic;
 * calls arriving together share one durable commit, write-batcher.ts), `kv.get` / `kv.put` / `kv.delete` / `kv.range`. Every call
 * is authorized (table or namespace, read or write, row count) before it
 * touches storage; JSON values are converted by column type (wire-values.ts).
 */
import { PyralogError } from '../errors/pyralog-error.js';
import { authorize, canSeeTable, rowLimit } from './grant.js';
import type { CallContext, MethodHandler, Params } from './rpc-context.js';
import { bytesFromJson, bytesToJson, keysFromJson, rowsFromJson } from './wire-values.js';
import type { WriteOp } from './write-group.js';

const tables: MethodHandler = (ctx) => {
  authorize(ctx.token, { method: 'tables' });
  return ctx.services.db
    .tables()
    .map((t) => t.name)
    .filter((name) => canSeeTable(ctx.token, name))
    .sort();
};

const schema: MethodHandler = (ctx, p) => {
  const name = p.string('table');
  authorize(ctx.token, { method: 'schema', readTables: [name] });
  const info = ctx.services.db.table(name).info();
  const snapshot = ctx.services.db.snapshot();
  try {
    const stats = snapshot.stats(name);
    return {
      table: info.name,
      columns: info.fields.map((f) => ({ name: f.name, type: f.type, nullable: f.nullable })),
      key: info.primaryKey,
      rows: stats.rowCount,
      version: info.version,
    };
  } finally {
    snapshot.close();
  }
};

function checkCount(ctx: CallContext, n: number, what: string): void {
  const limit = Math.min(ctx.services.limits.maxWriteRows, rowLimit(ctx.token, Number.MAX_SAFE_INTEGER));
  if (n > limit) {
    throw new PyralogError('RESULT_TOO_LARGE', `${n} ${what} in one call is more than the limit of ${limit}`, { phase: 'server', details: { limit } });
  }
}

function writeMethod(kind: 'insert' | 'upsert' | 'delete'): MethodHandler {
  return async (ctx: CallContext, p: Params) => {
    const name = p.string('table');
    authorize(ctx.token, { method: kind, writeTables: [name] });
    const info = ctx.services.db.table(name).info();
    let op: WriteOp;
    if (kind === 'delete') {
      const raw = p.raw('keys');
      checkCount(ctx, Array.isArray(raw) ? raw.length : 0, 'keys');
      op = { kind, table: name, keys: keysFromJson(raw, info) };
    } else {
      const raw = p.raw('rows');
      checkCount(ctx, Array.isArray(raw) ? raw.length : 0, 'rows');
      op = { kind, table: name, rows: rowsFromJson(raw, info) };
    }
    const { count, sequence } = await ctx.services.writes.submit(op);
    return { count, sequence };
  };
}

const kvGet: MethodHandler = (ctx, p) => {
  const ns = p.string('ns');
  authorize(ctx.token, { method: 'kv.get', readKv: [ns] });
  const value = ctx.services.db.kv(ns).get(bytesFromJson(p.raw('key'), 'key'));
  return { value: value === undefined ? null : bytesToJson(value) };
};

const kvPut: MethodHandler = async (ctx, p) => {
  const ns = p.string('ns');
  authorize(ctx.token, { method: 'kv.put', writeKv: [ns] });
  ctx.services.db.kv(ns); // checks the namespace name now
  const { sequence } = await ctx.services.writes.submit({ kind: 'kv.put', ns, key: bytesFromJson(p.raw('key'), 'key'), value: bytesFromJson(p.raw('value'), 'value') });
  return { sequence };
};

const kvDelete: MethodHandler = async (ctx, p) => {
  const ns = p.string('ns');
  authorize(ctx.token, { method: 'kv.delete', writeKv: [ns] });
  ctx.services.db.kv(ns);
  const { sequence } = await ctx.services.writes.submit({ kind: 'kv.delete', ns, key: bytesFromJson(p.raw('key'), 'key') });
  return { sequence };
};

const kvRange: MethodHandler = (ctx, p) => {
  const ns = p.string('ns');
  authorize(ctx.token, { method: 'kv.range', readKv: [ns] });
  const max = rowLimit(ctx.token, ctx.services.limits.maxResultRows);
  const asked = p.optionalInt('limit');
  const entries = ctx.services.db.kv(ns).range({
    ...(p.has('start') ? { start: bytesFromJson(p.raw('start'), 'start') } : {}),
    ...(p.has('end') ? { end: bytesFromJson(p.raw('end'), 'end') } : {}),
    reverse: p.optionalBool('reverse') ?? false,
    limit: Math.min(asked ?? max + 1, max + 1),
  });
  if (entries.length > max) {
    throw new PyralogError('RESULT_TOO_LARGE', `the range has more than ${max} entries, the limit for this call`, { phase: 'server', hints: ['pass limit, and page with start'] });
  }
  return { entries: entries.map((e) => ({ key: bytesToJson(e.key), value: bytesToJson(e.value) })) };
};

export const DATA_METHODS: Readonly<Record<string, MethodHandler>> = {
  tables,
  schema,
  insert: writeMethod('insert'),
  upsert: writeMethod('upsert'),
  delete: writeMethod('delete'),
  'kv.get': kvGet,
  'kv.put': kvPut,
  'kv.delete': kvDelete,
  'kv.range': kvRange,
};
