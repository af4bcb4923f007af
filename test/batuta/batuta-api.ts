/**
 * How the Batuta tests drive the implementation, in one place: a fresh
 * session per program (`openBatutaSession(db)` from
 * src/engine/batuta-session.ts, whose `evaluate(text)` runs the forms in
 * order and returns the last value, a relation or any other value), and the
 * result rows as comparable values (timestamps printed as imported, as the
 * SQLite side stores them).
 */
import type { Database, QueryResult } from '../../src/index.js';
import { openBatutaSession, type BatutaOutcome, type BatutaSessionOptions } from '../../src/engine/batuta-session.js';
import type { Params } from '../../src/engine/params.js';
import { formatTimestamp } from '../../src/types/timestamp-format.js';
import type { QueryResult as Rows } from '../prql/sqlite-runner.js';

export type { BatutaOutcome };

/** Evaluates `text` in a fresh session on `db` and closes the session. */
export async function evaluate(db: Database, text: string, params?: Params, options: BatutaSessionOptions = {}): Promise<BatutaOutcome> {
  const session = openBatutaSession(db, options);
  try {
    return await session.evaluate(text, params === undefined ? {} : { params });
  } finally {
    session.close();
  }
}

/** Column names and rows of a result, timestamps printed as imported. */
export function resultRows(result: QueryResult): Rows {
  const fields = result.schema.fields;
  const rows = result.arrays().map((row) =>
    row.map((v, i) => {
      const f = fields[i];
      return f?.type === 'timestamp' && typeof v === 'bigint' ? formatTimestamp(v, f.metadata?.['pyralog.tsformat']) : v;
    }),
  );
  return { columns: fields.map((f) => f.name), rows };
}
