/** How results look: aligned tables with wide cells cut to `…` and numbers right-aligned, EDN values, :tables and :schema. */
import { describe, expect, it } from 'vitest';
import { PyralogError } from '../../errors/pyralog-error.js';
import type { Schema } from '../../types/schema.js';
import { relationTable, renderError, renderOutcome, renderSchema, truncateDisplay } from '../result-view.js';

const schema: Schema = {
  fields: [
    { name: 'id', type: 'int64', nullable: false },
    { name: 'name', type: 'utf8', nullable: true },
    { name: 'price', type: 'float64', nullable: true },
  ],
};

describe('result view', () => {
  it('cuts cells wider than the cap, by display width, and keeps numbers right-aligned', () => {
    expect(truncateDisplay('abcdefghij', 5)).toBe('abcd…');
    expect(truncateDisplay('abcde', 5)).toBe('abcde');
    expect(truncateDisplay('日本語テキスト', 6)).toBe('日本…'); // 2 columns each: 4 + the ellipsis
    const text = relationTable(schema, [[1n, 'a rather long name indeed', 9.5], [22n, null, null]], { maxCellWidth: 10 });
    expect(text.split('\n')).toEqual([
      '+----+------------+-------+',
      '| id | name       | price |',
      '+----+------------+-------+',
      '|  1 | a rather … |   9.5 |',
      '| 22 | NULL       |  NULL |',
      '+----+------------+-------+',
      '(2 rows)',
    ]);
  });

  it('shows at most maxRows rows and says how many were left out; escapes control characters', () => {
    const rows = Array.from({ length: 5 }, (_, i) => [BigInt(i), `x\ny${i}`, 0.5]);
    const text = relationTable(schema, rows, { maxRows: 2 });
    expect(text).toContain('| x\\ny0 |');
    expect(text).not.toContain('y2');
    expect(text.split('\n').at(-1)).toBe('(5 rows, 3 not shown)');
  });

  it('prints values as EDN', () => {
    expect(renderOutcome({ kind: 'value', edn: '{:a 1}' })).toBe('{:a 1}');
  });

  it('describes a table: columns, types, nullability, key position', () => {
    const text = renderSchema({ name: 'items', schema, primaryKey: ['id'] });
    expect(text.split('\n').slice(0, 6)).toEqual([
      'items',
      '+--------+---------+----------+-----+',
      '| column | type    | nullable | key |',
      '+--------+---------+----------+-----+',
      '| id     | int64   | no       | 1   |',
      '| name   | utf8    | yes      |     |',
    ]);
  });

  it('renders a PyralogError with its caret, anything else as an internal error', () => {
    const e = new PyralogError('PRQL_PARSE_ERROR', 'unexpected )', { phase: 'parse', spans: [{ line: 1, column: 6 }], sourceText: 'from )' });
    expect(renderError(e)).toBe('error[PRQL_PARSE_ERROR]: unexpected )\n  --> <query>:1:6\n  |\n1 | from )\n  |      ^');
    expect(renderError(new TypeError('boom'))).toMatch(/^internal error: TypeError: boom/);
  });
});
