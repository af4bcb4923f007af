/**
 * Writes and schema changes: create-table!, drop-table!, insert!, upsert!,
 * delete! (by predicate), update! (predicate + {:col expr}), kv-get,
 * kv-put!, and (transaction …) grouping several writes atomically. Each
 * top-level write is its own transaction. delete!/update! find their rows
 * with a compiled query (Filter over Scan), never by scanning in Batuta.
 */
import { BList, BMap, BVector, Keyword, Sym, Timestamp } from '../../../grammars/batuta/forms.js';
import { col } from '../../../planner/ir/expr-builders.js';
import { Filter, Project, Scan } from '../../../planner/ir/index.js';
import type { DataType, Scalar } from '../../../types/data-type.js';
import type { Field } from '../../../types/schema.js';
import { batutaError, evalError } from '../batuta-error.js';
import type { Env } from '../env.js';
import { evalBody, evaluate } from '../evaluator.js';
import type { HostRow } from '../host.js';
import { printValue } from '../printer.js';
import type { Runtime } from '../runtime.js';
import { runToEnd, type Gen, type Value } from '../values.js';
import { namedEntries } from './aggregates.js';
import { compileExpr, scope } from './compile-expr.js';
import type { Frame } from './frame.js';
import { relContext } from './run-relation.js';

type Form = (form: BList, env: Env, rt: Runtime) => Gen;

const TYPE_NAMES: Readonly<Record<string, DataType>> = {
  int64: 'int64',
  int: 'int64',
  float64: 'float64',
  float: 'float64',
  double: 'float64',
  utf8: 'utf8',
  text: 'utf8',
  string: 'utf8',
  bool: 'bool',
  boolean: 'bool',
  date: 'date',
  timestamp: 'timestamp',
  binary: 'binary',
};

function nameOf(v: Value, what: string, where: Value): string {
  if (v instanceof Keyword || v instanceof Sym) return v.name;
  if (typeof v === 'string') return v;
  throw evalError(`${what} must be a keyword, got ${printValue(v)}`, where);
}

function* args(form: BList, env: Env, rt: Runtime): Gen<Value[]> {
  const out: Value[] = [];
  for (const f of form.items.slice(1)) out.push(yield* evaluate(f, env, rt));
  return out;
}

/** A Batuta value as the JS scalar a column of `field`'s type stores. */
function toScalar(v: Value, field: Field, where: Value): Scalar {
  if (v === null) return null;
  const bad = (): never => {
    throw batutaError('TYPE_MISMATCH', `column ${field.name} is ${field.type}, got ${printValue(v)}`, where);
  };
  switch (field.type) {
    case 'int64':
      if (typeof v === 'bigint') return v;
      return typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : bad();
    case 'float64':
      return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : bad();
    case 'utf8':
      return typeof v === 'string' ? v : v instanceof Keyword ? v.name : bad();
    case 'bool':
      return typeof v === 'boolean' ? v : bad();
    case 'timestamp':
      return v instanceof Timestamp ? v.nanos : typeof v === 'bigint' ? v : bad();
    case 'date':
      return v instanceof Timestamp ? Number(v.nanos / 86_400_000_000_000n) : bad();
    default:
      return bad();
  }
}

function tableInfo(rt: Runtime, name: string, where: Value): { name: string; schema: { fields: readonly Field[] }; primaryKey: readonly string[] } {
  const catalog = rt.host.catalog();
  const info = catalog.table(name);
  if (info === undefined) throw batutaError('BATUTA_UNKNOWN_TABLE', `unknown table :${name}`, where, [`tables: ${catalog.tables().join(', ') || '(none)'}`]);
  return info;
}

function rowsOf(v: Value, table: { schema: { fields: readonly Field[] } }, where: Value): HostRow[] {
  const list = v instanceof BVector || v instanceof BList ? v.items : [v];
  return list.map((m) => {
    if (!(m instanceof BMap)) throw evalError(`a row is a map {:col value …}, got ${printValue(m)}`, where);
    const row: Record<string, Scalar> = {};
    for (const [k, x] of m.entries) {
      const name = nameOf(k, 'a column', where);
      const field = table.schema.fields.find((f) => f.name === name);
      if (field === undefined) throw batutaError('BATUTA_UNKNOWN_COLUMN', `table has no column :${name}`, where, [`columns: ${table.schema.fields.map((f) => f.name).join(', ')}`]);
      row[name] = toScalar(x, field, where);
    }
    return row;
  });
}

function writeRows(kind: 'insert' | 'upsert'): Form {
  return function* (form, env, rt) {
    const [t, rows] = yield* args(form, env, rt);
    const name = nameOf(t ?? null, 'the table', form);
    const rs = rowsOf(rows ?? null, tableInfo(rt, name, form.items[1] ?? form), form);
    return BigInt(kind === 'insert' ? rt.host.insert(name, rs) : rt.host.upsert(name, rs));
  };
}

/** The frame of the rows of `table` matching `pred` (a Filter over a Scan). */
function matching(rt: Runtime, table: string, pred: Value, env: Env, where: BList): Frame {
  const info = tableInfo(rt, table, where.items[1] ?? where);
  const ctx = relContext(rt);
  const scan = Scan.create(table, info.schema as never, where.span ? { span: where.span } : {});
  const base: Frame = { rel: scan, cols: scan.schema.fields.map((f) => ({ name: f.name, quals: [table] })) };
  return { rel: Filter.create(scan, compileExpr(pred, scope(base, env, ctx)), where.span), cols: base.cols };
}

