import { describe, expect, it } from 'vitest';
import { col, gt, lit, named } from '../../ir/expr-builders.js';
import { Filter, Limit, Project, Scan } from '../../ir/index.js';
import type { ScanRel } from '../../ir/rel.js';
import type { Schema } from '../../../types/schema.js';
import { toPhysical } from '../to-physical.js';
import { fixtureCatalog } from './catalog-fixture.js';

const schema: Schema = { fields: [{ name: 'id', type: 'int64', nullable: false }, { name: 'x', type: 'float64', nullable: true }] };
const catalog = fixtureCatalog({ t: { schema, primaryKey: ['id'], rowCount: 1000 } });

describe('row limits passed to scans', () => {
  it('a limit over a scan, or over projections of it, bounds the scan by offset + limit', () => {
    const scan: ScanRel = Scan.create('t', schema);
    expect(toPhysical(Limit.create(scan, 2, 5), catalog).scanRowLimits?.get(scan)).toBe(7);
    const scan2: ScanRel = Scan.create('t', schema);
    const viaProject = Limit.create(Project.create(scan2, [named(col(1), 'x')]), 0, 3);
    expect(toPhysical(viaProject, catalog).scanRowLimits?.get(scan2)).toBe(3);
  });

  it('no bound through a filter (it may drop rows) or for an offset-only limit', () => {
    const scan: ScanRel = Scan.create('t', schema);
    expect(toPhysical(Limit.create(Filter.create(scan, gt(col(1), lit(0.5))), 0, 3), catalog).scanRowLimits?.get(scan)).toBeUndefined();
    const scan2: ScanRel = Scan.create('t', schema);
    expect(toPhysical(Limit.create(scan2, 10, null), catalog).scanRowLimits?.get(scan2)).toBeUndefined();
  });
});
