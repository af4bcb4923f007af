/** A fixed catalog of tables with statistics for physical-planning tests. */
import type { Scalar } from '../../../types/data-type.js';
import type { Schema } from '../../../types/schema.js';
import type { TableInfo, TableStats } from '../../../storage/api.js';
import type { PhysicalCatalog } from '../catalog.js';

export interface FixtureTable {
  readonly schema: Schema;
  readonly primaryKey: readonly string[];
  readonly rowCount: number;
  readonly columns?: TableStats['columns'];
}

export function fixtureCatalog(tables: Readonly<Record<string, FixtureTable>>): PhysicalCatalog {
  const get = (name: string): FixtureTable => {
    const t = tables[name];
    if (t === undefined) throw new Error(`no table ${name}`);
    return t;
  };
  return {
    table(name: string): TableInfo {
      const t = get(name);
      return { name, id: 1, version: 1, fields: t.schema.fields, primaryKey: t.primaryKey, foreignKeys: [], schema: t.schema };
    },
    stats(name: string): TableStats {
      const t = get(name);
      return { rowCount: t.rowCount, segmentCount: 1, memtableRows: 0, columns: t.columns ?? {} };
    },
  };
}

export const col = (min: Scalar, max: Scalar, distinctEstimate?: number, nullCount = 0) => ({
  min,
  max,
  nullCount,
  ...(distinctEstimate !== undefined ? { distinctEstimate } : {}),
});
