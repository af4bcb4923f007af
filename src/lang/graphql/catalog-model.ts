/**
 * The GraphQL view of a catalog: which tables and columns are exposed (those
 * whose names are GraphQL names), each table's key, and its relationships
 * derived from declared foreign keys with the naming rules of docs/graphql.md:
 * the object field is the FK column without `_id` (tracks.album); a column
 * without the suffix gives `<column>_<referenced table, singular>`
 * (employees.reports_to_employee); the array field is the referencing table's
 * name (albums.tracks), or `<table>_by_<columns>` for a self reference or
 * when one table references another through several keys
 * (employees.employees_by_reports_to). A name that clashes with a column or an
 * earlier field gets `_rel`.
 */
import type { DataType } from '../../types/data-type.js';
import type { ForeignKeyInfo } from '../../types/foreign-key.js';
import type { Schema } from '../../types/schema.js';

/** What the model needs of one table. */
export interface GraphqlTableSource {
  readonly name: string;
  readonly schema: Schema;
  readonly primaryKey: readonly string[];
  readonly foreignKeys?: readonly ForeignKeyInfo[];
}

export interface GqlColumn {
  readonly name: string;
  /** Position in the table schema. */
  readonly index: number;
  readonly type: DataType;
  readonly nullable: boolean;
}

export interface GqlRelationship {
  readonly kind: 'object' | 'array';
  readonly name: string;
  /** The related table. */
  readonly target: string;
  /** Column pairs: `local` in this table, `remote` in the target (schema positions). */
  readonly pairs: readonly { readonly local: number; readonly remote: number }[];
}

export interface GqlTable {
  readonly name: string;
  readonly schema: Schema;
  readonly columns: readonly GqlColumn[];
  readonly columnByName: ReadonlyMap<string, GqlColumn>;
  /** Primary key positions (empty: hidden row id, no _by_pk fields). */
  readonly key: readonly number[];
  readonly relationships: ReadonlyMap<string, GqlRelationship>;
}

export interface GqlModel {
  readonly tables: ReadonlyMap<string, GqlTable>;
}

const NAME_RE = /^[_A-Za-z][_0-9A-Za-z]*$/;
/** Types the GraphQL schema can carry (intervals are never stored). */
const EXPOSED_TYPES: ReadonlySet<DataType> = new Set(['bool', 'int64', 'float64', 'utf8', 'binary', 'date', 'timestamp']);

/** Whether `name` can be a GraphQL field or type name of ours. */
export function isGraphqlName(name: string): boolean {
  return NAME_RE.test(name) && !name.startsWith('__');
}

function singular(table: string): string {
  return table.endsWith('s') && !table.endsWith('ss') ? table.slice(0, -1) : table;
}

export function buildModel(sources: readonly GraphqlTableSource[]): GqlModel {
  const exposed = sources.filter((s) => isGraphqlName(s.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const bases = new Map<string, { src: GraphqlTableSource; columns: GqlColumn[]; key: number[] }>();
  for (const src of exposed) {
    const columns: GqlColumn[] = [];
    src.schema.fields.forEach((f, index) => {
      if (isGraphqlName(f.name) && EXPOSED_TYPES.has(f.type)) columns.push({ name: f.name, index, type: f.type, nullable: f.nullable });
    });
    const key = src.primaryKey.map((k) => src.schema.fields.findIndex((f) => f.name === k));
    bases.set(src.name, { src, columns, key: key.includes(-1) ? [] : key });
  }
  const rels = new Map<string, Map<string, GqlRelationship>>();
  const used = new Map<string, Set<string>>();
  for (const [name, b] of bases) {
    rels.set(name, new Map());
    used.set(name, new Set(b.columns.map((c) => c.name)));
  }
  const claim = (table: string, wanted: string): string => {
    const taken = used.get(table) as Set<string>;
    let name = wanted;
    while (taken.has(name) || taken.has(`${name}_aggregate`)) name += '_rel';
    taken.add(name);
    return name;
  };
  // Foreign keys in a stable order: by referencing table, then FK name.
  const fks: { from: string; fk: ForeignKeyInfo }[] = [];
  for (const [name, b] of bases) for (const fk of [...(b.src.foreignKeys ?? [])].sort((x, y) => (x.name < y.name ? -1 : 1))) fks.push({ from: name, fk });
  const countTo = new Map<string, number>();
  for (const { from, fk } of fks) countTo.set(`${from}\u0000${fk.references.table}`, (countTo.get(`${from}\u0000${fk.references.table}`) ?? 0) + 1);
  for (const { from, fk } of fks) {
    const a = bases.get(from);
    const b = bases.get(fk.references.table);
    if (a === undefined || b === undefined || fk.columns.length === 0 || fk.columns.length !== fk.references.columns.length) continue;
    const local = fk.columns.map((c) => a.src.schema.fields.findIndex((f) => f.name === c));
    const remote = fk.references.columns.map((c) => b.src.schema.fields.findIndex((f) => f.name === c));
    if (local.includes(-1) || remote.includes(-1)) continue;
    const first = fk.columns[0] as string;
    const objectWanted =
      fk.columns.length === 1 && first.endsWith('_id') && first.length > 3 ? first.slice(0, -3) : `${fk.columns.join('_')}_${singular(fk.references.table)}`;
    const objectName = claim(from, objectWanted);
    (rels.get(from) as Map<string, GqlRelationship>).set(objectName, {
      kind: 'object',
      name: objectName,
      target: fk.references.table,
      pairs: local.map((l, i) => ({ local: l, remote: remote[i] as number })),
    });
    const several = from === fk.references.table || (countTo.get(`${from}\u0000${fk.references.table}`) ?? 0) > 1;
    const arrayName = claim(fk.references.table, several ? `${from}_by_${fk.columns.join('_')}` : from);
    (rels.get(fk.references.table) as Map<string, GqlRelationship>).set(arrayName, {
      kind: 'array',
      name: arrayName,
      target: from,
      pairs: remote.map((r, i) => ({ local: r, remote: local[i] as number })),
    });
  }
  const tables = new Map<string, GqlTable>();
  for (const [name, b] of bases) {
    tables.set(name, {
      name,
      schema: b.src.schema,
      columns: b.columns,
      columnByName: new Map(b.columns.map((c) => [c.name, c])),
      key: b.key,
      relationships: rels.get(name) as Map<string, GqlRelationship>,
    });
  }
  return { tables };
}
