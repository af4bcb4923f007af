/**
 * The value types of Pyralog's logical IR and how each maps onto Arrow.
 *
 * | DataType    | Arrow type                  | JS scalar (literals, rows())        |
 * |-------------|-----------------------------|-------------------------------------|
 * | 'null'      | Null                        | null                                |
 * | 'bool'      | Bool                        | boolean                             |
 * | 'int64'     | Int64 (BigInt64Array)       | bigint (exact, never through double)|
 * | 'float64'   | Float64                     | number                              |
 * | 'utf8'      | Utf8                        | string                              |
 * | 'binary'    | Binary                      | Uint8Array                          |
 * | 'date'      | DateDay (int32 days)        | number (days since 1970-01-01)      |
 * | 'timestamp' | Timestamp(ns), no zone      | bigint (ns since 1970-01-01T00:00Z) |
 * | 'interval'  | Int64 nanoseconds + months* | Interval (see below)                |
 *
 * A timestamp field may carry `metadata['pyralog.tsformat']`: the text pattern it
 * was imported from (e.g. `YYYY-MM-DDTHH:mm:ss.fffffffff`), so that results print
 * exactly as imported.
 */
export type DataType =
  | 'null'
  | 'bool'
  | 'int64'
  | 'float64'
  | 'utf8'
  | 'binary'
  | 'date'
  | 'timestamp'
  | 'interval';

export const DATA_TYPES: readonly DataType[] = [
  'null',
  'bool',
  'int64',
  'float64',
  'utf8',
  'binary',
  'date',
  'timestamp',
  'interval',
];

/** A calendar interval: months (for month/year arithmetic) plus exact nanoseconds. */
export interface Interval {
  readonly months: number;
  readonly nanos: bigint;
}

/** A JS value of one IR type (see the table above). */
export type Scalar = null | boolean | bigint | number | string | Uint8Array | Interval;

export function isNumeric(t: DataType): boolean {
  return t === 'int64' || t === 'float64';
}

export function isTemporal(t: DataType): boolean {
  return t === 'date' || t === 'timestamp';
}
