/**
 * How stored column types map onto Arrow types, and the Arrow schema of a
 * set of fields. Storage keeps every type of data-type.ts except 'null' and
 * 'interval' (which have no stored representation yet).
 */
import {
  Binary,
  Bool,
  DateDay,
  Field as ArrowField,
  Float64,
  Int64,
  Schema as ArrowSchema,
  TimestampNanosecond,
  Utf8,
  type DataType as ArrowDataType,
} from 'apache-arrow';
import type { DataType } from '../../types/data-type.js';
import { assertNever } from '../../errors/pyralog-error.js';

export type StoredType = Exclude<DataType, 'null' | 'interval'>;

export const STORED_TYPES: readonly StoredType[] = ['bool', 'int64', 'float64', 'utf8', 'binary', 'date', 'timestamp'];

export function isStoredType(t: string): t is StoredType {
  return (STORED_TYPES as readonly string[]).includes(t);
}

export function arrowTypeOf(t: StoredType): ArrowDataType {
  switch (t) {
    case 'bool':
      return new Bool();
    case 'int64':
      return new Int64();
    case 'float64':
      return new Float64();
    case 'utf8':
      return new Utf8();
    case 'binary':
      return new Binary();
    case 'date':
      return new DateDay();
    case 'timestamp':
      return new TimestampNanosecond();
    default:
      return assertNever(t, 'stored type');
  }
}

export interface NamedType {
  readonly name: string;
  readonly type: StoredType;
  readonly nullable: boolean;
  readonly metadata?: Readonly<Record<string, string>>;
}

export function arrowSchemaOf(fields: readonly NamedType[]): ArrowSchema {
  return new ArrowSchema(
    fields.map((f) => new ArrowField(f.name, arrowTypeOf(f.type), f.nullable, f.metadata ? new Map(Object.entries(f.metadata)) : null)),
  );
}
