import { describe, expect, it } from 'vitest';
import { col, named } from '../../ir/expr-builders.js';
import { Project } from '../../ir/index.js';
import { removeIdentityProject } from '../remove-identity-project.js';
import { invoices } from './support/fixtures.js';
import { tableArb } from './support/arbitraries.js';
import { checkRule } from './support/property.js';

describe('remove-identity-project', () => {
  it('removes a projection that passes every column through', () => {
    const scan = invoices();
    expect(removeIdentityProject.apply(Project.columns(scan, [0, 1, 2, 3]))).toBe(scan);
  });

  it('keeps renaming or reordering projections', () => {
    expect(removeIdentityProject.apply(Project.columns(invoices(), [1, 0, 2, 3]))).toBeNull();
    const renamed = Project.create(invoices(), [named(col(0), 'id'), named(col(1), 'customer_id'), named(col(2), 'total'), named(col(3), 'billing_city')]);
    expect(removeIdentityProject.apply(renamed)).toBeNull();
  });

  it('property: removing an identity projection keeps the rows and their order', () => {
    const plans = tableArb('c').map((t) => Project.columns(t, t.schema.fields.map((_, i) => i)));
    checkRule(removeIdentityProject, plans, { ordered: true });
  });
});
