/**
 * Comparing schemas, the objects of the IR's category: two schemas are the
 * same object when arity and field types line up position by position; a
 * value of schema `a` may flow where `b` is expected when, in addition, no
 * nullable field of `a` meets a non-nullable field of `b`.
 */
import type { Field, Schema } from '../../types/schema.js';

/** Same arity and the same type at every position (names, nullability ignored). */
export function sameShape(a: Schema, b: Schema): boolean {
  return a.fields.length === b.fields.length && a.fields.every((f, i) => f.type === b.fields[i]?.type);
}

/** Same shape and the same nullability at every position. */
export function sameTypes(a: Schema, b: Schema): boolean {
  return sameShape(a, b) && a.fields.every((f, i) => f.nullable === b.fields[i]?.nullable);
}

/** Whether rows of `actual` can be used where `expected` is required. */
export function fitsSchema(actual: Schema, expected: Schema): boolean {
  return sameShape(actual, expected) && actual.fields.every((f, i) => !f.nullable || expected.fields[i]?.nullable === true);
}

/** `name: type?` list, for error messages. */
export function describeSchema(s: Schema): string {
  return `(${s.fields.map((f) => `${f.name}: ${f.type}${f.nullable ? '?' : ''}`).join(', ')})`;
}

/** A field with an optional qualifier, leaving unset options out of the object. */
export function makeField(name: string, type: Field['type'], nullable: boolean, qualifier?: string, metadata?: Field['metadata']): Field {
  return {
    name,
    type,
    nullable,
    ...(qualifier !== undefined ? { qualifier } : {}),
    ...(metadata !== undefined ? { metadata } : {}),
  };
}

/** The schema `fields` with `key` when one is given. */
export function makeSchema(fields: readonly Field[], key?: readonly number[]): Schema {
  return key === undefined ? { fields } : { fields, key };
}
