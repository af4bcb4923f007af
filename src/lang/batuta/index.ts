/**
 * The Batuta front end as a query language (compile mode): the program's
 * definitions are evaluated, and its last form must build a relation, which
 * is planned into one IR plan. Writes, `rows` and `require` are refused here
 * (BATUTA_WRITE_IN_QUERY): db.query/prepare/explain only compile. Program
 * mode — any program, writes included — is engine/batuta-session.ts.
 */
import { PyralogError } from '../../errors/pyralog-error.js';
import { readBatuta } from '../../grammars/batuta/read-batuta.js';
import type { Rel } from '../../planner/ir/rel.js';
import type { CatalogView, CompileOptions, Language } from '../registry.js';
import { batutaError } from './batuta-error.js';
import type { BatutaHost } from './host.js';
import { printValue } from './printer.js';
import { createRuntime, runFormsSync } from './program.js';
import { Relation } from './values.js';

const refuse = (what: string): never => {
  throw batutaError('BATUTA_WRITE_IN_QUERY', `${what} cannot run inside a query: db.query/prepare/explain only compile the last form's relation`, undefined, [
    'run the program as a program: pyralog query --lang batuta, the REPL, or openBatutaSession',
  ]);
};

/** A host for compile mode: the catalog, and nothing that runs or writes. */
export function compileHost(catalog: CatalogView): BatutaHost {
  return {
    catalog: () => catalog,
    run: () => refuse('running a relation (rows, first-row, value, delete!, update!)'),
    createTable: () => refuse('create-table!'),
    dropTable: () => refuse('drop-table!'),
    addForeignKey: () => refuse('add-foreign-key!'),
    dropForeignKey: () => refuse('drop-foreign-key!'),
    insert: () => refuse('insert!'),
    upsert: () => refuse('upsert!'),
    delete: () => refuse('delete!'),
    kvGet: () => refuse('kv-get'),
    kvPut: () => refuse('kv-put!'),
    transaction: () => refuse('transaction'),
    loadSource: () => {
      throw batutaError('BATUTA_REQUIRE_ERROR', 'require is not available inside a query (no root is configured)');
    },
  };
}

/** Steps a query's definitions may take in compile mode. */
const COMPILE_MAX_STEPS = 1_000_000;

/** The logical plan of the relation a Batuta program's last form builds. */
export function compileBatuta(text: string, catalog: CatalogView, options: CompileOptions & { readonly maxSteps?: number } = {}): Rel {
  try {
    const forms = readBatuta(text);
    if (forms.length === 0) throw batutaError('BATUTA_COMPILE_ERROR', 'the program is empty: a query needs a last form that builds a relation');
    const rt = createRuntime(compileHost(catalog), { maxSteps: options.maxSteps ?? COMPILE_MAX_STEPS, ...(options.params !== undefined ? { params: options.params } : {}) });
    const last = runFormsSync(forms, rt, text);
    if (!(last instanceof Relation)) {
      throw batutaError('BATUTA_COMPILE_ERROR', `the last form is ${printValue(last)}, not a relation`, forms[forms.length - 1] ?? undefined, ['end the program with a relational form such as (from :table)']);
    }
    return last.build({ catalog, params: options.params ?? {}, rt }).rel;
  } catch (e) {
    if (e instanceof PyralogError && e.sourceText === undefined) throw e.withSource(text);
    throw e;
  }
}

export const batutaLanguage: Language = { name: 'batuta', compile: compileBatuta };

export { createRuntime, runProgram, runFormsSync } from './program.js';
export { printValue, toJsonValue } from './printer.js';
export { Relation } from './values.js';
export type { BatutaHost, HostRow } from './host.js';
export type { Runtime } from './runtime.js';