function keyIndexes(rt: Runtime, table: string, where: Value): number[] {
  const info = tableInfo(rt, table, where);
  if (info.primaryKey.length === 0) throw evalError(`table ${table} has no primary key: delete!/update! need one`, where);
  return info.primaryKey.map((k) => info.schema.fields.findIndex((f) => f.name === k));
}

const deleteForm: Form = function* (form, env, rt) {
  const table = nameOf(yield* evaluate(form.items[1] ?? null, env, rt), 'the table', form);
  const keys = keyIndexes(rt, table, form.items[1] ?? form);
  const f = matching(rt, table, form.items[2] ?? true, env, form);
  const { rows } = rt.host.run(Project.columns(f.rel, keys), rt.params);
  return BigInt(rows.length === 0 ? 0 : rt.host.delete(table, rows));
};

const updateForm: Form = function* (form, env, rt) {
  const table = nameOf(yield* evaluate(form.items[1] ?? null, env, rt), 'the table', form);
  const keys = keyIndexes(rt, table, form.items[1] ?? form);
  const f = matching(rt, table, form.items[2] ?? true, env, form);
  const s = scope(f, env, relContext(rt));
  const changes = new Map(namedEntries(form.items[3] ?? null, 'update!', form).map(([name, e]) => [name, compileExpr(e, s)]));
  const fields = f.rel.schema.fields;
  for (const name of changes.keys()) if (!fields.some((x) => x.name === name)) throw batutaError('BATUTA_UNKNOWN_COLUMN', `table ${table} has no column :${name}`, form);
  const exprs = [...fields.map((x, i) => ({ name: x.name, expr: changes.get(x.name) ?? col(i, x.name) })), ...keys.map((k, i) => ({ name: `__old_key${i}`, expr: col(k) }))];
  const { rows } = rt.host.run(Project.create(f.rel, exprs), rt.params);
  if (rows.length === 0) return 0n;
  const newRows = rows.map((r) => Object.fromEntries(fields.map((x, i) => [x.name, r[i] ?? null])) as HostRow);
  const oldKeys = rows.map((r) => r.slice(fields.length));
  // A new key may not land on another row (two updated rows, or one the update left alone):
  // then the rows go back with insert, which refuses a duplicate key, and the whole update rolls back.
  const keyChanges = keys.some((k) => changes.has(fields[k]?.name ?? ''));
  rt.host.transaction(() => {
    rt.host.delete(table, oldKeys);
    if (keyChanges) rt.host.insert(table, newRows);
    else rt.host.upsert(table, newRows);
  });
  return BigInt(rows.length);
};

const createTable: Form = function* (form, env, rt) {
  const [t, cols, k, key] = yield* args(form, env, rt);
  const name = nameOf(t ?? null, 'the table', form);
  if (!(cols instanceof BMap)) throw evalError('create-table! takes a map of columns {:id :int64 :name :utf8}', form);
  const columns = cols.entries.map(([c, ty]) => {
    const type = TYPE_NAMES[nameOf(ty, 'a column type', form)];
    if (type === undefined) throw evalError(`unknown column type ${printValue(ty)} (int64 float64 utf8 bool date timestamp binary)`, form);
    return { name: nameOf(c, 'a column name', form), type };
  });
  let pk: string[] = [];
  if (k !== undefined) {
    if (!(k instanceof Keyword) || k.name !== 'key' || !(key instanceof BVector)) throw evalError('usage: (create-table! :t {:col :type …} :key [:col …])', form);
    pk = key.items.map((x) => nameOf(x, 'a key column', form));
  }
  rt.host.createTable(name, columns, pk);
  return new Keyword(name);
};

const dropTable: Form = function* (form, env, rt) {
  const [t] = yield* args(form, env, rt);
  const name = nameOf(t ?? null, 'the table', form);
  rt.host.dropTable(name);
  return new Keyword(name);
};

const text = (v: Value, what: string, where: Value): string => (typeof v === 'string' ? v : v instanceof Keyword ? v.name : typeof v === 'bigint' ? String(v) : (() => {
  throw evalError(`${what} must be a string, got ${printValue(v)}`, where);
})());

const kvGet: Form = function* (form, env, rt) {
  const [ns, k] = yield* args(form, env, rt);
  return rt.host.kvGet(text(ns ?? null, 'the namespace', form), text(k ?? null, 'the key', form));
};

const kvPut: Form = function* (form, env, rt) {
  const [ns, k, v] = yield* args(form, env, rt);
  rt.host.kvPut(text(ns ?? null, 'the namespace', form), text(k ?? null, 'the key', form), text(v ?? null, 'the value', form));
  return v ?? null;
};

const transaction: Form = function* (form, env, rt) {
  return rt.host.transaction(() => runToEnd(evalBody(form.items.slice(1), env, rt)));
};

export const WRITE_FORMS: Readonly<Record<string, Form>> = {
  'create-table!': createTable,
  'drop-table!': dropTable,
  'insert!': writeRows('insert'),
  'upsert!': writeRows('upsert'),
  'delete!': deleteForm,
  'update!': updateForm,
  'kv-get': kvGet,
  'kv-put!': kvPut,
  transaction,
};
