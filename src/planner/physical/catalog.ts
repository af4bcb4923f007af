/** What physical planning needs to know about stored tables: their definitions and statistics. */
import type { TableInfo, TableStats } from '../../storage/api.js';

export interface PhysicalCatalog {
  stats(table: string): TableStats;
  table(name: string): TableInfo;
}
