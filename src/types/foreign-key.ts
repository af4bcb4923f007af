/**
 * A declared foreign key: the public shape every layer shares (the catalog
 * stores it, the embedded API lists it, front ends such as GraphQL derive
 * relationships from it). Columns are named in the referencing table's
 * current schema; the referenced columns are the referenced table's
 * primary key, in key order.
 */
export interface ForeignKeyInfo {
  /** Unique within the referencing table; default `<table>_<columns joined by _>_fkey`. */
  readonly name: string;
  /** Referencing columns, in the order that pairs them with `references.columns`. */
  readonly columns: readonly string[];
  readonly references: { readonly table: string; readonly columns: readonly string[] };
  /** True when writes to the referencing table are checked against the referenced key. */
  readonly enforced: boolean;
}

/**
 * What a caller declares (db.addForeignKey, a create-table statement, the
 * CLI): `name` defaults as above, `enforced` to false. The referenced columns
 * must be exactly the referenced table's primary key; listed in another order
 * they are normalised to key order (each referencing column keeps its
 * partner).
 */
export interface ForeignKeySpec {
  readonly columns: readonly string[];
  readonly references: { readonly table: string; readonly columns: readonly string[] };
  readonly name?: string;
  readonly enforced?: boolean;
}

/** A foreign key together with the table that declares it (the referencing table). */
export interface TableForeignKey extends ForeignKeyInfo {
  readonly table: string;
}
