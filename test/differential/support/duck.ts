/**
 * The DuckDB side of the differential tests: one in-memory DuckDB (one
 * thread), tables loaded from the same rows as Pyralog's, SQL run to arrays
 * of JS values (or the error message), and the SQL macro `cmp_if(i, f)` that
 * compares a BIGINT with a DOUBLE exactly — DuckDB itself compares them as
 * DOUBLE (so `9007199254740993 = 9007199254740992.0` is true there), which
 * Pyralog does not on purpose (docs/ir.md, "The value order").
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Scalar } from '../../../src/types/data-type.js';
import type { ColumnSpec } from './data.js';

export interface DuckResult {
  readonly rows?: Scalar[][];
  readonly error?: string;
}

/** -1, 0 or 1 (NULL if either is NULL): BIGINT i against DOUBLE f by their exact values; NaN is above every number. */
const CMP_IF = `CREATE MACRO cmp_if(i, f) AS CASE
  WHEN i IS NULL OR f IS NULL THEN NULL
  WHEN isnan(f) OR f = 'inf'::DOUBLE THEN -1
  WHEN f = '-inf'::DOUBLE THEN 1
  WHEN f >= 1e19 THEN -1
  WHEN f <= -1e19 THEN 1
  WHEN i::HUGEINT < floor(f)::HUGEINT THEN -1
  WHEN i::HUGEINT > floor(f)::HUGEINT THEN 1
  WHEN f > floor(f) THEN -1
  ELSE 0 END`;

export async function openDuck(): Promise<DuckDBConnection> {
  const duck = await DuckDBInstance.create(':memory:', { threads: '1' });
  const c = await duck.connect();
  await c.run(CMP_IF);
  return c;
}

function sqlLiteral(type: ColumnSpec['type'], v: Scalar): string {
  if (v === null) return 'NULL';
  switch (type) {
    case 'int64':
      return `CAST('${v}' AS BIGINT)`;
    case 'float64': {
      const f = v as number;
      const text = Number.isNaN(f) ? 'NaN' : f === Infinity ? 'Infinity' : f === -Infinity ? '-Infinity' : Object.is(f, -0) ? '-0.0' : String(f);
      return `CAST('${text}' AS DOUBLE)`;
    }
    case 'utf8':
      return `'${(v as string).replace(/'/g, "''")}'`;
    case 'bool':
      return v ? 'TRUE' : 'FALSE';
  }
}

const SQL_TYPE: Record<ColumnSpec['type'], string> = { int64: 'BIGINT', float64: 'DOUBLE', utf8: 'VARCHAR', bool: 'BOOLEAN' };

/** (Re)creates `name` in DuckDB holding `rows`. */
export async function loadDuck(c: DuckDBConnection, name: string, columns: readonly ColumnSpec[], rows: readonly (readonly Scalar[])[]): Promise<void> {
  await c.run(`DROP TABLE IF EXISTS ${name}`);
  await c.run(`CREATE TABLE ${name} (${columns.map((col) => `${col.name} ${SQL_TYPE[col.type]}`).join(', ')})`);
  if (rows.length === 0) return;
  const values = rows.map((r) => `(${r.map((v, j) => sqlLiteral(columns[j]!.type, v)).join(', ')})`).join(',\n');
  await c.run(`INSERT INTO ${name} VALUES ${values}`);
}

export async function runDuck(c: DuckDBConnection, sql: string): Promise<DuckResult> {
  try {
    const r = await c.runAndReadAll(sql);
    return { rows: r.getRows() as Scalar[][] };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}
