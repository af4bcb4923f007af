/**
 * Lowers a whole RQ query to one IR plan: resolves the declared tables (stored
 * tables through the catalog, inline literals as VALUES, let-bound pipelines
 * lowered once and shared), lowers the main pipeline, restores its final sort,
 * and projects the output columns under the names prqlc's SQL would give them.
 */
import type { DataType, Scalar } from '../../types/data-type.js';
import type { Field } from '../../types/schema.js';
import type { Rel } from '../../planner/ir/rel.js';
import { col, Scan, Values } from '../../planner/ir/index.js';
import type { CatalogView } from '../registry.js';
import { prqlError } from './prql-error.js';
import { sstringError } from './lower-expr.js';
import { ensureSorted, lowerPipeline, type PipelineEnv } from './lower-pipeline.js';
import { projectWithPositions } from './project-selected.js';
import { newInstance, type Binding, type Frame } from './frame.js';
import { LiteralError, literalValue, unifyLiteralTypes, widenValue } from './rq-literal.js';
import { tagOf, type RqQuery, type RqRelation, type RqRelationColumn, type RqRelationLiteral, type RqTableDecl, type RqTableRef, type RqTransform } from './rq-types.js';

interface LoweredTable {
  readonly rel: Rel;
  /** Output column names, in order. */
  readonly names: readonly string[];
  /** A stored table (each reference scans it under its own alias). */
  readonly stored?: { readonly table: string };
  /** For a pipeline: its declared columns and, for each, the output positions (references bind positionally). */
  readonly declared?: { readonly columns: readonly RqRelationColumn[]; readonly positions: readonly (readonly number[])[] };
}

export function lowerQuery(
  rq: RqQuery,
  catalog: CatalogView,
  source: string,
  params: Readonly<Record<string, Scalar>> | undefined,
): Rel {
  const decls = new Map<number, RqTableDecl>(rq.tables.map((t) => [t.id, t]));
  const lowered = new Map<number, LoweredTable>();
  let counter = 0;

  const env: PipelineEnv = {
    source,
    params,
    freshName: (prefix) => `_${prefix}_${counter++}`,
    tableRef: (ref) => tableRef(ref),
  };

  function tableRef(ref: RqTableRef): Frame {
    const table = lowerDecl(ref.source);
    const rel =
      table.stored !== undefined ? Scan.create(table.stored.table, table.rel.schema, { alias: ref.name ?? table.stored.table }) : table.rel;
    const instance = newInstance();
    const all = table.names.map((name, i) => ({ expr: col(i, name), name }));
    const cols = new Map<number, Binding>();
    const declared = table.declared;
    const positional =
      declared !== undefined &&
      declared.columns.length === ref.columns.length &&
      ref.columns.every(([c], i) => {
        const d = declared.columns[i];
        return c === 'Wildcard' ? d === 'Wildcard' : d !== 'Wildcard' && d !== undefined && (c.Single === null || c.Single === d.Single);
      });
    ref.columns.forEach(([column, cid], i) => {
      const at = positional ? declared.positions[i] : undefined;
      if (column === 'Wildcard') {
        const columns = at === undefined ? all : at.map((p) => all[p]).filter((c) => c !== undefined);
        cols.set(cid, { kind: 'wildcard', columns, instance });
        return;
      }
      if (at !== undefined && at[0] !== undefined) {
        cols.set(cid, { kind: 'expr', expr: col(at[0], table.names[at[0]]), name: column.Single ?? table.names[at[0]] ?? null, instance });
        return;
      }
      const name = column.Single;
      const index = name === null ? -1 : table.names.lastIndexOf(name);
      if (index < 0) {
        const where = table.stored !== undefined ? `table ${table.stored.table}` : 'this relation';
        throw prqlError('PRQL_UNKNOWN_COLUMN', `unknown column ${name ?? '(unnamed)'}: ${where} has no such column`, source, name ?? undefined, {
          hints: [`${where} has: ${table.names.join(', ')}`],
        });
      }
      cols.set(cid, { kind: 'expr', expr: col(index, name ?? undefined), name, instance });
    });
    return { rel, cols, selected: ref.columns.map(([, cid]) => cid), sort: [], sortIntact: true };
  }

  function lowerDecl(id: number): LoweredTable {
    const known = lowered.get(id);
    if (known !== undefined) return known;
    const decl = decls.get(id);
    if (decl === undefined) throw prqlError('PRQL_INTERNAL', `table ${id} is not declared`, source);
    const result = lowerRelation(decl.relation, decl.name);
    lowered.set(id, result);
    return result;
  }

  function lowerRelation(relation: RqRelation, declName: string | null): LoweredTable {
    const kind = relation.kind;
    switch (tagOf(kind)) {
      case 'ExternRef':
        return externTable(kind as { ExternRef: Record<string, unknown> }, catalog, source);
      case 'Pipeline': {
        const frame = lowerPipeline((kind as { Pipeline: readonly RqTransform[] }).Pipeline, env);
        const out = projectWithPositions(ensureSorted(frame, env), source, relation.columns);
        const rel = out.frame.rel;
        return { rel, names: rel.schema.fields.map((f) => f.name), declared: { columns: relation.columns, positions: out.positions } };
      }
      case 'Literal':
        return literalTable((kind as { Literal: RqRelationLiteral }).Literal, source);
      case 'SString':
        throw sstringError(source);
      default:
        throw prqlError('PRQL_UNSUPPORTED', `relations of kind ${tagOf(kind)}${declName ? ` (${declName})` : ''} are not supported`, source);
    }
  }

  return lowerRelation(rq.relation, null).rel;
}

