/** Shared test schemas for the IR tests. */
import type { Schema } from '../../../types/schema.js';

export const invoices: Schema = {
  fields: [
    { name: 'invoice_id', type: 'int64', nullable: false },
    { name: 'customer_id', type: 'int64', nullable: false },
    { name: 'total', type: 'float64', nullable: true },
    { name: 'billing_city', type: 'utf8', nullable: true },
    { name: 'invoice_date', type: 'timestamp', nullable: false },
  ],
  key: [0],
};

export const customers: Schema = {
  fields: [
    { name: 'customer_id', type: 'int64', nullable: false },
    { name: 'name', type: 'utf8', nullable: false },
    { name: 'country', type: 'utf8', nullable: true },
  ],
  key: [0],
};
