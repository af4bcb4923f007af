/** Table schemas shared by the rule snapshot tests. */
import type { Schema } from '../../../../types/schema.js';
import { Scan } from '../../../ir/nodes/scan.js';
import type { ScanRel } from '../../../ir/rel.js';

export const invoicesSchema: Schema = {
  fields: [
    { name: 'invoice_id', type: 'int64', nullable: false },
    { name: 'customer_id', type: 'int64', nullable: false },
    { name: 'total', type: 'float64', nullable: true },
    { name: 'billing_city', type: 'utf8', nullable: true },
  ],
  key: [0],
};

export const customersSchema: Schema = {
  fields: [
    { name: 'customer_id', type: 'int64', nullable: false },
    { name: 'name', type: 'utf8', nullable: false },
    { name: 'country', type: 'utf8', nullable: true },
  ],
  key: [0],
};

export const invoices = (): ScanRel => Scan.create('invoices', invoicesSchema);
export const customers = (): ScanRel => Scan.create('customers', customersSchema);