function externTable(kind: { ExternRef: Record<string, unknown> }, catalog: CatalogView, source: string): LoweredTable {
  const raw = kind.ExternRef['LocalTable'];
  if (!Array.isArray(raw)) throw prqlError('PRQL_UNSUPPORTED', 'only local tables can be read', source);
  // `default_db.name` is PRQL's explicit form of a table name (the way to name a table `date` or `from`).
  const path = raw.length > 1 && raw[0] === 'default_db' ? raw.slice(1) : raw;
  const name = path.map(String).join('.');
  const table = catalog.table(name);
  if (table === undefined) {
    const known = catalog.tables();
    throw prqlError('PRQL_UNKNOWN_TABLE', `unknown table ${name}`, source, path[path.length - 1] as string, {
      hints: known.length > 0 ? [`tables: ${[...known].sort().join(', ')}`] : ['the database has no tables yet'],
    });
  }
  const rel = Scan.create(table.name, table.schema);
  return { rel, names: table.schema.fields.map((f) => f.name), stored: { table: table.name } };
}

/** An inline relation (`from [{a = 1}]`, `from_text`) as VALUES, each column typed by its values. */
function literalTable(lit: RqRelationLiteral, source: string): LoweredTable {
  let rows: (readonly (readonly [Scalar, DataType])[])[];
  try {
    rows = lit.rows.map((r) => r.map((v) => literalValue(v)));
  } catch (e) {
    if (e instanceof LiteralError) throw prqlError('PRQL_INVALID_LITERAL', e.message, source);
    throw e;
  }
  const fields: Field[] = lit.columns.map((name, c) => {
    const types = rows.map((r) => r[c]?.[1] ?? 'null');
    const type = unifyLiteralTypes(types);
    if (type === undefined) {
      throw prqlError('PRQL_TYPE_MISMATCH', `the inline column ${name} mixes values of types ${[...new Set(types)].join(' and ')}`, source, name);
    }
    return { name, type, nullable: types.includes('null') };
  });
  const values = rows.map((r) => r.map(([v, t], c) => widenValue(v, t, fields[c]?.type ?? t)));
  return { rel: Values.create({ fields }, values), names: lit.columns };
}
