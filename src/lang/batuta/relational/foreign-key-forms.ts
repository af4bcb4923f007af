/**
 * Foreign keys in Batuta: `(add-foreign-key! :t [:col …] :ref [:col …]
 * :name :n :enforced true)` declares one (options optional), `(drop-foreign-key!
 * :t :name)` drops one, and `(foreign-keys)` / `(foreign-keys :t)` lists them
 * as maps {:table :name :columns :references {:table :columns} :enforced},
 * read from the catalog (so listing also works while compiling a query).
 */
import { BList, BMap, BVector, Keyword, Sym } from '../../../grammars/batuta/forms.js';
import type { ForeignKeyInfo, ForeignKeySpec } from '../../../types/foreign-key.js';
import { batutaError, evalError } from '../batuta-error.js';
import type { Env } from '../env.js';
import { evaluate } from '../evaluator.js';
import { printValue } from '../printer.js';
import type { Runtime } from '../runtime.js';
import type { Gen, Value } from '../values.js';

type Form = (form: BList, env: Env, rt: Runtime) => Gen;

const ADD_USAGE = 'usage: (add-foreign-key! :table [:col …] :ref-table [:ref-col …] :name :n :enforced true)';

function nameOf(v: Value, what: string, where: Value): string {
  if (v instanceof Keyword || v instanceof Sym) return v.name;
  if (typeof v === 'string' && v.length > 0) return v;
  throw evalError(`${what} must be a keyword, got ${printValue(v)}`, where);
}

function names(v: Value, what: string, where: Value): string[] {
  if (v instanceof Keyword || v instanceof Sym || typeof v === 'string') return [nameOf(v, what, where)];
  if (!(v instanceof BVector)) throw evalError(`${what} must be a vector of keywords, got ${printValue(v)}`, where);
  return v.items.map((x) => nameOf(x, what, where));
}

function* args(form: BList, env: Env, rt: Runtime): Gen<Value[]> {
  const out: Value[] = [];
  for (const f of form.items.slice(1)) out.push(yield* evaluate(f, env, rt));
  return out;
}

const kw = (name: string): Keyword => new Keyword(name);
const kws = (xs: readonly string[]): BVector => new BVector(xs.map(kw));

/** A foreign key as a Batuta map. */
function fkMap(table: string, fk: ForeignKeyInfo): BMap {
  return new BMap([
    [kw('table'), kw(table)],
    [kw('name'), kw(fk.name)],
    [kw('columns'), kws(fk.columns)],
    [kw('references'), new BMap([[kw('table'), kw(fk.references.table)], [kw('columns'), kws(fk.references.columns)]])],
    [kw('enforced'), fk.enforced],
  ]);
}

const addForeignKey: Form = function* (form, env, rt) {
  const [t, cols, ref, refCols, ...opts] = yield* args(form, env, rt);
  if (refCols === undefined || opts.length % 2 !== 0) throw evalError(ADD_USAGE, form);
  const table = nameOf(t ?? null, 'the table', form);
  let spec: ForeignKeySpec = {
    columns: names(cols ?? null, 'the columns', form),
    references: { table: nameOf(ref ?? null, 'the referenced table', form), columns: names(refCols, 'the referenced columns', form) },
  };
  for (let i = 0; i < opts.length; i += 2) {
    const k = opts[i];
    const v = opts[i + 1] ?? null;
    if (k instanceof Keyword && k.name === 'name') spec = { ...spec, name: nameOf(v, ':name', form) };
    else if (k instanceof Keyword && k.name === 'enforced' && typeof v === 'boolean') spec = { ...spec, enforced: v };
    else throw evalError(`${ADD_USAGE}; got ${printValue(k ?? null)} ${printValue(v)}`, form);
  }
  return fkMap(table, rt.host.addForeignKey(table, spec));
};

const dropForeignKey: Form = function* (form, env, rt) {
  const [t, n] = yield* args(form, env, rt);
  if (n === undefined) throw evalError('usage: (drop-foreign-key! :table :name)', form);
  const name = nameOf(n, 'the foreign key name', form);
  rt.host.dropForeignKey(nameOf(t ?? null, 'the table', form), name);
  return kw(name);
};

const foreignKeys: Form = function* (form, env, rt) {
  const [t] = yield* args(form, env, rt);
  const catalog = rt.host.catalog();
  const tables = t === undefined ? catalog.tables() : [nameOf(t, 'the table', form)];
  const out: BMap[] = [];
  for (const name of tables) {
    const info = catalog.table(name);
    if (info === undefined) throw batutaError('BATUTA_UNKNOWN_TABLE', `unknown table :${name}`, form, [`tables: ${catalog.tables().join(', ') || '(none)'}`]);
    for (const fk of info.foreignKeys ?? []) out.push(fkMap(name, fk));
  }
  return new BVector(out);
};

export const FOREIGN_KEY_FORMS: Readonly<Record<string, Form>> = {
  'add-foreign-key!': addForeignKey,
  'drop-foreign-key!': dropForeignKey,
  'foreign-keys': foreignKeys,
};
